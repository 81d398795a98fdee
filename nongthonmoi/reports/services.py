"""Every write of the reports module: permission, validation, one transaction, an audit record."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils import timezone

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import can, is_national
from nongthonmoi.core import audit
from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.places.models import AdminUnit, Level, Structure

from .definitions import DefinitionError, get_definition
from .models import Generation, GenerationStatus, Report, Status
from .permissions import can_approve, can_prepare

# (from, to) → audit action; "return" goes back to draft with a reason.
TRANSITIONS: dict[tuple[str, str], str] = {
    (Status.DRAFT, Status.REVIEWED): "reports.review",
    (Status.REVIEWED, Status.SIGNED_OFF): "reports.sign_off",
    (Status.SIGNED_OFF, Status.SENT): "reports.send",
    (Status.REVIEWED, Status.DRAFT): "reports.return",
    (Status.SIGNED_OFF, Status.DRAFT): "reports.return",
}
MIN_YEAR, MAX_YEAR = 2021, 2100
# A generation still queued or running after this long is taken as lost (a worker died): a new
# one may be requested instead of the report staying blocked.
STALE_AFTER = dt.timedelta(minutes=30)


def _state(report: Report) -> dict[str, Any]:
    return {"status": report.status, "texts": report.texts}


def do_create_report(
    actor: Any, definition_code: str, year: int, half: int | None, province: AdminUnit | None
) -> Report:
    problems: list[str] = []
    try:
        definition = get_definition(definition_code)
    except DefinitionError:
        raise ValidationFailed([f"Không có mẫu báo cáo «{definition_code}»."]) from None
    if definition.period_kind == "half_year" and half not in {1, 2}:
        problems.append("Báo cáo 6 tháng cần chọn 6 tháng đầu năm hoặc 6 tháng cuối năm.")
    if definition.period_kind != "half_year":
        half = 0
    if definition.period_kind == "phase":
        year = 2025
    if not MIN_YEAR <= year <= MAX_YEAR:
        problems.append(f"Năm báo cáo phải từ {MIN_YEAR} đến {MAX_YEAR}.")
    if province is not None and (
        province.level != Level.PROVINCE or province.structure != Structure.NEW
    ):
        problems.append("Báo cáo được lập cho một tỉnh, thành phố (bản đồ 2025) hoặc toàn quốc.")
    if problems:
        raise ValidationFailed(problems)
    allowed = (
        is_national(actor, Capability.VIEW)
        if province is None
        else can(actor, Capability.MANAGE, province)
    )
    if not allowed:
        raise PermissionDeniedError("reports.create")
    with transaction.atomic():
        existing = Report.objects.filter(
            definition_code=definition_code, year=year, half=half or 0, province=province
        ).first()
        if existing is not None:
            raise ValidationFailed(["Báo cáo của kỳ này đã được lập."])
        report = Report.objects.create(
            definition_code=definition_code,
            period_kind=definition.period_kind,
            year=year,
            half=half or 0,
            province=province,
            created_by=actor,
        )
        audit.record(actor, "reports.create", report, unit=province, after=_state(report))
    return report


def do_save_texts(actor: Any, report: Report, texts: dict[str, str]) -> Report:
    if not can_prepare(actor, report):
        raise PermissionDeniedError("reports.edit")
    if report.status != Status.DRAFT:
        raise ValidationFailed(["Chỉ sửa được nội dung khi báo cáo còn là dự thảo."])
    keys = {s.key for s in get_definition(report.definition_code).texts}
    unknown = sorted(set(texts) - keys)
    if unknown:
        raise ValidationFailed([f"Mục không có trong mẫu báo cáo: {', '.join(unknown)}"])
    too_long = [k for k, v in texts.items() if len(v) > 20_000]
    if too_long:
        raise ValidationFailed([f"Mục {k}: tối đa 20.000 ký tự." for k in too_long])
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        before = _state(report)
        report.texts = {**report.texts, **{k: v.strip() for k, v in texts.items()}}
        report.save(update_fields=["texts", "updated_at"])
        audit.record(
            actor, "reports.edit", report, unit=report.province, before=before, after=_state(report)
        )
    return report


def do_transition(actor: Any, report: Report, target: str, reason: str = "") -> Report:
    action = TRANSITIONS.get((report.status, target))
    if action is None:
        raise ValidationFailed(
            [f"Không chuyển được báo cáo từ «{report.get_status_display()}» sang «{target}»."]
        )
    if not can_approve(actor, report):
        raise PermissionDeniedError(action)
    if action == "reports.return" and not reason.strip():
        raise ValidationFailed(["Trả lại báo cáo cần ghi rõ lý do."])
    latest = latest_done(report)
    if target in {Status.REVIEWED, Status.SIGNED_OFF} and latest is None:
        raise ValidationFailed(["Cần tạo tệp báo cáo (Excel, PDF) trước khi rà soát, ký duyệt."])
    with transaction.atomic():
        report = Report.objects.select_for_update().get(pk=report.pk)
        before = _state(report)
        report.status = target
        report.status_changed_at = timezone.now()
        report.status_changed_by = actor
        fields = ["status", "status_changed_at", "status_changed_by", "updated_at"]
        if target == Status.SIGNED_OFF:
            report.signed_generation = latest
            fields.append("signed_generation")
        if target == Status.DRAFT:
            report.signed_generation = None
            fields.append("signed_generation")
        report.save(update_fields=fields)
        after = {**_state(report), "generation": latest.pk if latest else None}
        audit.record(
            actor,
            action,
            report,
            unit=report.province,
            before=before,
            after=after,
            reason=reason.strip(),
        )
    return report


def latest_done(report: Report) -> Generation | None:
    return report.generations.filter(status=GenerationStatus.DONE).order_by("-pk").first()


def do_request_generation(
    actor: Any, report: Report, from_snapshot: Generation | None = None
) -> Generation:
    """Queue a generation (a background task); from a snapshot, the numbers are the snapshot's."""
    if not can_prepare(actor, report):
        raise PermissionDeniedError("reports.generate")
    if from_snapshot is None and report.status not in {Status.DRAFT, Status.REVIEWED}:
        raise ValidationFailed(["Báo cáo đã ký duyệt: chỉ tạo lại được từ bản số liệu đã lưu."])
    if from_snapshot is not None and (
        from_snapshot.report_id != report.pk or from_snapshot.status != GenerationStatus.DONE
    ):
        raise ValidationFailed(["Bản số liệu không thuộc báo cáo này hoặc chưa hoàn thành."])
    if report.generations.filter(
        status__in=[GenerationStatus.QUEUED, GenerationStatus.RUNNING],
        requested_at__gte=timezone.now() - STALE_AFTER,
    ).exists():
        raise ValidationFailed(["Báo cáo đang được tạo, vui lòng chờ."])
    from .tasks import generate_report

    with transaction.atomic():
        generation = Generation.objects.create(
            report=report, requested_by=actor, from_snapshot=from_snapshot
        )
        audit.record(
            actor,
            "reports.generate",
            report,
            unit=report.province,
            after={
                "generation": generation.pk,
                "from_snapshot": from_snapshot.pk if from_snapshot else None,
            },
        )
    # Enqueued after commit so a database worker always finds the row.
    result = generate_report.enqueue(generation.pk)
    Generation.objects.filter(pk=generation.pk, task_id="").update(task_id=str(result.id))
    generation.refresh_from_db()
    return generation
