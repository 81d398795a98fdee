"""Objects for the shared access walk: a Cao Bằng report with a finished generation."""

from __future__ import annotations

from typing import Any

from django.core.files.base import ContentFile

from nongthonmoi.reports.models import Generation, GenerationStatus, Report


def access_walk_report(units: Any, personas: Any) -> Report:
    """Commune B's province's six-month report, with small files so downloads answer 200."""
    report = Report.objects.create(
        definition_code="bao-cao-6-thang",
        period_kind="half_year",
        year=2026,
        half=1,
        province=units.commune_b.province,
        created_by=personas.approver,
    )
    generation = Generation(
        report=report,
        status=GenerationStatus.DONE,
        progress=100,
        requested_by=personas.approver,
        snapshot={"sections": []},
    )
    generation.xlsx.save("walk.xlsx", ContentFile(b"PK walk"), save=False)
    generation.pdf.save("walk.pdf", ContentFile(b"%PDF-1.7 walk"), save=False)
    generation.save()
    return report
