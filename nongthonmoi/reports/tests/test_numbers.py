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
from django.urls import reverse
from openpyxl import load_workbook

from nongthonmoi.places import queries as places_queries
from nongthonmoi.places.models import Level
from nongthonmoi.reports import services
from nongthonmoi.reports.models import GenerationStatus
from nongthonmoi.reports.xlsx import FIRST_DATA_ROW

pytestmark = pytest.mark.django_db
SET_CODE, YEAR, BASIS = "xa-ntm-2026-2030", 2026, "approved"


@pytest.fixture
def targets_catalogue(db) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.targets.loading import sync_catalogue

    sync_catalogue()


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
def workbook(
    personas,
    units,
    criteria_demo,
    ocop_products,
    money,
    targets_catalogue,
    immediate_tasks,
    private_dir,
):  # type: ignore[no-untyped-def]
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


def test_criteria_numbers_equal_the_rendered_province_dashboard(
    workbook, client, personas, units
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    response = client.get(
        reverse("criteria:unit", kwargs={"structure": "2025", "code": units.province.code}),
        {"set": SET_CODE, "year": YEAR, "basis": BASIS},
    )
    summary = response.context["summary"]
    by_count = {
        int(label.split()[0]): n
        for label, n in sheet_rows(workbook, "Số xã theo số tiêu chí đạt")
        if n
    }
    assert by_count == {int(k): v for k, v in summary.by_criteria_met.items()}
    by_group = sheet_rows(workbook, "Kết quả thực hiện tiêu chí theo nhóm xã")
    assert sum(row[3] for row in by_group) == summary.meets_standard
    assert sum(row[1] for row in by_group) == summary.units_total


def test_funding_sheets_equal_money_lines_and_the_hand_count(workbook, money, units) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.funding import queries
    from nongthonmoi.funding.models import AllocationDecision, Mobilisation

    rows = sheet_rows(workbook, "Phân bổ và giải ngân theo loại vốn")
    assert [row[:4] for row in rows] == money["by_kind"]
    lines = queries.money_lines(
        AllocationDecision.objects.filter(province=units.province, year=YEAR)
    )
    assert sum(r[2] for r in rows) == sum(line.allocated for line in lines)
    assert sum(r[3] for r in rows) == sum(line.disbursed for line in lines)
    assert (
        rows[1][4] == f'=IF(C{FIRST_DATA_ROW + 1}=0,"",D{FIRST_DATA_ROW + 1}/C{FIRST_DATA_ROW + 1})'
    )
    sources = sheet_rows(workbook, "Huy động nguồn lực theo nguồn vốn")
    assert {(r[0], r[2]) for r in sources} == money["by_source"]
    mobilised = queries.mobilisation_by_source(Mobilisation.objects.filter(province=units.province))
    assert sum(r[2] for r in sources) == sum(mobilised.values())


def test_targets_sheet_equals_the_target_board(workbook, units) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.targets.queries import Board

    board = Board(units.province, "2025", dt.date(2026, 6, 30)).rows()
    assert len(board) >= 5
    rows = sheet_rows(workbook, "Các mục tiêu và tình trạng thực hiện")
    expected = [
        [r.target.code, r.status_label, float(r.shown_value) if r.shown_value is not None else None]
        for r in board
    ]
    assert [[row[0], row[6], row[3]] for row in rows] == expected


def test_survey_coverage_equals_the_survey_module(workbook, units) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.feedback.queries import online_feedback_coverage

    coverage = online_feedback_coverage(units.province, year=YEAR)
    rows = sheet_rows(workbook, "Lấy ý kiến sự hài lòng của người dân trực tuyến")
    assert [row[:3] for row in rows] == [
        [p["name"], p["covered"], p["communes"]] for p in coverage["provinces"]
    ]
