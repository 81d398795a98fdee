"""Long-format input: every problem listed with row and column, nothing half-read."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from nongthonmoi.criteria.inputs import InputError, parse_input
from nongthonmoi.criteria.loader import load_set

HEADER = "commune_code,commune_name,group,region,flags,indicator,value\n"
NEW = load_set("xa-ntm-2026-2030")
OLD = load_set("xa-ntm-2021-2025")


def _csv(tmp_path: Path, body: str, header: str = HEADER) -> Path:
    path = tmp_path / "input.csv"
    path.write_text(header + body, encoding="utf-8")
    return path


def test_it_reads_numbers_percentages_and_yes_no(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        '001,Xã A,1,,dbkk;atk,8.a,"85,5%"\n'
        "001,Xã A,1,,dbkk;atk,6.a,3.25\n"
        "001,Xã A,1,,dbkk;atk,3.b,Đạt\n"
        "001,Xã A,1,,dbkk;atk,8.b,khong dat\n"
        "002,Xã B,Nhóm 3,,,3.c,1\n"
        "002,Xã B,Nhóm 3,,,8.a,\n",
    )
    units = parse_input(path, NEW)
    first, second = units
    assert first.profile.group == "1" and first.profile.flags == {"dbkk", "atk"}
    assert first.values == {
        "8.a": Decimal("85.5"),
        "6.a": Decimal("3.25"),
        "3.b": True,
        "8.b": False,
    }
    assert second.profile.group == "3" and second.values == {"3.c": True}


def test_it_lists_every_problem_with_row_and_column(tmp_path: Path) -> None:
    path = _csv(
        tmp_path,
        "001,Xã A,1,,,8.a,abc\n"  # row 2: unparsable
        "001,Xã A,1,,,9.9,5\n"  # row 3: unknown indicator
        "001,Xã A,2,,,6.a,5\n"  # row 4: inconsistent group
        "002,Xã B,7,,,6.a,5\n"  # row 5: unknown group
        "003,Xã C,1,,,3.b,maybe\n"  # row 6: not yes/no
        "003,Xã C,1,,,3.b,Đạt\n",  # row 7: duplicate
    )
    with pytest.raises(InputError) as caught:
        parse_input(path, NEW)
    text = [str(p) for p in caught.value.problems]
    assert any(t.startswith("dòng 2, cột G (value)") and "abc" in t for t in text)
    assert any(t.startswith("dòng 3, cột F (indicator)") and "9.9" in t for t in text)
    assert any(t.startswith("dòng 4, cột C (group)") for t in text)
    assert any(t.startswith("dòng 5, cột C (group)") and "'7'" in t for t in text)
    assert any(t.startswith("dòng 6, cột G (value)") and "maybe" in t for t in text)
    assert any(t.startswith("dòng 7, cột F (indicator)") for t in text)
    assert len(text) == 6


def test_a_missing_column_is_reported(tmp_path: Path) -> None:
    path = _csv(
        tmp_path, "001,Xã A,,,3.1,80\n", "commune_code,commune_name,group,flags,indicator,value\n"
    )
    with pytest.raises(InputError, match="thiếu cột 'region'"):
        parse_input(path, OLD)


def test_an_unknown_region_is_reported_and_d_with_stroke_is_accepted(tmp_path: Path) -> None:
    ok = _csv(tmp_path, "001,Xã A,,ĐBSH,,3.1,80\n")
    assert parse_input(ok, OLD)[0].profile.region == "DBSH"
    bad = _csv(tmp_path, "001,Xã A,,Bắc Bộ,,3.1,80\n")
    with pytest.raises(InputError, match="dòng 2, cột D \\(region\\)"):
        parse_input(bad, OLD)


def test_a_percent_sign_on_a_non_rate_is_an_error(tmp_path: Path) -> None:
    path = _csv(tmp_path, "001,Xã A,,TN,,10,45%\n")
    with pytest.raises(InputError, match="chỉ dùng cho chỉ tiêu tỷ lệ"):
        parse_input(path, OLD)


def test_ambiguous_thousands_separators_are_refused(tmp_path: Path) -> None:
    path = _csv(tmp_path, '001,Xã A,,TN,,10,"1.234,5"\n')
    with pytest.raises(InputError, match="không phải là số"):
        parse_input(path, OLD)


def test_it_reads_xlsx_with_calamine(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER.strip().split(","))
    sheet.append(["001", "Xã A", None, "TDMNPB", "dbkk", 3.1, 80.5])
    sheet.append(["001", "Xã A", None, "TDMNPB", "dbkk", "3.2", "Đạt"])
    path = tmp_path / "input.xlsx"
    book.save(path)
    (unit,) = parse_input(path, OLD)
    assert unit.values == {"3.1": Decimal("80.5"), "3.2": True}


def test_semicolon_separated_csv_is_understood(tmp_path: Path) -> None:
    path = _csv(tmp_path, "001;Xã A;;TN;;3.1;80,5\n", HEADER.replace(",", ";"))
    (unit,) = parse_input(path, OLD)
    assert unit.values == {"3.1": Decimal("80.5")}
