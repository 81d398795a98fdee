"""What-if: compare the current allocation with a changed one, and export both to Excel.

Public API:
    compare(current, changed) -> Comparison
        per unit: old and new coefficient, old and new amount, difference (new − old).
        A unit present on one side only counts as 0 on the other.
    with_coefficient(rule, group_id, coefficient) -> AllocationRule   (a changed coefficient)
    with_commune_changes(communes, code, **fields) -> list[Commune]   (a changed status)
    export_comparison_xlsx(comparison, destination, *, title="") -> None
        sheets "So sánh" (differences highlighted), "Hiện tại", "Phương án mới".
A changed total needs no helper: call `allocate` again with the new total.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from .allocation import FUND_KIND_LABELS, Allocation
from .rulebook import AllocationRule, CoefficientGroup
from .units import Commune

MONEY_FORMAT = "#,##0"
COEFFICIENT_FORMAT = "#,##0.0##"
INCREASE_FILL = PatternFill("solid", fgColor="C6EFCE")  # green: receives more
DECREASE_FILL = PatternFill("solid", fgColor="FFC7CE")  # red: receives less
BOLD = Font(bold=True)


@dataclass(frozen=True)
class ComparisonRow:
    unit_code: str
    old_coefficient: Decimal | None  # None: the unit is not in the current allocation
    new_coefficient: Decimal | None  # None: the unit is not in the changed allocation
    old_amount: int
    new_amount: int
    old_breakdown: str
    new_breakdown: str

    @property
    def difference(self) -> int:
        return self.new_amount - self.old_amount

    @property
    def changed(self) -> bool:
        return self.difference != 0 or self.old_coefficient != self.new_coefficient


@dataclass(frozen=True)
class Comparison:
    current: Allocation
    changed: Allocation
    rows: tuple[ComparisonRow, ...]

    @property
    def total_difference(self) -> int:
        return self.changed.total - self.current.total

    def row(self, unit_code: str) -> ComparisonRow:
        for row in self.rows:
            if row.unit_code == unit_code:
                return row
        raise KeyError(unit_code)


def compare(current: Allocation, changed: Allocation) -> Comparison:
    old = {unit.unit_code: unit for unit in current.units}
    new = {unit.unit_code: unit for unit in changed.units}
    rows = tuple(
        ComparisonRow(
            unit_code=code,
            old_coefficient=old[code].coefficient if code in old else None,
            new_coefficient=new[code].coefficient if code in new else None,
            old_amount=old[code].amount if code in old else 0,
            new_amount=new[code].amount if code in new else 0,
            old_breakdown=old[code].breakdown_text if code in old else "",
            new_breakdown=new[code].breakdown_text if code in new else "",
        )
        for code in sorted(old.keys() | new.keys())
    )
    return Comparison(current, changed, rows)


def with_coefficient(rule: AllocationRule, group_id: str, coefficient: Decimal) -> AllocationRule:
    """The same rule with one group's coefficient changed (raises KeyError if no such group)."""
    if coefficient < 0:
        raise ValueError("hệ số không được âm")
    rule.group(group_id)

    def changed(group: CoefficientGroup) -> CoefficientGroup:
        return (
            dataclasses.replace(group, coefficient=coefficient) if group.id == group_id else group
        )

    default = rule.default_group
    return dataclasses.replace(
        rule,
        groups=tuple(changed(group) for group in rule.groups),
        default_group=changed(default) if default is not None else None,
    )


def with_commune_changes(communes: Iterable[Commune], code: str, **fields: Any) -> list[Commune]:
    """The same communes with one commune's fields changed (e.g. recognised=True)."""
    communes = list(communes)
    if not any(commune.code == code for commune in communes):
        raise KeyError(code)
    return [
        dataclasses.replace(commune, **fields) if commune.code == code else commune
        for commune in communes
    ]


def export_comparison_xlsx(
    comparison: Comparison, destination: str | Path | IO[bytes], *, title: str = ""
) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "So sánh"
    _write_comparison(sheet, comparison, title)
    _write_allocation(workbook.create_sheet("Hiện tại"), comparison.current, "Phương án hiện tại")
    _write_allocation(workbook.create_sheet("Phương án mới"), comparison.changed, "Phương án mới")
    workbook.save(destination)


def _write_comparison(sheet: Worksheet, comparison: Comparison, title: str) -> None:
    sheet.append([title or "So sánh phương án phân bổ"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(
        [
            "Tổng hiện tại",
            comparison.current.total,
            "Tổng mới",
            comparison.changed.total,
            "Chênh lệch",
            comparison.total_difference,
        ]
    )
    for cell in ("B2", "D2", "F2"):
        sheet[cell].number_format = MONEY_FORMAT
    sheet.append([])
    headers = [
        "Mã đơn vị",
        "Hệ số hiện tại",
        "Số tiền hiện tại (đồng)",
        "Hệ số mới",
        "Số tiền mới (đồng)",
        "Chênh lệch (đồng)",
        "Cách tính hiện tại",
        "Cách tính mới",
    ]
    sheet.append(headers)
    for cell in sheet[4]:
        cell.font = BOLD
    current = sheet.max_row  # counted by hand: max_row scans every cell (quadratic in a loop)
    for row in comparison.rows:
        current += 1
        sheet.append(
            [
                row.unit_code,
                row.old_coefficient,
                row.old_amount,
                row.new_coefficient,
                row.new_amount,
                row.difference,
                row.old_breakdown,
                row.new_breakdown,
            ]
        )
        for column in ("B", "D"):
            sheet[f"{column}{current}"].number_format = COEFFICIENT_FORMAT
        for column in ("C", "E", "F"):
            sheet[f"{column}{current}"].number_format = MONEY_FORMAT
        if row.difference > 0:
            sheet[f"F{current}"].fill = INCREASE_FILL
        elif row.difference < 0:
            sheet[f"F{current}"].fill = DECREASE_FILL
    sheet.append(
        [
            "Tổng",
            None,
            sum(r.old_amount for r in comparison.rows),
            None,
            sum(r.new_amount for r in comparison.rows),
            sum(r.difference for r in comparison.rows),
        ]
    )
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
        if cell.column_letter in {"C", "E", "F"}:
            cell.number_format = MONEY_FORMAT
    _fit_columns(sheet, [12, 14, 22, 14, 22, 20, 50, 50])
    sheet.freeze_panes = "B5"


def _write_allocation(sheet: Worksheet, allocation: Allocation, heading: str) -> None:
    fund = FUND_KIND_LABELS.get(allocation.fund_kind or "", "")
    sheet.append([heading + (f" — {fund}" if fund else "")])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(["Quy tắc", allocation.rule_code])
    sheet.append(["Tổng số tiền (đồng)", allocation.total])
    sheet.append(["Đơn vị làm tròn (đồng)", allocation.rounding_unit])
    for carve_out in allocation.carve_outs:
        sheet.append([f"Dành riêng: {carve_out.label_vi}", carve_out.amount])
    sheet.append(["Số tiền chia theo hệ số (đồng)", allocation.pool])
    for row in sheet.iter_rows(min_row=3, max_col=2):
        row[1].number_format = MONEY_FORMAT
    for skipped in allocation.skipped_components:
        sheet.append([f"Chưa áp dụng: {skipped.label_vi}", skipped.reason_vi])
    sheet.append([])
    sheet.append(["Mã đơn vị", "Hệ số", "Tỷ lệ (%)", "Số tiền (đồng)", "Cách tính"])
    for cell in sheet[sheet.max_row]:
        cell.font = BOLD
    current = sheet.max_row
    for unit in allocation.units:
        current += 1
        sheet.append(
            [unit.unit_code, unit.coefficient, unit.percent(4), unit.amount, unit.breakdown_text]
        )
        sheet[f"B{current}"].number_format = COEFFICIENT_FORMAT
        sheet[f"D{current}"].number_format = MONEY_FORMAT
    _fit_columns(sheet, [30, 14, 12, 22, 60])


def _fit_columns(sheet: Worksheet, widths: list[int]) -> None:
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows():
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=cell.column_letter in {"G", "H"})
