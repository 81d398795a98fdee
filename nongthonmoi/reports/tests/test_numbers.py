"""Acceptance: the report of the demo province carries the dashboards' numbers, cell by cell.

The Excel file is read back with openpyxl and compared with the query functions the dashboards
use (criteria.queries, ocop.queries, places.queries), called with the same arguments.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from typing import Any

import pytest
from openpyxl import load_workbook

from nongthonmoi.places import queries as places_queries
from nongthonmoi.places.models import Level
from nongthonmoi.reports import services
from nongthonmoi.reports.models import GenerationStatus
from nongthonmoi.reports.xlsx import FIRST_DATA_ROW

pytestmark = pytest.mark.django_db
SET_CODE, YEAR, BASIS = "xa-ntm-2026-2030", 2026, "approved"


def sheet_rows(workbook: Any, title: str) -> list[list[Any]]:
    """The data rows (no header, no totals) of the sheet whose A1 is the section title."""
    sheet = next(ws for ws in workbook.worksheets if ws["A1"].value == title)
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=FIRST_DATA_ROW)]
    return [r for r in rows if r[0] != "Tổng cộng"]


def totals_row(workbook: Any, title: str) -> list[Any]:
    sheet = next(ws for ws in workbook.worksheets if ws["A1"].value == title)
    return next(
        [c.value for c in row]
        for row in sheet.iter_rows(min_row=FIRST_DATA_ROW)
        if row[0].value == "Tổng cộng"
    )


@pytest.fixture
def workbook(personas, units, criteria_demo, ocop_products, immediate_tasks, private_dir):  # type: ignore[no-untyped-def]
    report = services.do_create_report(
        personas.approver, "bao-cao-6-thang", YEAR, 1, units.province
    )
    generation = services.do_request_generation(personas.approver, report)
    generation.refresh_from_db()
    assert generation.status == GenerationStatus.DONE, generation.error
    return load_workbook(io.BytesIO(generation.xlsx.read()))


def test_criteria_by_number_met_equals_the_dashboard_summary(workbook, units) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.criteria import queries

    summary = queries.summary_for(queries.scope_key(units.province), SET_CODE, YEAR, BASIS)
    assert summary is not None and summary.units_evaluated > 0
    rows = sheet_rows(workbook, "Số xã theo số tiêu chí đạt")
    in_report = {int(label.split()[0]): count for label, count in rows}
    expected = {int(k): v for k, v in summary.by_criteria_met.items()}
    assert {k: v for k, v in in_report.items() if v} == expected
    assert (
        totals_row(workbook, "Số xã theo số tiêu chí đạt")[1]
        == f"=SUM(B{FIRST_DATA_ROW}:B{FIRST_DATA_ROW + len(rows) - 1})"
    )
    assert sum(in_report.values()) == summary.units_evaluated


def test_criteria_by_commune_group_equals_the_province_evaluations(workbook, units) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.criteria import queries

    evaluations = list(queries.province_evaluations(units.province, SET_CODE, YEAR, BASIS))
    communes = Counter(u.commune_group for u in queries.evaluable_units(units.province, SET_CODE))
    evaluated = Counter(e.unit.commune_group for e in evaluations)
    meeting = Counter(e.unit.commune_group for e in evaluations if e.meets_standard)
    rows = sheet_rows(workbook, "Kết quả thực hiện tiêu chí theo nhóm xã")
    assert len(rows) == len(communes)
    for index, (label, n, n_evaluated, n_meeting, rate_formula) in enumerate(rows):
        group = int(label.split()[-1]) if label.startswith("Nhóm") else None
        assert (n, n_evaluated, n_meeting) == (communes[group], evaluated[group], meeting[group])
        row = FIRST_DATA_ROW + index
        assert rate_formula == f'=IF(B{row}=0,"",D{row}/B{row})'


def test_ocop_by_stars_equals_products_at_least_and_the_hand_count(
    workbook, units, ocop_products
) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.ocop.queries import products_at_least

    rows = dict(sheet_rows(workbook, "Sản phẩm OCOP theo số sao"))
    assert rows == ocop_products
    on = dt.date(2026, 6, 30)
    assert rows["3 sao"] + rows["4 sao"] + rows["5 sao"] == products_at_least(
        3, units.province, on=on
    )
    assert rows["5 sao"] == products_at_least(5, units.province, on=on)


def test_administrative_units_equal_the_unit_browser_counts(workbook, units) -> None:  # type: ignore[no-untyped-def]
    rows = sheet_rows(workbook, "Đơn vị hành chính trên địa bàn")
    assert rows == [
        [
            units.province.name,
            places_queries.units_under(units.province, Level.DISTRICT).count(),
            places_queries.units_under(units.province, Level.COMMUNE).count(),
        ]
    ]


def test_sections_without_a_data_source_say_so_instead_of_showing_numbers(workbook) -> None:  # type: ignore[no-untyped-def]
    for sheet in workbook.worksheets[1:]:
        note = sheet["A3"].value or ""
        if note.startswith("chưa có số liệu"):
            assert sheet.max_row <= FIRST_DATA_ROW - 1, sheet.title
