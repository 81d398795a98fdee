"""Small builders for tests (and the access walk's commune-B objects)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile

from nongthonmoi.places.models import AdminUnit

from ..models import Evidence, ImportJob, Recognition, Round, RoundUnit
from ..services import do_open_round

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
SET_2026 = "xa-ntm-2026-2030"
OVERLAY = "cao-bang-2026.yaml"


def open_round(
    approver: Any,
    province: AdminUnit,
    units: list[AdminUnit] | None = None,
    *,
    set_code: str = SET_2026,
    year: int = 2026,
    due_in_days: int = 30,
    overlay: str = OVERLAY,
) -> Round:
    today = dt.date.today()
    return do_open_round(
        approver,
        province,
        set_code,
        year,
        today - dt.timedelta(days=1),
        today + dt.timedelta(days=due_in_days),
        illustrative_overlay=overlay,
        unit_codes=[u.code for u in units] if units is not None else None,
    )


def round_unit(round_: Round, unit: AdminUnit) -> RoundUnit:
    return RoundUnit.objects.select_related("round", "round__province", "unit").get(
        round=round_, unit=unit
    )


def pdf(name: str = "bien-ban.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def access_walk_objects(commune_b: AdminUnit, officer_b: Any) -> SimpleNamespace:
    """A round in which only commune B reports, with evidence and an import job of B's."""
    from nongthonmoi.accounts.models import User

    approver = User.objects.get(username="tinh.caobang")
    round_ = open_round(approver, commune_b.province, [commune_b])  # type: ignore[arg-type]
    ru = round_unit(round_, commune_b)
    evidence = Evidence(
        round_unit=ru,
        indicator_code="3.a",
        original_name="x.pdf",
        kind="pdf",
        size=len(PDF),
        sha256="0" * 64,
        uploaded_by=officer_b,
    )
    evidence.file.save("x.pdf", ContentFile(PDF))
    job = ImportJob.objects.create(
        round=round_,
        scope_unit=commune_b,
        file="imports/x.xlsx",
        original_name="x.xlsx",
        uploaded_by=officer_b,
        status="failed",
    )
    recognition = Recognition.objects.create(
        unit=commune_b,
        set_code=round_.set_code,
        tier="standard",
        year=round_.year,
        decision_number="1/QĐ-UBND",
        decision_date=dt.date(2026, 12, 1),
        signer="Chủ tịch UBND tỉnh",
        override_reason="mẫu kiểm thử",
        recorded_by=approver,
    )
    recognition.decision_file.save("qd.pdf", ContentFile(PDF))
    return SimpleNamespace(
        round=round_, round_unit=ru, evidence=evidence, job=job, recognition=recognition
    )
