"""Excel in and out for a round: build the pre-filled template, import it back (all or nothing)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import can, filter_for
from nongthonmoi.core import audit
from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.criteria.models import IndicatorValue, ValueStatus
from nongthonmoi.criteria.values import parse_value
from nongthonmoi.places.models import AdminUnit, Level

from . import evaluation, services
from .filecheck import MB, FileRejected, check_xlsx_archive
from .models import (
    EDITABLE_STATUSES,
    ImportJob,
    ImportStatus,
    Round,
    RoundUnit,
    UnitStatus,
    ValueChange,
)
from .workbook import TemplateMeta, TemplateRow, read_workbook, write_workbook

INLINE_LIMIT = 512 * 1024  # smaller files are imported during the request; larger ones in a task
UPLOAD_LIMIT = 20 * MB


def _meta(round_: Round, scope_code: str) -> TemplateMeta:
    return TemplateMeta(round_.pk, round_.set_code, round_.year, round_.province.code, scope_code)


def export_rows(round_: Round, round_units: list[RoundUnit]) -> Iterator[TemplateRow]:
    resolved = evaluation.resolved_for(round_)
    infos = evaluation.indicators(resolved)
    units = [ru.unit for ru in round_units]
    stored: dict[tuple[int, str], tuple[str, str]] = {
        (u, c): (v, m)
        for u, c, v, m in IndicatorValue.objects.filter(
            unit__in=units, set_code=round_.set_code, year=round_.year
        ).values_list("unit_id", "indicator_code", "value", "comment")
    }
    cache: dict[tuple[Any, ...], dict[str, str]] = {}
    for unit in units:
        profile = evaluation.profile_for(unit)
        key = (profile.group, profile.region, profile.flags)
        if key not in cache:  # thresholds depend only on group/region/flags
            cache[key] = evaluation.thresholds_for(round_, unit)
        thresholds = cache[key]
        for info in infos:
            text, comment = stored.get((unit.pk, info.code), ("", ""))
            value = parse_value(text, info.kind, list(info.choices)) if text else None
            yield TemplateRow(
                unit.code, unit.name, info.code, thresholds[info.code], value, comment
            )


def write_export(
    round_: Round, round_units: list[RoundUnit], scope_code: str, target: IO[bytes] | Path
) -> int:
    resolved = evaluation.resolved_for(round_)
    specs = {i.code: i.spec() for i in evaluation.indicators(resolved)}
    notes = (
        [evaluation.LABEL + " (ngưỡng có ghi “minh hoạ”)."]
        if evaluation.is_illustrative(resolved)
        else []
    )
    return write_workbook(
        target,
        _meta(round_, scope_code),
        specs,
        export_rows(round_, round_units),
        title=round_.title,
        notes=notes,
    )


# --- import -----------------------------------------------------------------------------------


def _may_import(user: Any, unit: AdminUnit) -> bool:
    # commune officers for their commune; the province office may upload for its communes
    return can(user, Capability.ENTER_DATA, unit) or can(user, Capability.APPROVE, unit)


def start_import(
    user: Any, round_: Round, upload: UploadedFile, scope_unit: AdminUnit
) -> ImportJob:
    """Check the upload's size and container, store it, import it now or in a task."""
    if not _may_import(user, scope_unit):
        raise PermissionDeniedError("import")
    size = upload.size or 0
    if size == 0:
        raise ValidationFailed(["Tệp rỗng (0 byte)."])
    if size > UPLOAD_LIMIT:
        raise ValidationFailed(
            [
                f"Tệp có dung lượng {size / MB:.1f} MB, vượt giới hạn {UPLOAD_LIMIT // MB} MB. "
                "Hãy chia theo tỉnh hoặc theo xã."
            ]
        )
    job = ImportJob(
        round=round_,
        scope_unit=scope_unit,
        original_name=(upload.name or "")[:200],
        uploaded_by=user,
    )
    job.file.save("upload.xlsx", upload, save=False)
    job.save()
    if size <= INLINE_LIMIT:
        run_import(job.pk)
        job.refresh_from_db()
    else:
        import_task.enqueue(job.pk)
    return job


@task()
def import_task(job_id: int) -> None:
    run_import(job_id)


def _fail(job: ImportJob, errors: list[str]) -> None:
    job.status = ImportStatus.FAILED
    job.errors = errors
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "errors", "finished_at"])


def run_import(job_id: int) -> None:
    job = ImportJob.objects.select_related("round__province", "uploaded_by", "scope_unit").get(
        pk=job_id
    )
    if job.status not in (ImportStatus.PENDING,):
        return
    job.status = ImportStatus.RUNNING
    job.save(update_fields=["status"])
    path = Path(job.file.path)
    try:
        check_xlsx_archive(path)
    except FileRejected as exc:
        _fail(job, [str(exc)])
        return
    round_ = job.round
    user = job.uploaded_by
    round_units = {
        ru.unit.code: ru for ru in RoundUnit.objects.filter(round=round_).select_related("unit")
    }
    allowed = set(
        filter_for(
            user, RoundUnit.objects.filter(round=round_), capability=Capability.ENTER_DATA
        ).values_list("unit__code", flat=True)
    ) | set(
        filter_for(
            user, RoundUnit.objects.filter(round=round_), capability=Capability.APPROVE
        ).values_list("unit__code", flat=True)
    )
    scope = job.scope_unit
    in_scope = {
        code
        for code, ru in round_units.items()
        if code in allowed and (scope.level == Level.PROVINCE or ru.unit_id == scope.pk)
    }
    specs = {i.code: i.spec() for i in evaluation.indicators(evaluation.resolved_for(round_))}

    def progress(done: int, total: int) -> None:
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, total_rows=total)

    parsed = read_workbook(
        path,
        _meta(round_, scope.code),
        specs,
        {code: code in in_scope for code in round_units},
        progress=progress,
    )
    if parsed.errors:
        _fail(job, parsed.errors)
        return
    try:
        changed = apply_rows(user, round_, round_units, parsed.rows, job)
    except ValidationFailed as exc:
        _fail(job, exc.problems)
        return
    job.status = ImportStatus.DONE
    job.changed_values = changed
    job.finished_at = timezone.now()
    job.processed_rows = job.total_rows = len(parsed.rows)
    job.save()


def apply_rows(
    user: Any, round_: Round, round_units: dict[str, RoundUnit], rows: list[Any], job: ImportJob
) -> int:
    """Write every changed value in one transaction; any refusal writes nothing."""
    unit_ids = {code: ru.unit_id for code, ru in round_units.items()}
    by_id = {ru.unit_id: ru for ru in round_units.values()}
    existing = {
        (v.unit_id, v.indicator_code): v
        for v in IndicatorValue.objects.filter(
            unit_id__in={unit_ids[r.unit_code] for r in rows},
            set_code=round_.set_code,
            year=round_.year,
        )
    }
    kinds = {i.code: i.kind for i in evaluation.indicators(evaluation.resolved_for(round_))}
    problems: list[str] = []
    creates: list[IndicatorValue] = []
    updates: list[tuple[IndicatorValue, str, str]] = []
    touched: set[str] = set()
    for row in rows:
        ru = round_units[row.unit_code]
        current = existing.get((ru.unit_id, row.indicator_code))
        if current is None:
            if not row.value and not row.comment:
                continue
        elif current.value == row.value and current.comment == row.comment:
            continue
        where = f"Trang 'Số liệu', dòng {row.row}"
        if current is not None and current.locked:
            problems.append(
                f"{where}: chỉ tiêu {row.indicator_code} của {row.unit_code} đã khoá (đã phê duyệt); không sửa được."
            )
            continue
        if ru.status not in EDITABLE_STATUSES and not (
            current and current.status == ValueStatus.RETURNED
        ):
            problems.append(
                f"{where}: báo cáo của {row.unit_code} đang “{ru.get_status_display()}”, không sửa được."
            )
            continue
        touched.add(row.unit_code)
        number = services.number_for(row.value, kinds[row.indicator_code])
        if current is None:
            creates.append(
                IndicatorValue(
                    unit_id=ru.unit_id,
                    set_code=round_.set_code,
                    year=round_.year,
                    indicator_code=row.indicator_code,
                    value=row.value,
                    number=number,
                    comment=row.comment,
                    status=ValueStatus.DRAFT,
                    updated_by=user,
                )
            )
        else:
            updates.append((current, row.value, row.comment))
    if problems:
        raise ValidationFailed(problems[:500])
    now = timezone.now()
    with transaction.atomic():
        created = IndicatorValue.objects.bulk_create(creates, batch_size=2000)
        changes = [
            ValueChange(
                value=v,
                round_unit=by_id[v.unit_id],
                action="import",
                new_value=v.value,
                new_status=v.status,
                actor=user,
                reason=f"Nhập từ Excel: {job.original_name}",
            )
            for v in created
        ]
        changed_values = []
        for value, text, comment in updates:
            old_value, old_status = value.value, value.status
            value.value, value.comment = text, comment
            value.number = services.number_for(text, kinds[value.indicator_code])
            if value.status != ValueStatus.RETURNED:
                value.status = ValueStatus.DRAFT
            value.version += 1
            value.updated_by = user
            value.updated_at = now
            changed_values.append(value)
            changes.append(
                ValueChange(
                    value=value,
                    round_unit=by_id[value.unit_id],
                    action="import",
                    old_value=old_value,
                    new_value=text,
                    old_status=old_status,
                    new_status=value.status,
                    actor=user,
                    reason=f"Nhập từ Excel: {job.original_name}",
                )
            )
        IndicatorValue.objects.bulk_update(
            changed_values,
            ["value", "comment", "number", "status", "version", "updated_by", "updated_at"],
            batch_size=2000,
        )
        ValueChange.objects.bulk_create(changes, batch_size=2000)
        RoundUnit.objects.filter(
            round=round_, unit__code__in=touched, status=UnitStatus.NOT_STARTED
        ).update(status=UnitStatus.DRAFT)
        services.refresh_evaluations(
            [by_id_unit for by_id_unit in by_id if by_id[by_id_unit].unit.code in touched],
            round_.set_code,
            round_.year,
        )
        audit.record(
            user,
            "rounds.import",
            job,
            unit=job.scope_unit,
            after={
                "file": job.original_name,
                "created": len(created),
                "updated": len(changed_values),
            },
        )
    return len(created) + len(changed_values)
