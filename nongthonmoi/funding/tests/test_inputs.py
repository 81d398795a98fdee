"""Reading the INPUT file: every problem by row and column, in one error."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from nongthonmoi.funding.inputs import InputError, parse_rows, read_communes
from nongthonmoi.funding.units import Commune

HEADER = ["commune_code", "parent_code", "criteria_met", "recognised", "flags"]


def write_csv(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "input.csv"
    path.write_text(text, encoding="utf-8")
    return path


def problems_of(header: list[str], rows: list[list[object]]) -> list[str]:
    with pytest.raises(InputError) as caught:
        parse_rows(header, rows)
    return [str(problem) for problem in caught.value.problems]


def test_it_reads_a_csv_file(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        "commune_code,parent_code,criteria_met,recognised,flags,dbkk_villages\n"
        "00001,01,12,false,atk;region3,4\n"
        "00002,01,19,TRUE,,\n",
    )
    parsed = read_communes(path)
    assert parsed.communes == (
        Commune("00001", "01", 12, False, frozenset({"atk", "region3"}), 4),
        Commune("00002", "01", 19, True, frozenset(), 0),
    )
    assert parsed.rows == {"00001": 2, "00002": 3}


def test_it_reads_an_xlsx_file_with_numbers_stored_as_numbers(tmp_path: Path) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(HEADER)
    sheet.append(["00001", "01", 12, False, "border"])
    sheet.append([25, 2, 16.0, True, None])
    path = tmp_path / "input.xlsx"
    workbook.save(path)
    parsed = read_communes(path)
    assert parsed.communes == (
        Commune("00001", "01", 12, False, frozenset({"border"})),
        Commune("25", "2", 16, True, frozenset()),
    )


def test_it_collects_every_problem_with_row_and_column() -> None:
    rows: list[list[object]] = [
        ["00001", "01", "12", "false", "atk;mountain"],
        ["00002", "01", "-1", "true", ""],
        ["00003", "01", "mười", "maybe", "region1;region2"],
        ["00001", "", "12.5", "false", ""],
    ]
    assert problems_of(HEADER, rows) == [
        "dòng 2, cột flags: dấu hiệu 'mountain' không tồn tại (dùng: atk, border, dbkk, island, "
        "region1, region2, region3, special_zone)",
        "dòng 3, cột criteria_met: số tiêu chí không được âm ('-1')",
        "dòng 4, cột criteria_met: số tiêu chí phải là số nguyên, không phải 'mười'",
        "dòng 4, cột recognised: phải là true hoặc false, không phải 'maybe'",
        "dòng 4, cột flags: một xã chỉ thuộc một khu vực, nhưng có region1, region2",
        "dòng 5, cột commune_code: xã 00001 bị lặp lại (đã có ở dòng 2)",
        "dòng 5, cột parent_code: thiếu mã đơn vị cấp trên",
        "dòng 5, cột criteria_met: số tiêu chí phải là số nguyên, không phải '12.5'",
    ]


def test_it_reports_missing_and_unknown_columns() -> None:
    header = ["commune_code", "parent", "criteria_met", "flags"]
    assert problems_of(header, [["1", "2", "3", ""]]) == [
        "dòng 1, cột parent_code: thiếu cột bắt buộc",
        "dòng 1, cột recognised: thiếu cột bắt buộc",
        "dòng 1, cột parent: cột không được hỗ trợ (dùng: commune_code, parent_code, "
        "criteria_met, recognised, flags, dbkk_villages)",
    ]


def test_it_refuses_negative_village_counts() -> None:
    header = [*HEADER, "dbkk_villages"]
    assert problems_of(header, [["1", "2", "3", "no", "", "-2"]]) == [
        "dòng 2, cột dbkk_villages: số thôn ĐBKK không được âm ('-2')"
    ]


def test_an_empty_criteria_count_means_unknown() -> None:
    parsed = parse_rows(HEADER, [["1", "2", "", "không", "region1"]])
    assert parsed.communes[0].criteria_met is None


def test_blank_rows_are_skipped_but_a_file_without_data_is_refused() -> None:
    assert problems_of(HEADER, [["", "", "", "", ""]]) == ["tệp không có dòng dữ liệu nào"]


def test_the_error_names_the_file(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path, "commune_code,parent_code,criteria_met,recognised,flags\n1,2,x,true,\n"
    )
    with pytest.raises(InputError, match=r"input\.csv: dòng 2, cột criteria_met"):
        read_communes(path)


def test_other_file_types_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "input.txt"
    path.write_text("x")
    with pytest.raises(InputError, match=r"\.csv hoặc \.xlsx"):
        read_communes(path)


def test_a_semicolon_separated_csv_is_read_too(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path,
        'commune_code;parent_code;criteria_met;recognised;flags\n00001;01;12;false;"atk;border"\n',
    )
    assert read_communes(path).communes == (
        Commune("00001", "01", 12, False, frozenset({"atk", "border"})),
    )
