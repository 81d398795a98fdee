"""What-if comparisons and their Excel export."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from nongthonmoi.funding.allocation import allocate
from nongthonmoi.funding.rulebook import load_rule
from nongthonmoi.funding.units import Commune
from nongthonmoi.funding.whatif import (
    DECREASE_FILL,
    INCREASE_FILL,
    compare,
    export_comparison_xlsx,
    with_coefficient,
    with_commune_changes,
)

QD07 = load_rule("qd-07-2022")
COMMUNES = [
    Commune("00001", "01", 10, False),
    Commune("00002", "01", 16, False),
    Commune("00003", "02", 19, True),
    Commune("00004", "02", 12, False),
]


def test_a_changed_total_shows_each_units_difference() -> None:
    # K: 01 = 5.0 + 3.0 = 8.0; 02 = 1.0 + 5.0 = 6.0.
    current = allocate(QD07, 14_000_000, COMMUNES)
    changed = allocate(QD07, 28_000_000, COMMUNES)
    comparison = compare(current, changed)
    assert [(r.unit_code, r.old_amount, r.new_amount, r.difference) for r in comparison.rows] == [
        ("01", 8_000_000, 16_000_000, 8_000_000),
        ("02", 6_000_000, 12_000_000, 6_000_000),
    ]
    assert comparison.total_difference == 14_000_000


def test_a_changed_coefficient_moves_money_between_units() -> None:
    current = allocate(QD07, 14_000_000, COMMUNES)
    rule = with_coefficient(QD07, "from_15_to_18", Decimal("1.0"))
    comparison = compare(current, allocate(rule, 14_000_000, COMMUNES))
    row = comparison.row("01")
    assert (row.old_coefficient, row.new_coefficient) == (Decimal("8.0"), Decimal("6.0"))
    # 14 units over 6 + 6: seven each.
    assert (row.old_amount, row.new_amount, row.difference) == (8_000_000, 7_000_000, -1_000_000)
    assert comparison.row("02").difference == 1_000_000
    assert QD07.group("from_15_to_18").coefficient == Decimal("3.0")  # the original is untouched


def test_a_changed_commune_status_changes_its_parent() -> None:
    current = allocate(QD07, 14_000_000, COMMUNES)
    communes = with_commune_changes(COMMUNES, "00004", recognised=True, criteria_met=19)
    comparison = compare(current, allocate(QD07, 14_000_000, communes))
    # 02 falls from 6.0 to 2.0: 14 units over 8 + 2 → 11.2 and 2.8 units.
    assert comparison.row("02").new_coefficient == Decimal("2.0")
    assert (comparison.row("01").new_amount, comparison.row("02").new_amount) == (
        11_000_000,
        3_000_000,
    )


def test_a_unit_present_on_one_side_only_counts_as_zero_on_the_other() -> None:
    current = allocate(QD07, 14_000_000, COMMUNES)
    moved = with_commune_changes(COMMUNES, "00004", parent_code="03")
    comparison = compare(current, allocate(QD07, 14_000_000, moved))
    row = comparison.row("03")
    assert (row.old_coefficient, row.old_amount, row.new_amount) == (None, 0, 5_000_000)


def test_changing_an_unknown_group_or_commune_fails_loudly() -> None:
    with pytest.raises(KeyError):
        with_coefficient(QD07, "no_such_group", Decimal(1))
    with pytest.raises(KeyError):
        with_commune_changes(COMMUNES, "99999", recognised=True)


def test_the_excel_export_holds_both_allocations_and_highlights_differences(
    tmp_path: Path,
) -> None:
    current = allocate(QD07, 14_000_000, COMMUNES)
    rule = with_coefficient(QD07, "from_15_to_18", Decimal("1.0"))
    comparison = compare(current, allocate(rule, 14_000_000, COMMUNES))
    path = tmp_path / "so-sanh.xlsx"
    export_comparison_xlsx(comparison, path, title="Thử hệ số 1,0")
    workbook = load_workbook(path)
    assert workbook.sheetnames == ["So sánh", "Hiện tại", "Phương án mới"]
    sheet = workbook["So sánh"]
    assert sheet["A1"].value == "Thử hệ số 1,0"
    rows = [[cell.value for cell in row][:6] for row in sheet.iter_rows(min_row=5, max_row=7)]
    assert rows == [
        ["01", 8, 8_000_000, 6, 7_000_000, -1_000_000],
        ["02", 6, 6_000_000, 6, 7_000_000, 1_000_000],
        ["Tổng", None, 14_000_000, None, 14_000_000, 0],
    ]
    assert sheet["F5"].fill.fgColor.rgb.endswith(DECREASE_FILL.fgColor.rgb[-6:])
    assert sheet["F6"].fill.fgColor.rgb.endswith(INCREASE_FILL.fgColor.rgb[-6:])
    assert sheet["C5"].number_format == "#,##0"
    detail = [[c.value for c in row] for row in workbook["Phương án mới"].iter_rows()]
    assert ["01", 6, Decimal("50.0000"), 7_000_000, "1 xã × 5,0 + 1 xã × 1,0 = 6,0"] in [
        [Decimal(str(v)) if isinstance(v, float) else v for v in row] for row in detail
    ]
