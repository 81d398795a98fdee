"""Pure parts (no Django): tables and their totals, definitions, the SVG chart, the workbook."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from nongthonmoi.reports.definitions import DefinitionError, load_definitions, parse_definition
from nongthonmoi.reports.periods import Period
from nongthonmoi.reports.svg import bar_chart
from nongthonmoi.reports.tables import ChartSpec, Column, Table, rate
from nongthonmoi.reports.xlsx import FIRST_DATA_ROW, SheetSection, build_workbook, sheet_name

COLUMNS = [
    Column("name", "Tên", "text"),
    Column("met", "Đạt", "int", total=True),
    Column("all", "Tổng", "int", total=True),
    Column("rate", "Tỷ lệ", "percent", ratio=("met", "all")),
]


def table(rows: list[list[object]]) -> Table:
    return Table(
        COLUMNS,
        [[*r, rate(r[1], r[2])] for r in rows],  # type: ignore[index,arg-type]
        chart=ChartSpec("name", ("met",), "Biểu đồ <thử>"),
    )


def test_the_totals_row_sums_and_takes_the_ratio_of_sums_not_the_sum_of_ratios() -> None:
    assert table([["A", 1, 2], ["B", 3, 8]]).totals() == ["Tổng cộng", 4, 10, 0.4]


def test_a_rate_over_zero_is_empty_not_an_error() -> None:
    assert rate(3, 0) is None and rate(None, 5) is None


@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 10**6)), max_size=20))
def test_a_table_survives_its_json_snapshot(pairs: list[tuple[int, int]]) -> None:
    original = table([[f"X{i}", a, b] for i, (a, b) in enumerate(pairs)])
    assert Table.from_dict(original.to_dict()) == original


def test_the_shipped_definitions_load_and_name_known_providers() -> None:
    from nongthonmoi.reports.definitions import DEFINITIONS_DIR

    definitions = load_definitions()
    assert set(definitions) == {
        "bao-cao-6-thang",
        "bao-cao-nam",
        "bao-cao-cuoi-giai-doan-2021-2025",
    }
    assert definitions["bao-cao-cuoi-giai-doan-2021-2025"].map == "2021"
    known = [
        "units.summary",
        "criteria.by_group",
        "criteria.by_count",
        "criteria.newly_recognised",
        "ocop.by_stars",
        "funding.by_source",
        "funding.by_kind",
        "targets.status",
        "feedback.coverage",
        "phase.merger",
    ]
    for path in Path(DEFINITIONS_DIR).glob("*.yaml"):
        parse_definition(path.read_text(encoding="utf-8"), path.name, known)


def test_a_bad_definition_lists_every_problem() -> None:
    text = """
code: x
title: X
period_kind: monthly
map: "2025"
version: 1
sections:
  - {key: a, title: A, kind: table}
  - {key: a, title: B, kind: text, provider: units.summary}
"""
    with pytest.raises(DefinitionError) as caught:
        parse_definition(text, "x.yaml")
    message = str(caught.value)
    assert "period_kind" in message and "sections.0" in message and "sections.1" in message


def test_an_unknown_provider_is_named() -> None:
    text = (
        'code: x\ntitle: X\nperiod_kind: year\nmap: "2025"\nversion: 1\nsections:\n'
        "  - {key: a, title: A, kind: table, provider: no.such}\n"
    )
    with pytest.raises(DefinitionError, match="no.such"):
        parse_definition(text, "x.yaml", ["units.summary"])


def test_the_chart_is_svg_with_escaped_text_and_one_bar_per_row() -> None:
    svg = bar_chart(table([["<A&B>", 1, 2], ["C", 3, 4]]))
    assert svg.startswith("<svg") and "<script" not in svg
    assert "&lt;A&amp;B&gt;" in svg and "Biểu đồ &lt;thử&gt;" in svg
    assert svg.count('height="18"') == 2


def test_periods_have_their_dates_and_labels() -> None:
    first = Period("half_year", 2026, 1)
    assert (first.start.isoformat(), first.end.isoformat()) == ("2026-01-01", "2026-06-30")
    assert first.label() == "6 tháng đầu năm 2026"
    phase = Period("phase", 2025)
    assert phase.years == [2021, 2022, 2023, 2024, 2025] and phase.label() == "giai đoạn 2021–2025"


def test_the_workbook_writes_sum_and_division_formulas_and_safe_sheet_names() -> None:
    data = build_workbook(
        [("Báo cáo", "Thử")],
        [SheetSection("a", "Kết quả: theo nhóm/vùng [2026]", table([["A", 1, 2], ["B", 3, 8]]))],
        [("Khó khăn", "Thiếu vốn")],
    )
    book = load_workbook(io.BytesIO(data))
    assert sheet_name(1, "Kết quả: theo nhóm/vùng [2026]") == "1. Kết quả  theo nhóm vùng  202"
    sheet = book.worksheets[1]
    first, last = FIRST_DATA_ROW, FIRST_DATA_ROW + 1
    assert sheet.cell(first, 4).value == f'=IF(C{first}=0,"",B{first}/C{first})'
    assert sheet.cell(last + 1, 2).value == f"=SUM(B{first}:B{last})"
    assert sheet.cell(last + 1, 4).value == f'=IF(C{last + 1}=0,"",B{last + 1}/C{last + 1})'
    assert sheet.cell(first, 4).number_format == "0.0%"
    assert book.worksheets[-1]["B1"].value == "Thiếu vốn"
