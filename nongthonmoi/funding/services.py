"""Every write of the funding app: permission (MANAGE), validation, one transaction, audit."""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import can
from nongthonmoi.core import audit
from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.core.money import group_digits
from nongthonmoi.places.models import AdminUnit, Level

from .allocation import FUND_KIND_LABELS, FUND_KINDS, Allocation
from .disbursement_file import DisbursementFileError, DisbursementRow, read_disbursements
from .inputs import InputProblem
from .models import (
    AllocationDecision,
    Disbursement,
    Mobilisation,
    MobilisationForm,
    MobilisationSource,
    ProvincialRule,
    PublishedYear,
)
from .rulebook import RuleFileError, rule_from_text
from .yaml_source import YamlSyntaxError

MIN_YEAR, MAX_YEAR = 2010, 2100


def _require_manage(user: Any, unit: AdminUnit) -> None:
    if not can(user, Capability.MANAGE, unit):
        raise PermissionDeniedError("Bạn không có quyền quản lý vốn của đơn vị này.")


def _require_province(unit: AdminUnit) -> None:
    if unit.level != Level.PROVINCE:
        raise ValidationFailed(["Chỉ cấp tỉnh mới thực hiện thao tác này."])


def _check_year(year: int, problems: list[str]) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        problems.append(f"Năm {year} không hợp lệ.")


# --- provincial rules -----------------------------------------------------------------------------


def do_save_provincial_rule(
    user: Any,
    province: AdminUnit,
    *,
    text: str,
    resolution_number: str,
    resolution_date: dt.date,
) -> ProvincialRule:
    """Store a province's own rule as a new version (earlier versions stay as they were)."""
    _require_manage(user, province)
    _require_province(province)
    problems: list[str] = []
    rule = None
    try:
        rule = rule_from_text(text, "quy-dinh-tinh.yaml")
    except RuleFileError as error:
        problems.extend(error.problems)
    except YamlSyntaxError as error:
        problems.append(str(error))
    if rule is not None:
        if rule.kind != "provincial":
            problems.append("Quy định của tỉnh phải có 'kind: provincial'.")
        if rule.province_code != province.code:
            problems.append(
                f"province_code phải là mã của tỉnh ({province.code}), không phải "
                f"'{rule.province_code}'."
            )
    if not resolution_number.strip():
        problems.append("Thiếu số nghị quyết HĐND.")
    if problems:
        raise ValidationFailed(problems)
    assert rule is not None
    with transaction.atomic():
        last = (
            ProvincialRule.objects.select_for_update()
            .filter(province=province, code=rule.code)
            .order_by("-version")
            .first()
        )
        row = ProvincialRule.objects.create(
            province=province,
            code=rule.code,
            version=(last.version + 1) if last else 1,
            resolution_number=resolution_number.strip(),
            resolution_date=resolution_date,
            text=text,
            created_by=user,
        )
        audit.record(
            user,
            "funding.save_rule",
            row,
            unit=province,
            after=audit.snapshot(row, ["code", "version", "resolution_number"]),
        )
    return row


# --- allocation decisions ---------------------------------------------------------------------


def do_save_allocation(
    user: Any,
    province: AdminUnit,
    allocation: Allocation,
    *,
    year: int,
    decision_number: str,
    decision_date: dt.date,
    parameters: dict[str, Any],
) -> list[AllocationDecision]:
    """Save a what-if result as one AllocationDecision per commune, all or nothing."""
    _require_manage(user, province)
    _require_province(province)
    problems: list[str] = []
    _check_year(year, problems)
    decision_number = decision_number.strip()
    if not decision_number:
        problems.append("Thiếu số quyết định phân bổ.")
    if allocation.fund_kind not in FUND_KINDS:
        problems.append("Chưa chọn loại vốn (đầu tư phát triển hoặc sự nghiệp).")
    if allocation.level != "commune":
        problems.append("Tỉnh chỉ lưu phân bổ trực tiếp cho các xã.")
    units = {
        u.code: u
        for u in AdminUnit.objects.filter(
            structure=province.structure,
            province=province,
            level=Level.COMMUNE,
            code__in=[x.unit_code for x in allocation.units],
        )
    }
    unknown = sorted({x.unit_code for x in allocation.units} - set(units))
    if unknown:
        problems.append(f"Các mã sau không phải xã của tỉnh: {', '.join(unknown)}.")
    if AllocationDecision.objects.filter(
        from_unit=province, decision_number=decision_number, fund_kind=allocation.fund_kind
    ).exists():
        problems.append(
            f"Quyết định số {decision_number} đã có phân bổ "
            f"{FUND_KIND_LABELS.get(allocation.fund_kind or '', '')}; "
            "hãy dùng số quyết định khác."
        )
    if problems:
        raise ValidationFailed(problems)
    batch = uuid.uuid4().hex
    rows = [
        AllocationDecision(
            from_unit=province,
            to_unit=units[x.unit_code],
            province=province,
            year=year,
            fund_kind=allocation.fund_kind,
            amount=x.amount,
            decision_number=decision_number,
            decision_date=decision_date,
            rule_code=allocation.rule_code,
            coefficient=x.coefficient,
            breakdown=x.breakdown_text[:500],
            parameters={
                **parameters,
                "total": allocation.total,
                "rounding_unit": allocation.rounding_unit,
                "share": str(x.share_decimal()),
            },
            batch=batch,
            created_by=user,
        )
        for x in allocation.units
        if x.amount > 0  # communes the rule gives nothing stay in `parameters`, not as rows
    ]
    try:
        with transaction.atomic():
            created = _create_allocation(
                user, province, rows, batch, decision_number, year, allocation
            )
    except IntegrityError as error:  # the same decision saved at the same moment by someone else
        raise ValidationFailed(
            [f"Quyết định số {decision_number} vừa được lưu; hãy tải lại trang."]
        ) from error
    return created


def _create_allocation(
    user: Any,
    province: AdminUnit,
    rows: list[AllocationDecision],
    batch: str,
    decision_number: str,
    year: int,
    allocation: Allocation,
) -> list[AllocationDecision]:
    created = AllocationDecision.objects.bulk_create(rows)
    audit.record(
        user,
        "funding.save_allocation",
        None,
        object_type="funding.AllocationDecision",
        unit=province,
        after={
            "batch": batch,
            "decision_number": decision_number,
            "year": year,
            "fund_kind": allocation.fund_kind,
            "rule_code": allocation.rule_code,
            "total": allocation.total,
            "lines": len(rows),
        },
    )
    return created


# --- disbursements ------------------------------------------------------------------------------


def _disbursed(allocation: AllocationDecision) -> int:
    return allocation.disbursements.aggregate(total=Sum("amount"))["total"] or 0


def _check_disbursement(
    allocation: AllocationDecision, date: dt.date, amount: int, already: int
) -> list[str]:
    problems = []
    if amount <= 0:
        problems.append("Số tiền giải ngân phải lớn hơn 0.")
    if date < allocation.decision_date:
        problems.append(
            f"Ngày giải ngân {date:%d/%m/%Y} trước ngày quyết định phân bổ "
            f"({allocation.decision_date:%d/%m/%Y})."
        )
    if date > timezone.localdate():
        problems.append(f"Ngày giải ngân {date:%d/%m/%Y} ở tương lai.")
    if amount > 0 and already + amount > allocation.amount:
        problems.append(
            f"Tổng giải ngân ({group_digits(already + amount)} đồng) vượt số vốn được phân bổ "
            f"({group_digits(allocation.amount)} đồng)."
        )
    return problems


def do_record_disbursement(
    user: Any, allocation: AllocationDecision, *, date: dt.date, amount: int, note: str = ""
) -> Disbursement:
    _require_manage(user, allocation.to_unit)
    with transaction.atomic():
        locked = AllocationDecision.objects.select_for_update().get(pk=allocation.pk)
        problems = _check_disbursement(locked, date, amount, _disbursed(locked))
        if problems:
            raise ValidationFailed(problems)
        row = Disbursement.objects.create(
            allocation=locked, date=date, amount=amount, note=note.strip(), created_by=user
        )
        audit.record(
            user,
            "funding.disburse",
            row,
            unit=locked.to_unit,
            after=audit.snapshot(row, ["allocation", "date", "amount", "note"]),
        )
    return row


def do_import_disbursements(
    user: Any, province: AdminUnit, content: bytes, filename: str
) -> list[Disbursement]:
    """All rows of a disbursement report, or none: every problem by row and column."""
    _require_manage(user, province)
    _require_province(province)
    problems: list[InputProblem] = []
    try:
        parsed = read_disbursements(content, filename)
    except DisbursementFileError as error:
        if not error.rows:
            raise ValidationFailed(error.messages) from error
        problems.extend(error.problems)  # check the good rows too: report everything at once
        parsed = error.rows
    with transaction.atomic():
        allocations = _allocations_for(province, parsed)
        planned: dict[int, int] = defaultdict(int)
        rows: list[Disbursement] = []
        for line in parsed:
            allocation = allocations.get((line.commune_code, line.decision_number, line.fund_kind))
            if allocation is None:
                problems.append(
                    InputProblem(
                        line.row,
                        "decision_number",
                        f"không có quyết định phân bổ {line.decision_number} "
                        f"({FUND_KIND_LABELS[line.fund_kind]}) "
                        f"cho xã {line.commune_code} của tỉnh",
                    )
                )
                continue
            if Disbursement.objects.filter(
                allocation=allocation, date=line.date, amount=line.amount
            ).exists():
                problems.append(
                    InputProblem(
                        line.row,
                        "amount",
                        "khoản giải ngân này đã được ghi trước đây (cùng quyết định, ngày và số tiền)",
                    )
                )
                continue
            already = _disbursed(allocation) + planned[allocation.pk]
            for message in _check_disbursement(allocation, line.date, line.amount, already):
                column = "date" if message.startswith("Ngày") else "amount"
                problems.append(InputProblem(line.row, column, message))
            planned[allocation.pk] += line.amount
            rows.append(
                Disbursement(
                    allocation=allocation,
                    date=line.date,
                    amount=line.amount,
                    note=line.note[:300],
                    source=Disbursement.Source.IMPORT,
                    created_by=user,
                )
            )
        if problems:
            problems.sort(key=lambda p: p.row or 0)  # stable: columns keep their order in a row
            raise ValidationFailed([str(p) for p in problems])
        created = Disbursement.objects.bulk_create(rows)
        audit.record(
            user,
            "funding.import_disbursements",
            None,
            object_type="funding.Disbursement",
            unit=province,
            after={"file": filename, "rows": len(created), "total": sum(r.amount for r in rows)},
        )
    return created


def _allocations_for(
    province: AdminUnit, parsed: list[DisbursementRow]
) -> dict[tuple[str, str, str], AllocationDecision]:
    qs = (
        AllocationDecision.objects.select_for_update()
        .filter(
            province=province,
            decision_number__in={r.decision_number for r in parsed},
            to_unit__code__in={r.commune_code for r in parsed},
        )
        .select_related("to_unit")
    )
    return {(a.to_unit.code, a.decision_number, a.fund_kind): a for a in qs}


# --- mobilised resources ------------------------------------------------------------------------


def do_record_mobilisation(
    user: Any,
    unit: AdminUnit,
    *,
    year: int,
    source: str,
    form: str,
    amount: int,
    description: str = "",
) -> Mobilisation:
    _require_manage(user, unit)
    problems: list[str] = []
    _check_year(year, problems)
    if source not in MobilisationSource.values:
        problems.append(f"Nguồn '{source}' không hợp lệ.")
    if form not in MobilisationForm.values:
        problems.append(f"Hình thức '{form}' không hợp lệ.")
    if amount <= 0:
        problems.append("Giá trị phải lớn hơn 0.")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        row = Mobilisation.objects.create(
            unit=unit,
            province=unit.province or unit,
            year=year,
            source=source,
            form=form,
            amount=amount,
            description=description.strip(),
            created_by=user,
        )
        audit.record(
            user,
            "funding.mobilise",
            row,
            unit=unit,
            after=audit.snapshot(row, ["year", "source", "form", "amount", "description"]),
        )
    return row


# --- publication --------------------------------------------------------------------------------


def do_publish_year(user: Any, province: AdminUnit, year: int) -> PublishedYear:
    _require_manage(user, province)
    _require_province(province)
    problems: list[str] = []
    _check_year(year, problems)
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        existing = PublishedYear.objects.filter(
            province=province, year=year, withdrawn_at__isnull=True
        ).first()
        if existing is not None:
            return existing
        row = PublishedYear.objects.create(province=province, year=year, published_by=user)
        audit.record(user, "funding.publish_year", row, unit=province, after={"year": year})
    return row


def do_withdraw_year(user: Any, province: AdminUnit, year: int, reason: str = "") -> None:
    _require_manage(user, province)
    _require_province(province)
    with transaction.atomic():
        row = PublishedYear.objects.filter(
            province=province, year=year, withdrawn_at__isnull=True
        ).first()
        if row is None:
            raise ValidationFailed([f"Năm {year} chưa được công bố."])
        row.withdrawn_at = timezone.now()
        row.withdrawn_by = user
        row.save(update_fields=["withdrawn_at", "withdrawn_by"])
        audit.record(
            user, "funding.withdraw_year", row, unit=province, after={"year": year}, reason=reason
        )
