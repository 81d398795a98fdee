"""Every write of the reporting rounds: check permission, validate, one transaction, audit."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import can
from nongthonmoi.core import audit
from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.criteria.engine import TIER_ORDER
from nongthonmoi.criteria.loader import load_set
from nongthonmoi.criteria.models import IndicatorValue, ValueStatus
from nongthonmoi.criteria.schema import TIER_LABELS_VI
from nongthonmoi.criteria.values import parse_value
from nongthonmoi.places.models import AdminUnit, Level

from . import evaluation, withdrawal
from .filecheck import FileRejected, sniff_evidence
from .models import (
    EDITABLE_STATUSES,
    Evidence,
    Recognition,
    Round,
    RoundUnit,
    UnitStatus,
    ValueChange,
    ValueFlag,
)
from .notify import notify, users_with
from .workbook import canonical_text


class ValueConflict(ValidationFailed):
    """Someone else saved this value since it was read: nothing was overwritten."""

    def __init__(self, message: str, current: IndicatorValue | None) -> None:
        super().__init__([message])
        self.current = current


def _require(actor: Any, capability: Capability, unit: AdminUnit) -> None:
    if not can(actor, capability, unit):
        raise PermissionDeniedError(f"{capability} on {unit.code}")


def _unit_url(round_unit: RoundUnit, name: str = "rounds:entry") -> str:
    return reverse(name, kwargs={"round_id": round_unit.round_id, "code": round_unit.unit.code})


def refresh_evaluations(unit_ids: Iterable[int], set_code: str, year: int) -> None:
    """After the transaction: the criteria app recomputes stored results (scorecards, dashboards)."""
    ids = list(unit_ids)

    def run() -> None:
        from nongthonmoi.criteria.services import recompute_units

        try:
            recompute_units(ids, set_code, year)
        except ValidationFailed:  # a year outside the set's validity: nothing to show anyway
            pass

    transaction.on_commit(run)


# --- rounds -----------------------------------------------------------------------------------


def do_open_round(
    actor: Any,
    province: AdminUnit,
    set_code: str,
    year: int,
    opens_on: dt.date,
    due_on: dt.date,
    *,
    title: str = "",
    illustrative_overlay: str = "",
    unit_codes: Iterable[str] | None = None,
) -> Round:
    """Open a round for the province's communes (or the listed ones)."""
    _require(actor, Capability.APPROVE, province)
    problems = []
    if province.level != Level.PROVINCE:
        problems.append("Chỉ tỉnh mới mở được đợt báo cáo.")
    try:
        definition = load_set(set_code).definition
    except KeyError:
        raise ValidationFailed([f"Không có bộ tiêu chí '{set_code}'."]) from None
    if definition.level != "commune":
        problems.append("Đợt báo cáo dùng bộ tiêu chí cấp xã.")
    if definition.map != province.structure:
        problems.append(
            f"Bộ tiêu chí {set_code} dùng bản đồ hành chính {definition.map}, "
            f"tỉnh đã chọn thuộc bản đồ {province.structure}."
        )
    if not definition.valid_from <= year <= definition.valid_to:
        problems.append(
            f"Năm {year} ngoài thời hạn của bộ tiêu chí ({definition.valid_from}–"
            f"{definition.valid_to})."
        )
    if due_on < opens_on:
        problems.append("Hạn nộp phải sau ngày mở.")
    if Round.objects.filter(province=province, set_code=set_code, year=year).exists():
        problems.append(f"Tỉnh đã có đợt báo cáo bộ {set_code} năm {year}.")
    communes = AdminUnit.objects.filter(
        structure=province.structure, province=province, level=Level.COMMUNE
    )
    if unit_codes is not None:
        wanted = set(unit_codes)
        communes = communes.filter(code__in=wanted)
        missing = wanted - set(communes.values_list("code", flat=True))
        if missing:
            problems.append(f"Không phải xã của tỉnh: {', '.join(sorted(missing))}.")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        round_ = Round.objects.create(
            set_code=set_code,
            year=year,
            province=province,
            title=title or f"{definition.name} — năm {year} — {province.name}",
            opens_on=opens_on,
            due_on=due_on,
            illustrative_overlay=illustrative_overlay,
            opened_by=actor,
        )
        RoundUnit.objects.bulk_create([RoundUnit(round=round_, unit=u) for u in communes])
        audit.record(actor, "rounds.open", round_, unit=province, after=audit.snapshot(round_))
        if illustrative_overlay:
            _store_illustrative_overlay(actor, province, set_code, illustrative_overlay)
    return round_


def _store_illustrative_overlay(actor: Any, province: AdminUnit, set_code: str, name: str) -> None:
    """Make the round's illustrative thresholds the province's stored overlay, if it has none.

    Data entry, review and recognition (this app) and scorecards and dashboards (criteria) then
    judge with the same thresholds; a province's own overlay is never replaced by a demo file.
    """
    from nongthonmoi.criteria import queries as criteria_queries
    from nongthonmoi.criteria import services as criteria_services

    if criteria_queries.active_overlay(province, set_code) is not None:
        return
    overlay = evaluation.illustrative_overlay_file(name)
    criteria_services.do_save_overlay(
        actor,
        province,
        set_code,
        overlay.model_dump(mode="json"),
        source=f"tệp minh hoạ {name} (mở đợt báo cáo)",
    )


# --- values -----------------------------------------------------------------------------------


def _indicator(round_unit: RoundUnit, code: str) -> evaluation.IndicatorInfo:
    for info in evaluation.indicators(evaluation.resolved_for(round_unit.round)):
        if info.code == code:
            return info
    raise ValidationFailed([f"Chỉ tiêu '{code}' không thuộc bộ tiêu chí của đợt."])


def _value_editable(round_unit: RoundUnit, value: IndicatorValue | None) -> None:
    if value is not None and value.locked:
        raise ValidationFailed(
            [f"Chỉ tiêu {value.indicator_code} đã được phê duyệt và khoá; cần tỉnh mở khoá để sửa."]
        )
    unlocked = value is not None and value.status == ValueStatus.RETURNED
    if round_unit.status not in EDITABLE_STATUSES and not unlocked:
        raise ValidationFailed(
            [f"Báo cáo đang ở trạng thái “{round_unit.get_status_display()}”, không sửa được."]
        )


def _conflict_message(current: IndicatorValue) -> str:
    who = current.updated_by.get_full_name() if current.updated_by else "người khác"
    when = timezone.localtime(current.updated_at).strftime("%H:%M %d/%m/%Y")
    shown = current.value or "(trống)"
    return (
        f"Xung đột: chỉ tiêu {current.indicator_code} vừa được {who} sửa lúc {when} "
        f"(giá trị hiện tại: {shown}). Thay đổi của bạn CHƯA được lưu — hãy xem giá trị mới "
        "rồi nhập lại nếu vẫn cần sửa."
    )


def number_for(text: str, kind: str) -> Any:
    """The numeric mirror of a stored value (IndicatorValue.number) for SQL aggregates."""
    if not text:
        return None
    if text in ("true", "false"):
        return 1 if text == "true" else 0
    if kind in ("number", "percentage", "count"):
        return text
    return None


def _log(
    value: IndicatorValue,
    round_unit: RoundUnit | None,
    actor: Any,
    action: str,
    *,
    old_value: str,
    old_status: str,
    reason: str = "",
) -> ValueChange:
    return ValueChange(
        value=value,
        round_unit=round_unit,
        action=action,
        old_value=old_value,
        new_value=value.value,
        old_status=old_status,
        new_status=value.status,
        reason=reason,
        actor=actor,
    )


def do_save_value(
    actor: Any,
    round_unit: RoundUnit,
    code: str,
    raw: str,
    comment: str,
    expected_version: int,
) -> IndicatorValue:
    """Save one value as draft. `expected_version` is what the form showed (0 = no value yet)."""
    unit = round_unit.unit
    _require(actor, Capability.ENTER_DATA, unit)
    info = _indicator(round_unit, code)
    try:
        parsed = parse_value(raw, info.kind, list(info.choices)) if raw.strip() else None
        text = canonical_text(parsed)
    except ValueError as exc:
        raise ValidationFailed([f"Chỉ tiêu {code}: {exc}"]) from exc
    comment = comment.strip()[:2000]
    round_ = round_unit.round
    key = {"unit": unit, "set_code": round_.set_code, "year": round_.year, "indicator_code": code}
    with transaction.atomic():
        current = IndicatorValue.objects.select_related("updated_by").filter(**key).first()
        _value_editable(round_unit, current)
        if current is None:
            if expected_version != 0:
                raise ValueConflict("Giá trị đã bị xoá hoặc thay đổi; hãy tải lại trang.", None)
            try:
                with transaction.atomic():
                    value = IndicatorValue.objects.create(
                        **key,
                        value=text,
                        number=number_for(text, info.kind),
                        comment=comment,
                        status=ValueStatus.DRAFT,
                        updated_by=actor,
                    )
            except IntegrityError:  # created by someone else a moment ago
                current = IndicatorValue.objects.select_related("updated_by").get(**key)
                raise ValueConflict(_conflict_message(current), current) from None
            old_value, old_status = "", ""
        else:
            if current.version != expected_version:
                raise ValueConflict(_conflict_message(current), current)
            if current.value == text and current.comment == comment:
                return current
            old_value, old_status = current.value, current.status
            new_status = (
                ValueStatus.RETURNED
                if current.status == ValueStatus.RETURNED
                else ValueStatus.DRAFT
            )
            updated = IndicatorValue.objects.filter(pk=current.pk, version=expected_version).update(
                value=text,
                number=number_for(text, info.kind),
                comment=comment,
                status=new_status,
                version=expected_version + 1,
                updated_by=actor,
                updated_at=timezone.now(),
            )
            if updated == 0:
                fresh = IndicatorValue.objects.select_related("updated_by").get(pk=current.pk)
                raise ValueConflict(_conflict_message(fresh), fresh)
            value = IndicatorValue.objects.get(pk=current.pk)
        _log(value, round_unit, actor, "edit", old_value=old_value, old_status=old_status).save()
        if round_unit.status == UnitStatus.NOT_STARTED:
            round_unit.status = UnitStatus.DRAFT
            round_unit.save(update_fields=["status", "updated_at"])
        audit.record(
            actor,
            "rounds.value",
            value,
            unit=unit,
            before={"value": old_value},
            after={"value": text, "version": value.version},
        )
    return value


def do_add_evidence(actor: Any, round_unit: RoundUnit, code: str, upload: UploadedFile) -> Evidence:
    _require(actor, Capability.ENTER_DATA, round_unit.unit)
    _indicator(round_unit, code)
    name = (upload.name or "tep").rsplit("/", 1)[-1][:200]
    try:
        kind = sniff_evidence(upload, name, upload.size or 0)  # type: ignore[arg-type]
    except FileRejected as exc:
        raise ValidationFailed([str(exc)]) from exc
    if not round_unit.editable:
        raise ValidationFailed(["Báo cáo đã gửi: không thêm được minh chứng."])
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    with transaction.atomic():
        evidence = Evidence(
            round_unit=round_unit,
            indicator_code=code,
            original_name=name,
            kind=kind,
            size=upload.size or 0,
            sha256=digest.hexdigest(),
            uploaded_by=actor,
        )
        evidence.file.save(f"{digest.hexdigest()[:16]}.{kind}", upload, save=False)
        evidence.save()
        audit.record(
            actor,
            "rounds.evidence",
            evidence,
            unit=round_unit.unit,
            after={"indicator": code, "sha256": evidence.sha256, "size": evidence.size},
        )
    return evidence


# --- workflow ---------------------------------------------------------------------------------


def _values(round_unit: RoundUnit) -> Any:
    r = round_unit.round
    return IndicatorValue.objects.filter(unit=round_unit.unit, set_code=r.set_code, year=r.year)


def _set_status(
    actor: Any,
    round_unit: RoundUnit,
    values: Any,
    status: str,
    action: str,
    *,
    lock: bool | None = None,
    reason: str = "",
) -> None:
    changes = []
    for value in values:
        old_status = value.status
        value.status = status
        if lock is not None:
            value.locked = lock
        value.version += 1
        value.updated_by = actor
        changes.append(
            _log(
                value,
                round_unit,
                actor,
                action,
                old_value=value.value,
                old_status=old_status,
                reason=reason,
            )
        )
    fields = ["status", "version", "updated_by", "updated_at"] + (
        ["locked"] if lock is not None else []
    )
    now = timezone.now()
    for value in values:
        value.updated_at = now
    IndicatorValue.objects.bulk_update(values, fields)
    ValueChange.objects.bulk_create(changes)


def do_submit(actor: Any, round_unit: RoundUnit) -> RoundUnit:
    _require(actor, Capability.ENTER_DATA, round_unit.unit)
    if not round_unit.editable:
        raise ValidationFailed([f"Không gửi được: báo cáo “{round_unit.get_status_display()}”."])
    with transaction.atomic():
        values = list(_values(round_unit).filter(locked=False))
        if not values and not _values(round_unit).exists():
            raise ValidationFailed(["Chưa nhập giá trị nào: không có gì để gửi."])
        before = round_unit.status
        _set_status(actor, round_unit, values, ValueStatus.SUBMITTED, "submit")
        round_unit.status = UnitStatus.SUBMITTED
        round_unit.submitted_at = timezone.now()
        round_unit.save()
        round_unit.flags.filter(resolved_at__isnull=True).update(resolved_at=timezone.now())
        refresh_evaluations([round_unit.unit_id], round_unit.round.set_code, round_unit.round.year)
        audit.record(
            actor,
            "rounds.submit",
            round_unit,
            unit=round_unit.unit,
            before={"status": before},
            after={"status": round_unit.status},
        )
        reviewer_cap = (
            Capability.VERIFY
            if round_unit.round.needs_district_verification
            else Capability.APPROVE
        )
        notify(
            users_with(reviewer_cap, round_unit.unit),
            f"{round_unit.unit.name} đã gửi báo cáo “{round_unit.round.title}”, chờ xem xét.",
            _unit_url(round_unit, "rounds:review"),
            email=False,
        )
    return round_unit


def do_verify(actor: Any, round_unit: RoundUnit, note: str = "") -> RoundUnit:
    """District verification (thẩm tra), only in rounds on the 2021–2025 map."""
    _require(actor, Capability.VERIFY, round_unit.unit)
    if not round_unit.round.needs_district_verification:
        raise ValidationFailed(["Từ 1/7/2025 không còn cấp huyện: tỉnh xem xét trực tiếp."])
    if round_unit.status != UnitStatus.SUBMITTED:
        raise ValidationFailed(["Chỉ thẩm tra được báo cáo đã gửi."])
    with transaction.atomic():
        values = list(_values(round_unit).filter(locked=False))
        _set_status(actor, round_unit, values, ValueStatus.VERIFIED, "verify", reason=note)
        round_unit.status = UnitStatus.VERIFIED
        round_unit.verified_at = timezone.now()
        round_unit.save()
        refresh_evaluations([round_unit.unit_id], round_unit.round.set_code, round_unit.round.year)
        audit.record(actor, "rounds.verify", round_unit, unit=round_unit.unit, reason=note)
        notify(
            users_with(Capability.APPROVE, round_unit.unit),
            f"Huyện đã thẩm tra báo cáo của {round_unit.unit.name}, chờ tỉnh phê duyệt.",
            _unit_url(round_unit, "rounds:review"),
            email=False,
        )
    return round_unit


def _reviewer_capability(actor: Any, round_unit: RoundUnit) -> Capability:
    if round_unit.status == UnitStatus.SUBMITTED and round_unit.round.needs_district_verification:
        if can(actor, Capability.VERIFY, round_unit.unit):
            return Capability.VERIFY
    return Capability.APPROVE


def do_return(
    actor: Any, round_unit: RoundUnit, comment: str, flags: Mapping[str, str] | None = None
) -> RoundUnit:
    """Send the report back with a comment; flagged values carry their own comment."""
    _require(actor, _reviewer_capability(actor, round_unit), round_unit.unit)
    flags = {code: text.strip() for code, text in (flags or {}).items() if text.strip()}
    problems = []
    if round_unit.status not in (UnitStatus.SUBMITTED, UnitStatus.VERIFIED):
        problems.append("Chỉ trả lại được báo cáo đã gửi hoặc đã thẩm tra.")
    if not comment.strip() and not flags:
        problems.append("Cần ghi lý do trả lại (nhận xét chung hoặc nhận xét cho từng chỉ tiêu).")
    known = {i.code for i in evaluation.indicators(evaluation.resolved_for(round_unit.round))}
    problems += [f"Chỉ tiêu '{c}' không thuộc bộ tiêu chí." for c in flags if c not in known]
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        values = list(_values(round_unit).filter(locked=False))
        flagged = [v for v in values if v.indicator_code in flags]
        _set_status(
            actor,
            round_unit,
            flagged,
            ValueStatus.RETURNED,
            "return",
            reason="; ".join(flags[v.indicator_code] for v in flagged),
        )
        others = [v for v in values if v.indicator_code not in flags]
        _set_status(actor, round_unit, others, ValueStatus.DRAFT, "return", reason=comment)
        ValueFlag.objects.bulk_create(
            [
                ValueFlag(round_unit=round_unit, indicator_code=c, comment=t, created_by=actor)
                for c, t in flags.items()
            ]
        )
        before = round_unit.status
        round_unit.status = UnitStatus.RETURNED
        round_unit.return_comment = comment.strip()
        round_unit.returned_at = timezone.now()
        round_unit.save()
        refresh_evaluations([round_unit.unit_id], round_unit.round.set_code, round_unit.round.year)
        audit.record(
            actor,
            "rounds.return",
            round_unit,
            unit=round_unit.unit,
            before={"status": before},
            after={"status": round_unit.status, "flags": flags},
            reason=comment,
        )
        listed = "; ".join(f"{c}: {t}" for c, t in flags.items())
        notify(
            users_with(Capability.ENTER_DATA, round_unit.unit),
            f"Báo cáo “{round_unit.round.title}” của {round_unit.unit.name} bị trả lại"
            + (f": {comment.strip()}" if comment.strip() else "")
            + (f" (chỉ tiêu {listed})" if listed else ""),
            _unit_url(round_unit),
            subject=f"Báo cáo năm {round_unit.round.year} của {round_unit.unit.name} bị trả lại",
        )
    return round_unit


def do_approve(actor: Any, round_unit: RoundUnit) -> RoundUnit:
    _require(actor, Capability.APPROVE, round_unit.unit)
    wanted = (
        UnitStatus.VERIFIED
        if round_unit.round.needs_district_verification
        else UnitStatus.SUBMITTED
    )
    if round_unit.status != wanted:
        raise ValidationFailed(
            [
                f"{round_unit.unit.name}: chỉ phê duyệt được báo cáo "
                + ("đã được huyện thẩm tra." if wanted == UnitStatus.VERIFIED else "đã gửi.")
            ]
        )
    with transaction.atomic():
        values = list(_values(round_unit).filter(locked=False))
        _set_status(actor, round_unit, values, ValueStatus.APPROVED, "approve", lock=True)
        round_unit.status = UnitStatus.APPROVED
        round_unit.approved_at = timezone.now()
        round_unit.save()
        refresh_evaluations([round_unit.unit_id], round_unit.round.set_code, round_unit.round.year)
        audit.record(
            actor,
            "rounds.approve",
            round_unit,
            unit=round_unit.unit,
            after={"status": round_unit.status, "locked_values": len(values)},
        )
        notify(
            users_with(Capability.ENTER_DATA, round_unit.unit),
            f"Báo cáo “{round_unit.round.title}” của {round_unit.unit.name} đã được phê duyệt.",
            _unit_url(round_unit),
            subject=(
                f"Báo cáo năm {round_unit.round.year} của {round_unit.unit.name} đã được phê duyệt"
            ),
        )
    return round_unit


def do_bulk_approve(actor: Any, round_units: Iterable[RoundUnit]) -> tuple[int, list[str]]:
    """Approve each listed report that may be approved; returns (approved, problems)."""
    approved, problems = 0, []
    for round_unit in round_units:
        try:
            do_approve(actor, round_unit)
            approved += 1
        except (ValidationFailed, PermissionDeniedError) as exc:
            problems.append(
                str(exc)
                if isinstance(exc, ValidationFailed)
                else f"{round_unit.unit.name}: không có quyền phê duyệt."
            )
    return approved, problems


def do_unlock_value(actor: Any, round_unit: RoundUnit, code: str, reason: str) -> IndicatorValue:
    """Reopen ONE approved value for correction; the rest stays locked."""
    _require(actor, Capability.APPROVE, round_unit.unit)
    if not reason.strip():
        raise ValidationFailed(["Cần ghi lý do mở khoá."])
    value = _values(round_unit).filter(indicator_code=code).first()
    if value is None or not value.locked:
        raise ValidationFailed([f"Chỉ tiêu {code} không ở trạng thái khoá."])
    with transaction.atomic():
        _set_status(
            actor,
            round_unit,
            [value],
            ValueStatus.RETURNED,
            "unlock",
            lock=False,
            reason=reason.strip(),
        )
        ValueFlag.objects.create(
            round_unit=round_unit,
            indicator_code=code,
            comment=reason.strip(),
            is_unlock=True,
            created_by=actor,
        )
        round_unit.status = UnitStatus.RETURNED
        round_unit.return_comment = f"Mở khoá chỉ tiêu {code}: {reason.strip()}"
        round_unit.returned_at = timezone.now()
        round_unit.save()
        refresh_evaluations([round_unit.unit_id], round_unit.round.set_code, round_unit.round.year)
        audit.record(
            actor,
            "rounds.unlock",
            value,
            unit=round_unit.unit,
            before={"locked": True},
            after={"locked": False},
            reason=reason.strip(),
        )
        notify(
            users_with(Capability.ENTER_DATA, round_unit.unit),
            f"Tỉnh mở khoá chỉ tiêu {code} của {round_unit.unit.name} để sửa: {reason.strip()}",
            _unit_url(round_unit),
            subject=f"Tỉnh mở khoá chỉ tiêu {code} của {round_unit.unit.name} để sửa",
        )
    return value


# --- recognition ------------------------------------------------------------------------------


def do_record_recognition(
    actor: Any,
    round_unit: RoundUnit,
    *,
    decision_number: str,
    decision_date: dt.date,
    signer: str,
    decision_file: UploadedFile | None = None,
    override_reason: str = "",
) -> Recognition:
    """Record a recognition decision: only on an approved evaluation meeting the set's tier,
    or with an explicit documented override."""
    unit = round_unit.unit
    _require(actor, Capability.APPROVE, unit)
    round_ = round_unit.round
    resolved = evaluation.resolved_for(round_)
    tier = resolved.definition.tier
    try:
        result = evaluation.approved_evaluation(round_, unit)
    except evaluation.ProfileIncomplete as exc:
        raise ValidationFailed([str(exc)]) from exc
    problems = []
    if not decision_number.strip() or not signer.strip():
        problems.append("Cần số quyết định và người ký.")
    if round_unit.status != UnitStatus.APPROVED:
        problems.append("Chỉ công nhận khi báo cáo của đơn vị đã được phê duyệt.")
    meets = result.tier_reached is not None and TIER_ORDER.get(
        result.tier_reached, 0
    ) >= TIER_ORDER.get(tier, 0)
    if not meets and not override_reason.strip():
        problems.append(
            f"Kết quả đã phê duyệt chưa đạt mức “{TIER_LABELS_VI.get(tier, tier)}” "
            f"({result.criteria_met}/{result.criteria_total} tiêu chí). Chỉ công nhận khi có lý do "
            "ngoại lệ được ghi rõ."
        )
    if Recognition.objects.filter(
        unit=unit, set_code=round_.set_code, year=round_.year, withdrawn_on__isnull=True
    ).exists():
        problems.append("Đơn vị đã được công nhận cho bộ tiêu chí và năm này.")
    checksum = ""
    if decision_file is not None:
        try:
            kind = sniff_evidence(
                decision_file, decision_file.name or "qd", decision_file.size or 0
            )  # type: ignore[arg-type]
        except FileRejected as exc:
            problems.append(str(exc))
        else:
            digest = hashlib.sha256()
            for chunk in decision_file.chunks():
                digest.update(chunk)
            decision_file.seek(0)
            checksum = digest.hexdigest()
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        recognition = Recognition(
            unit=unit,
            set_code=round_.set_code,
            tier=tier,
            year=round_.year,
            decision_number=decision_number.strip(),
            decision_date=decision_date,
            signer=signer.strip(),
            decision_sha256=checksum,
            evaluation={
                "criteria_met": result.criteria_met,
                "criteria_total": result.criteria_total,
                "meets_standard": result.meets_standard,
                "tier_reached": result.tier_reached,
                "missing_indicators": list(result.missing_indicators),
                "set_version": result.set_version,
                "fingerprint": result.fingerprint,
                "illustrative": result.illustrative,
            },
            override_reason="" if meets else override_reason.strip(),
            recorded_by=actor,
        )
        if decision_file is not None:
            recognition.decision_file.save(f"{checksum[:16]}.{kind}", decision_file, save=False)
        recognition.save()
        audit.record(
            actor,
            "rounds.recognise",
            recognition,
            unit=unit,
            after={
                "decision": recognition.decision_number,
                "tier": tier,
                "override": bool(recognition.override_reason),
            },
            reason=recognition.override_reason,
        )
    return recognition


def do_withdraw_recognition(
    actor: Any,
    recognition: Recognition,
    *,
    decision_number: str,
    withdrawn_on: dt.date,
    reason: str,
    round_: Round | None = None,
) -> Recognition:
    """Withdraw (thu hồi) a recognition; the rule assessment (QĐ 18/2022) is stored with it."""
    _require(actor, Capability.APPROVE, recognition.unit)
    problems = []
    if recognition.withdrawn_on is not None:
        problems.append("Quyết định công nhận này đã bị thu hồi.")
    if not decision_number.strip() or not reason.strip():
        problems.append("Cần số quyết định thu hồi và lý do.")
    if problems:
        raise ValidationFailed(problems)
    assessment: dict[str, Any] = {}
    if round_ is not None:
        try:
            result = evaluation.approved_evaluation(round_, recognition.unit)
            assessment = withdrawal.assess(recognition.set_code, result).to_dict()
        except evaluation.ProfileIncomplete as exc:
            assessment = {"rule_known": False, "explanation": str(exc)}
    with transaction.atomic():
        recognition.withdrawn_on = withdrawn_on
        recognition.withdrawal_decision = decision_number.strip()
        recognition.withdrawal_reason = reason.strip()
        recognition.withdrawal_assessment = assessment
        recognition.save()
        audit.record(
            actor,
            "rounds.withdraw",
            recognition,
            unit=recognition.unit,
            after={"decision": recognition.withdrawal_decision, "assessment": assessment},
            reason=reason.strip(),
        )
    return recognition
