"""Criteria workbook: round trip, all-or-nothing import with the bad cell named."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from nongthonmoi.criteria.engine import UnitProfile, evaluate_unit
from nongthonmoi.criteria.loader import apply_overlay, list_sets, load_overlay_file, load_set
from nongthonmoi.criteria.tests.test_sets import ILLUSTRATIVE
from nongthonmoi.criteria.workbook import (
    SHEET_INDICATORS,
    WorkbookError,
    export_overlay,
    export_set,
    import_overlay,
    import_set,
    write_results,
)


@pytest.mark.parametrize("definition", list_sets(), ids=lambda d: d.code)
def test_export_then_import_gives_an_identical_set(definition, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "set.xlsx"
    export_set(definition, path)
    assert import_set(path) == definition


def test_an_overlaid_set_round_trips_too(tmp_path: Path) -> None:
    resolved = apply_overlay(load_set("xa-ntm-2026-2030"), load_overlay_file(ILLUSTRATIVE))
    export_set(resolved, tmp_path / "merged.xlsx")
    assert import_set(tmp_path / "merged.xlsx") == resolved.definition


def test_an_overlay_round_trips(tmp_path: Path) -> None:
    overlay = load_overlay_file(ILLUSTRATIVE)
    base = load_set("xa-ntm-2026-2030")
    export_overlay(overlay, tmp_path / "overlay.xlsx", base)
    assert import_overlay(tmp_path / "overlay.xlsx", base) == overlay


def test_the_sheet_has_one_row_per_indicator_and_threshold_columns(tmp_path: Path) -> None:
    path = tmp_path / "set.xlsx"
    export_set(load_set("xa-ntm-2021-2025"), path)
    sheet = load_workbook(path)[SHEET_INDICATORS]
    header = [c.value for c in sheet[1]]
    assert "Ngưỡng: DBSH" in header and "Ngưỡng 2022: TDMNPB" in header
    assert "Ngưỡng [xa-3-truong-tro-xuong]: TDMNPB" in header
    assert sheet.max_row == 1 + 57
    assert sheet[1][0].font.bold


def _edit(path: Path, code: str, column: str, value: object) -> str:
    book = load_workbook(path)
    sheet = book[SHEET_INDICATORS]
    header = [c.value for c in sheet[1]]
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 3).value == code)
    col = header.index(column) + 1
    sheet.cell(row, col).value = value
    book.save(path)
    return f"{sheet.cell(row, col).column_letter}{row}"


def test_a_bad_threshold_cell_is_rejected_with_its_address(tmp_path: Path) -> None:
    path = tmp_path / "set.xlsx"
    export_set(load_set("xa-ntm-2021-2025"), path)
    cell = _edit(path, "3.1", "Ngưỡng: DBSH", "tám mươi")
    other = _edit(path, "3.2", "Ngưỡng: chung", "có lẽ")
    with pytest.raises(WorkbookError) as caught:
        import_set(path)
    message = str(caught.value)
    assert f"{SHEET_INDICATORS}!{cell}" in message and "tám mươi" in message
    assert f"{SHEET_INDICATORS}!{other}" in message
    assert len(caught.value.problems) == 2


def test_an_unknown_comparator_is_rejected_with_its_row(tmp_path: Path) -> None:
    path = tmp_path / "set.xlsx"
    export_set(load_set("tinh-hoan-thanh-2021-2025"), path)
    cell = _edit(path, "6", "So sánh", "about")
    with pytest.raises(WorkbookError, match=f"{SHEET_INDICATORS}!{cell} \\(comparator\\)"):
        import_set(path)


def test_a_threshold_for_a_region_in_a_group_set_names_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "set.xlsx"
    export_set(load_set("tinh-hoan-thanh-2021-2025"), path)
    cell = _edit(path, "5", "Ngưỡng: chung", 7)  # a number on a yes/no indicator
    with pytest.raises(WorkbookError) as caught:
        import_set(path)
    assert f"{SHEET_INDICATORS}!{cell}" in str(caught.value)


def test_an_official_annex_can_be_loaded_by_filling_the_sheet(tmp_path: Path) -> None:
    path = tmp_path / "set.xlsx"
    export_set(load_set("xa-ntm-2026-2030"), path)
    _edit(path, "8.a", "Ngưỡng: nhóm 2", "85%")
    updated = import_set(path)
    indicator = updated.find_indicator("8.a")
    assert indicator is not None and indicator.thresholds["2"] == 85
    from nongthonmoi.criteria.loader import ResolvedSet

    result = evaluate_unit(ResolvedSet(updated), UnitProfile("X", group="2"), 2026, {"8.a": 90})
    assert result.criteria[7].indicators[0].status == "met"


def test_results_workbook_lists_every_unit_and_indicator(tmp_path: Path) -> None:
    resolved = load_set("xa-ntm-2021-2025")
    results = [
        evaluate_unit(resolved, UnitProfile(code, region="BTB"), 2024, {"3.1": 90})
        for code in ("A", "B")
    ]
    write_results(tmp_path / "out.xlsx", resolved, results)
    book = load_workbook(tmp_path / "out.xlsx")
    assert book["Kết quả"].max_row == 3
    assert book["Chi tiết"].max_row == 1 + 2 * 57
