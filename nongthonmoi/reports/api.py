"""Read-only API: the reports a user may see, with their status and latest files."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from ninja import Query, Router, Schema

from .models import GenerationStatus
from .permissions import visible_reports

router = Router(tags=["reports"])


class ReportOut(Schema):
    id: int
    definition: str
    period_kind: str
    year: int
    half: int
    province_code: str | None
    status: str
    xlsx_url: str | None
    pdf_url: str | None
    snapshot_at: str | None


@router.get("/", response=list[ReportOut])
def list_reports(
    request: HttpRequest, year: int | None = Query(None, ge=1990, le=2100)
) -> list[ReportOut]:
    reports = visible_reports(request.user).order_by("-year", "province__code", "pk")
    if year is not None:
        reports = reports.filter(year=year)
    result = []
    for report in reports[:500]:
        done = report.generations.filter(status=GenerationStatus.DONE).order_by("-pk").first()
        result.append(
            ReportOut(
                id=report.pk,
                definition=report.definition_code,
                period_kind=report.period_kind,
                year=report.year,
                half=report.half,
                province_code=report.province.code if report.province else None,
                status=report.status,
                xlsx_url=reverse("reports:download", args=[done.pk, "xlsx"]) if done else None,
                pdf_url=reverse("reports:download", args=[done.pk, "pdf"]) if done else None,
                snapshot_at=done.snapshot_at.isoformat() if done and done.snapshot_at else None,
            )
        )
    return result
