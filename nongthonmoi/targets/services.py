"""Every write of the targets module: permission, validation, one transaction, an audit record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from nongthonmoi.accounts.models import User
from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import can
from nongthonmoi.core import audit
from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.core.text import fold
from nongthonmoi.places.models import AdminUnit, Level

from . import sheets
from .catalogue import Aggregation
from .models import (
    Conclusion,
    Conference,
    ConferenceDocument,
    Course,
    Participant,
    ParticipantRole,
    Plan,
    ProgressValue,
    Target,
    TargetOverride,
    Task,
    TaskState,
    TaskUpdate,
    TrainingDenominator,
)
from .queries import bump_computed_version


def _require(actor: Any, unit: AdminUnit | None, *caps: Capability) -> None:
    if not any(can(actor, cap, unit) for cap in caps):
        raise PermissionDeniedError("Bạn không có quyền thực hiện thao tác này tại đơn vị này")


# --- targets and progress --------------------------------------------------------------------


def do_set_override(
    actor: Any,
    target: Target,
    province: AdminUnit,
    *,
    target_value: Decimal,
    target_year: int,
    decision_number: str,
    baseline: Decimal | None = None,
    baseline_year: int | None = None,
    tolerance: Decimal | None = None,
    decision_date: dt.date | None = None,
    note: str = "",
) -> TargetOverride:
    """A province's own target value, by its decision (number required), audited."""
    if province.level != Level.PROVINCE:
        raise ValidationFailed(["Chỉ tiêu riêng chỉ đặt cho cấp tỉnh"])
    _require(actor, province, Capability.MANAGE)
    problems = []
    if not decision_number.strip():
        problems.append("Cần ghi số quyết định của tỉnh")
    if baseline_year is not None and baseline_year >= target_year:
        problems.append("Năm cơ sở phải trước năm đích")
    if (baseline is None) != (baseline_year is None):
        problems.append("Giá trị cơ sở và năm cơ sở phải cùng có hoặc cùng trống")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        existing = TargetOverride.objects.filter(target=target, province=province).first()
        before = audit.snapshot(existing) if existing else None
        override, _ = TargetOverride.objects.update_or_create(
            target=target,
            province=province,
            defaults={
                "target_value": target_value,
                "target_year": target_year,
                "baseline": baseline,
                "baseline_year": baseline_year,
                "tolerance": tolerance,
                "decision_number": decision_number.strip(),
                "decision_date": decision_date,
                "note": note,
            },
        )
        audit.record(
            actor,
            "targets.override",
            override,
            unit=province,
            before=before,
            after=audit.snapshot(override),
            reason=decision_number,
        )
    return override


def _value_problems(
    target: Target, value: Decimal | None, numerator: Decimal | None, denominator: Decimal | None
) -> list[str]:
    problems = []
    if target.is_computed:
        problems.append(f"Chỉ tiêu {target.code} được tính tự động, không nhập tay")
    if target.aggregation == Aggregation.RATIO_OF_SUMS:
        if value is None and (numerator is None or denominator is None):
            problems.append("Chỉ tiêu tính theo tỷ lệ: cần tử số và mẫu số (hoặc giá trị)")
        if denominator is not None and denominator <= 0:
            problems.append("Mẫu số phải lớn hơn 0")
        if numerator is not None and numerator < 0:
            problems.append("Tử số không được âm")
    elif value is None:
        problems.append("Cần nhập giá trị")
    return problems


def do_record_value(
    actor: Any,
    target: Target,
    unit: AdminUnit,
    year: int,
    *,
    value: Decimal | None = None,
    numerator: Decimal | None = None,
    denominator: Decimal | None = None,
    note: str = "",
    origin: str = "form",
) -> ProgressValue:
    _require(actor, unit, Capability.ENTER_DATA, Capability.MANAGE)
    problems = _value_problems(target, value, numerator, denominator)
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        return _save_value(actor, target, unit, year, value, numerator, denominator, note, origin)


def _save_value(
    actor: Any,
    target: Target,
    unit: AdminUnit,
    year: int,
    value: Decimal | None,
    numerator: Decimal | None,
    denominator: Decimal | None,
    note: str,
    origin: str,
) -> ProgressValue:
    existing = ProgressValue.objects.filter(target=target, unit=unit, year=year).first()
    before = audit.snapshot(existing) if existing else None
    pv, _ = ProgressValue.objects.update_or_create(
        target=target,
        unit=unit,
        year=year,
        defaults={
            "value": value,
            "numerator": numerator,
            "denominator": denominator,
            "note": note,
            "origin": origin,
            "updated_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    audit.record(actor, "targets.value", pv, unit=unit, before=before, after=audit.snapshot(pv))
    return pv


VALUE_COLUMNS = [
    sheets.Column("target", "Mã chỉ tiêu", parse=sheets.text),
    sheets.Column("unit", "Mã đơn vị", parse=sheets.text, aliases=("Mã xã", "Mã tỉnh")),
    sheets.Column("year", "Năm", parse=sheets.year),
    sheets.Column("value", "Giá trị", required=False, parse=sheets.decimal),
    sheets.Column("numerator", "Tử số", required=False, parse=sheets.decimal),
    sheets.Column("denominator", "Mẫu số", required=False, parse=sheets.decimal),
    sheets.Column("note", "Ghi chú", required=False, parse=sheets.text),
]


def do_import_values(actor: Any, data: bytes, structure: str) -> int:
    """Progress values from an Excel sheet; all rows or none, errors by row and column."""
    try:
        sheet = sheets.read_sheet(data, VALUE_COLUMNS)
    except sheets.SheetError as exc:
        raise ValidationFailed(exc.problems) from exc
    targets = {t.code: t for t in Target.objects.all()}
    codes = {row["unit"] for _, row in sheet.rows}
    units = {u.code: u for u in AdminUnit.objects.filter(structure=structure, code__in=codes)}
    problems: list[str] = []
    seen: dict[tuple[str, str, int], int] = {}
    for number, row in sheet.rows:
        target = targets.get(row["target"])
        unit = units.get(row["unit"])
        if target is None:
            problems.append(f"{sheet.cell(number, 'target')}: không có chỉ tiêu “{row['target']}”")
        if unit is None:
            problems.append(
                f"{sheet.cell(number, 'unit')}: không có đơn vị mã “{row['unit']}” "
                f"trên bản đồ {structure}"
            )
        elif not (can(actor, Capability.ENTER_DATA, unit) or can(actor, Capability.MANAGE, unit)):
            problems.append(
                f"{sheet.cell(number, 'unit')}: bạn không có quyền nhập số liệu cho {unit.name}"
            )
        if target is not None:
            for problem in _value_problems(
                target, row["value"], row["numerator"], row["denominator"]
            ):
                problems.append(f"Dòng {number}: {problem}")
        key = (row["target"], row["unit"], row["year"])
        if key in seen:
            problems.append(
                f"Dòng {number}: trùng với dòng {seen[key]} (cùng chỉ tiêu, đơn vị, năm)"
            )
        seen.setdefault(key, number)
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        for _, row in sheet.rows:
            _save_value(
                actor,
                targets[row["target"]],
                units[row["unit"]],
                row["year"],
                row["value"],
                row["numerator"],
                row["denominator"],
                row["note"] or "",
                "excel",
            )
    return len(sheet.rows)


# --- training register -----------------------------------------------------------------------


def person_key(full_name: str, birth_year: int | None, commune: AdminUnit) -> str:
    return f"{fold(full_name)}|{birth_year or ''}|{commune.pk}"


ROLE_WORDS = {
    "chu co so": ParticipantRole.TOURISM_OWNER,
    "chu co so du lich": ParticipantRole.TOURISM_OWNER,
    "chu co so du lich nong thon": ParticipantRole.TOURISM_OWNER,
    "chu": ParticipantRole.TOURISM_OWNER,
    "lao dong": ParticipantRole.TOURISM_WORKER,
    "lao dong du lich": ParticipantRole.TOURISM_WORKER,
    "lao dong du lich nong thon": ParticipantRole.TOURISM_WORKER,
    "an ninh": ParticipantRole.SECURITY_FORCE,
    "luc luong an ninh co so": ParticipantRole.SECURITY_FORCE,
    "khac": ParticipantRole.OTHER,
}


def parse_role(raw: Any) -> str:
    key = fold(sheets.text(raw))
    if key in ROLE_WORDS:
        return ROLE_WORDS[key]
    if key in ParticipantRole.values:
        return key
    raise ValueError(f"vai trò “{raw}” không hợp lệ (chủ cơ sở / lao động / an ninh / khác)")


PARTICIPANT_COLUMNS = [
    sheets.Column("full_name", "Họ và tên", parse=sheets.text),
    sheets.Column("birth_year", "Năm sinh", required=False, parse=sheets.birth_year),
    sheets.Column("role", "Vai trò", parse=parse_role),
    sheets.Column("commune", "Mã xã", parse=sheets.text),
    sheets.Column("organisation", "Cơ sở", required=False, parse=sheets.text, aliases=("Đơn vị",)),
]


def do_create_course(
    actor: Any, unit: AdminUnit, *, participants: bytes | None = None, **fields: Any
) -> Course:
    """A course, with the organiser's participant list if given: both are written or neither."""
    _require(actor, unit, Capability.MANAGE, Capability.ENTER_DATA)
    if fields["end_date"] < fields["start_date"]:
        raise ValidationFailed(["Ngày kết thúc phải sau ngày bắt đầu"])
    with transaction.atomic():
        course = Course.objects.create(unit=unit, **fields)
        audit.record(actor, "targets.course", course, unit=unit, after=audit.snapshot(course))
        if participants:
            do_import_participants(actor, course, participants)
    return course


def do_import_participants(actor: Any, course: Course, data: bytes) -> int:
    """The organiser's list of participants; all rows or none, errors by row and column."""
    _require(actor, course.unit, Capability.MANAGE, Capability.ENTER_DATA)
    try:
        sheet = sheets.read_sheet(data, PARTICIPANT_COLUMNS)
    except sheets.SheetError as exc:
        raise ValidationFailed(exc.problems) from exc
    province = course.unit.province or course.unit
    communes = {
        u.code: u
        for u in AdminUnit.objects.filter(
            structure=course.unit.structure,
            level=Level.COMMUNE,
            province=province,
            code__in={row["commune"] for _, row in sheet.rows},
        )
    }
    problems = [
        f"{sheet.cell(number, 'commune')}: không có xã mã “{row['commune']}” thuộc {province.name}"
        for number, row in sheet.rows
        if row["commune"] not in communes
    ]
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        created = Participant.objects.bulk_create(
            Participant(
                course=course,
                full_name=row["full_name"],
                birth_year=row["birth_year"],
                role=row["role"],
                commune=communes[row["commune"]],
                organisation=row["organisation"] or "",
                person_key=person_key(
                    row["full_name"], row["birth_year"], communes[row["commune"]]
                ),
            )
            for _, row in sheet.rows
        )
        audit.record(
            actor,
            "targets.participants_import",
            course,
            unit=course.unit,
            after={"participants": len(created)},
        )
        bump_computed_version()  # now, and again once committed (no stale cache either way)
        transaction.on_commit(bump_computed_version)
    return len(created)


def do_set_denominators(
    actor: Any,
    commune: AdminUnit,
    year: int,
    *,
    tourism_businesses: int,
    tourism_workers: int,
    security_force: int,
) -> TrainingDenominator:
    if commune.level != Level.COMMUNE:
        raise ValidationFailed(["Mẫu số nhập theo từng xã"])
    _require(actor, commune, Capability.MANAGE)
    if min(tourism_businesses, tourism_workers, security_force) < 0:
        raise ValidationFailed(["Số lượng không được âm"])
    with transaction.atomic():
        existing = TrainingDenominator.objects.filter(commune=commune, year=year).first()
        before = audit.snapshot(existing) if existing else None
        row, _ = TrainingDenominator.objects.update_or_create(
            commune=commune,
            year=year,
            defaults={
                "tourism_businesses": tourism_businesses,
                "tourism_workers": tourism_workers,
                "security_force": security_force,
            },
        )
        audit.record(
            actor,
            "targets.denominators",
            row,
            unit=commune,
            before=before,
            after=audit.snapshot(row),
        )
        bump_computed_version()  # now, and again once committed (no stale cache either way)
        transaction.on_commit(bump_computed_version)
    return row


# --- conferences, plans, tasks ---------------------------------------------------------------


def do_record_conference(
    actor: Any,
    unit: AdminUnit,
    *,
    title: str,
    held_on: dt.date,
    chair: str,
    is_online: bool = False,
    attendees: str = "",
    summary: str = "",
    bridge_points: list[AdminUnit] | None = None,
    conclusions: list[str] | None = None,
) -> Conference:
    _require(actor, unit, Capability.MANAGE)
    problems = []
    if not title.strip():
        problems.append("Cần nhập tên hội nghị")
    if not chair.strip():
        problems.append("Cần nhập người chủ trì")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        conference = Conference.objects.create(
            unit=unit,
            title=title.strip(),
            held_on=held_on,
            chair=chair.strip(),
            is_online=is_online,
            attendees=attendees,
            summary=summary,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        conference.bridge_points.set(bridge_points or [])
        for number, text in enumerate(c for c in (conclusions or []) if c.strip()):
            Conclusion.objects.create(conference=conference, number=number + 1, text=text.strip())
        audit.record(
            actor, "targets.conference", conference, unit=unit, after=audit.snapshot(conference)
        )
    return conference


def do_add_conclusion(actor: Any, conference: Conference, text: str) -> Conclusion:
    _require(actor, conference.unit, Capability.MANAGE)
    if not text.strip():
        raise ValidationFailed(["Cần nhập nội dung kết luận"])
    with transaction.atomic():
        number = conference.conclusions.count() + 1
        conclusion = Conclusion.objects.create(conference=conference, number=number, text=text)
        audit.record(actor, "targets.conclusion", conclusion, unit=conference.unit)
    return conclusion


def do_add_document(
    actor: Any, conference: Conference, title: str, file: UploadedFile
) -> ConferenceDocument:
    _require(actor, conference.unit, Capability.MANAGE)
    with transaction.atomic():
        document = ConferenceDocument.objects.create(
            conference=conference, title=title or file.name or "", file=file
        )
        audit.record(actor, "targets.document", document, unit=conference.unit)
    return document


def do_add_task(
    actor: Any,
    *,
    title: str,
    assignee_org: str,
    assignee_unit: AdminUnit,
    deadline: dt.date,
    start_date: dt.date,
    conclusion: Conclusion | None = None,
    owner: User | None = None,
    description: str = "",
    targets: list[Target] | None = None,
) -> Task:
    """A task for a department or locality; it joins the assignee unit's plan of the deadline year."""
    _require(actor, assignee_unit, Capability.MANAGE)
    if conclusion is not None:
        _require(actor, conclusion.conference.unit, Capability.MANAGE)
    problems = []
    if not title.strip():
        problems.append("Cần nhập nội dung nhiệm vụ")
    if not assignee_org.strip():
        problems.append("Cần nhập cơ quan, đơn vị thực hiện")
    if deadline < start_date:
        problems.append("Thời hạn phải sau ngày bắt đầu")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        plan, _ = Plan.objects.get_or_create(
            unit=assignee_unit,
            year=deadline.year,
            defaults={"title": f"Kế hoạch năm {deadline.year} — {assignee_unit.name}"},
        )
        task = Task.objects.create(
            conclusion=conclusion,
            plan=plan,
            title=title.strip(),
            description=description,
            assignee_org=assignee_org.strip(),
            assignee_unit=assignee_unit,
            owner=owner,
            start_date=start_date,
            deadline=deadline,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        task.targets.set(targets or [])
        audit.record(actor, "targets.task", task, unit=assignee_unit, after=audit.snapshot(task))
    return task


def can_update_task(actor: Any, task: Task) -> bool:
    return (task.owner_id is not None and task.owner_id == getattr(actor, "pk", None)) or any(
        can(actor, cap, task.assignee_unit) for cap in (Capability.MANAGE, Capability.ENTER_DATA)
    )


def do_update_task(
    actor: Any,
    task: Task,
    *,
    note: str,
    state: str,
    today: dt.date,
    file: UploadedFile | None = None,
) -> TaskUpdate:
    if not can_update_task(actor, task):
        raise PermissionDeniedError("Bạn không phụ trách nhiệm vụ này")
    problems = []
    if state not in TaskState.values:
        problems.append("Trạng thái không hợp lệ")
    if not note.strip():
        problems.append("Cần ghi chú tiến độ")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        before = audit.snapshot(task, ["state", "completed_on"])
        task.state = state
        task.completed_on = today if state == TaskState.DONE else None
        task.save(update_fields=["state", "completed_on"])
        update = TaskUpdate.objects.create(
            task=task,
            author=actor if getattr(actor, "is_authenticated", False) else None,
            note=note.strip(),
            file=file or "",
            state_after=state,
        )
        audit.record(
            actor,
            "targets.task_update",
            task,
            unit=task.assignee_unit,
            before=before,
            after=audit.snapshot(task, ["state", "completed_on"]),
            reason=note,
        )
    return update
