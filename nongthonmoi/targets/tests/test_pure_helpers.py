"""Pure helpers: aggregation properties, Excel reading, Gantt bars."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D
from types import SimpleNamespace

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nongthonmoi.targets import sheets
from nongthonmoi.targets.aggregation import UnitFigure, aggregate
from nongthonmoi.targets.catalogue import Aggregation
from nongthonmoi.targets.timeline import timeline_rows

from .conftest import xlsx

pairs = st.lists(
    st.tuples(st.integers(0, 500), st.integers(1, 500)).map(lambda p: (min(p), p[1])),
    min_size=1,
    max_size=30,
)


@given(pairs)
def test_a_ratio_of_sums_ignores_the_order_of_units_and_stays_within_0_and_100(rows) -> None:  # type: ignore[no-untyped-def]
    figures = [
        UnitFigure(str(i), numerator=D(n), denominator=D(d)) for i, (n, d) in enumerate(rows)
    ]
    forward = aggregate(Aggregation.RATIO_OF_SUMS, figures)
    backward = aggregate(Aggregation.RATIO_OF_SUMS, list(reversed(figures)))
    assert forward.value == backward.value
    assert forward.value is not None and D(0) <= forward.value <= D(100)
    assert forward.numerator == sum(D(n) for n, _ in rows)


@given(st.lists(st.sampled_from([0, 1]), min_size=1, max_size=50))
def test_a_share_is_the_count_meeting_over_the_count(values) -> None:  # type: ignore[no-untyped-def]
    figures = [UnitFigure(str(i), D(v)) for i, v in enumerate(values)]
    result = aggregate(Aggregation.SHARE_MEETING, figures)
    assert result.value == D(sum(values)) / D(len(values)) * 100


def test_a_sheet_without_a_required_column_names_it() -> None:
    columns = [sheets.Column("a", "Mã xã"), sheets.Column("b", "Năm", parse=sheets.year)]
    with pytest.raises(sheets.SheetError) as error:
        sheets.read_sheet(xlsx([["Mã xã"], ["01290"]]), columns)
    assert error.value.problems == ["Dòng 1: thiếu cột “Năm”"]


def test_headers_match_without_diacritics_and_decimal_commas_are_read() -> None:
    columns = [sheets.Column("v", "Giá trị", parse=sheets.decimal)]
    parsed = sheets.read_sheet(xlsx([["gia tri"], ["12,5"], [None], [7]]), columns)
    assert [row["v"] for _, row in parsed.rows] == [D("12.5"), D(7)]
    assert [n for n, _ in parsed.rows] == [2, 4]


def test_a_file_that_is_not_excel_is_refused_clearly() -> None:
    with pytest.raises(sheets.SheetError, match="Không đọc được tệp Excel"):
        sheets.read_sheet(b"not a workbook", [sheets.Column("a", "A")])


def task(start: dt.date, deadline: dt.date, state: str = "open") -> SimpleNamespace:
    t = SimpleNamespace(start_date=start, deadline=deadline, state=state)
    t.display_state = lambda today: "overdue" if state != "done" and deadline < today else state
    return t


def test_gantt_bars_are_placed_and_clipped_within_the_year() -> None:
    year = (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    rows = timeline_rows(
        [
            task(dt.date(2023, 1, 1), dt.date(2023, 12, 31)),
            task(dt.date(2022, 6, 1), dt.date(2023, 1, 31)),
            task(dt.date(2021, 1, 1), dt.date(2021, 2, 1)),  # outside: dropped
        ],
        dt.date(2023, 7, 2),
        *year,
    )
    full, clipped = rows["bars"]
    assert (full.left, full.width) == (0, 100)
    assert clipped.left == 0 and clipped.clipped_start and clipped.state == "overdue"
    assert round(clipped.width, 1) == round(31 / 365 * 100, 1)
    assert rows["today"] == round((dt.date(2023, 7, 2) - year[0]).days / 365 * 100, 2)
