"""The template's pure reader and writer: whatever is written reads back as the same stored text."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ..workbook import (
    IndicatorSpec,
    TemplateMeta,
    TemplateRow,
    canonical_text,
    read_workbook,
    write_workbook,
)

META = TemplateMeta(7, "xa-ntm-2026-2030", 2026, "04", "04")
SPECS = {
    "3.a": IndicatorSpec("3.a", "Tốc độ tăng thu nhập", "%/năm", "number"),
    "3.b": IndicatorSpec("3.b", "Kế hoạch OCOP", "Đạt/Không đạt", "boolean"),
    "6.a": IndicatorSpec("6.a", "Tỷ lệ nghèo đa chiều", "%", "percentage"),
    "8.c": IndicatorSpec("8.c", "Số trường đạt chuẩn", "trường", "count"),
}
decimals = st.decimals(
    min_value=-1000, max_value=10**9, places=3, allow_nan=False, allow_infinity=False
)
values = {
    "3.a": st.none() | decimals,
    "3.b": st.none() | st.booleans(),
    "6.a": st.none() | st.decimals(min_value=0, max_value=100, places=2),
    "8.c": st.none() | st.integers(min_value=0, max_value=10**6).map(Decimal),
}
units = st.lists(
    st.sampled_from(["01290", "01294", "01297", "00001"]), min_size=1, max_size=4, unique=True
)


@st.composite
def rows(draw):  # type: ignore[no-untyped-def]
    result = []
    for unit in draw(units):
        for code in SPECS:
            comment = draw(st.text(alphabet="abcđạtơ ,.-", max_size=20)).strip()
            result.append(TemplateRow(unit, f"Xã {unit}", code, "≥ 1", draw(values[code]), comment))
    return result


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(written=rows())
def test_what_is_written_reads_back_as_the_same_stored_text(tmp_path: Path, written) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "mau.xlsx"
    write_workbook(path, META, SPECS, written, title="Đợt thử")
    parsed = read_workbook(path, META, SPECS, {r.unit_code: True for r in written})
    assert parsed.errors == []
    back = {(r.unit_code, r.indicator_code): (r.value, r.comment) for r in parsed.rows}
    want = {(r.unit_code, r.indicator_code): (canonical_text(r.value), r.comment) for r in written}
    assert back == want


def test_every_error_names_sheet_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "mau.xlsx"
    rows_ = [
        TemplateRow("01290", "Xã A", "3.a", "", None),
        TemplateRow("01290", "Xã A", "3.b", "", None),
    ]
    write_workbook(path, META, SPECS, rows_, title="t")
    from openpyxl import load_workbook

    book = load_workbook(path)
    book["Số liệu"]["G2"] = "nhiều"
    book["Số liệu"]["G3"] = "có lẽ"
    book.save(path)
    parsed = read_workbook(path, META, SPECS, {"01290": True})
    assert parsed.errors[0].startswith("Trang 'Số liệu', dòng 2, cột G (Giá trị): cần một số")
    assert parsed.errors[1].startswith(
        "Trang 'Số liệu', dòng 3, cột G (Giá trị): giá trị không hợp lệ"
    )
    assert parsed.rows == []
