"""`nongthonmoi ocop stars|score` without a database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from nongthonmoi.ocop.cli import main
from nongthonmoi.ocop.rulebook import load_rulebook


def best_answers(set_number: int) -> dict[str, int]:
    sheet = load_rulebook("qd-26-2026").sheet(set_number)
    return {c.code: int(max(c.offered_points)) for c in sheet.criteria}


def write_json(tmp_path: Path, answers: dict) -> Path:
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    return path


def write_xlsx(tmp_path: Path, rows: list[tuple]) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    path = tmp_path / "answers.xlsx"
    workbook.save(path)
    return path


# -- stars -------------------------------------------------------------------------------------


def test_stars_prints_the_stars_and_the_province(capsys) -> None:
    assert main(["stars", "72"]) == 0
    out = capsys.readouterr().out
    assert "Hạng: 4 sao" in out
    assert "cấp tỉnh" in out
    assert "qd-26-2026" in out  # the rulebook in force by default


def test_stars_at_90_goes_to_the_ministry(capsys) -> None:
    assert main(["stars", "90"]) == 0
    out = capsys.readouterr().out
    assert "Hạng: 5 sao" in out and "cấp trung ương" in out


def test_stars_with_mandatory_failed_is_not_certified(capsys) -> None:
    assert main(["ocop", "stars", "95", "--mandatory-failed"]) == 0
    out = capsys.readouterr().out
    assert "Hạng: 2 sao" in out
    assert "Không công nhận" in out


def test_stars_json_and_a_decimal_comma(capsys) -> None:
    assert main(["stars", "89,99", "--unmet-for", "4", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert payload == {
        "rulebook": "qd-26-2026",
        "total": 89.99,
        "stars": 3,
        "band_stars": 4,
        "certified": True,
        "certifying_level": "province",
    }


def test_stars_with_an_older_rulebook(capsys) -> None:
    assert main(["stars", "49.99", "--rulebook", "qd-1048-2019"]) == 0
    assert "Hạng: 2 sao" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["stars", "abc"], "TOTAL phải là số"),
        (["stars", "100.5"], "từ 0 đến 100"),
        (["stars", "50", "--rulebook", "qd-0-0"], "không có bộ tiêu chí này"),
        (["stars"], "lỗi"),
        (["bogus"], "lỗi"),
    ],
)
def test_stars_bad_input_exits_2_with_a_message(capsys, argv: list[str], message: str) -> None:
    assert main(argv) == 2
    captured = capsys.readouterr()
    assert message in captured.err
    assert captured.out == ""


# -- score -------------------------------------------------------------------------------------


def test_score_json_has_exactly_the_documented_shape(capsys, tmp_path: Path) -> None:
    answers = best_answers(1)
    answers["6.1"] = 1
    path = write_json(tmp_path, answers)
    assert main(["score", "--rulebook", "qd-26-2026", "--set", "1", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {
        "rulebook": "qd-26-2026",
        "set": 1,
        "parts": {"A": 40, "B": 25, "C": 34},
        "total": 99,
        "stars": 3,
        "unmet_minimums": [{"criterion": "6.1", "for_stars": 4}],
    }


def test_score_prints_a_readable_summary(capsys, tmp_path: Path) -> None:
    path = write_json(tmp_path, best_answers(26))
    assert main(["score", "--set", "26", str(path)]) == 0
    out = capsys.readouterr().out
    assert "bộ sản phẩm 26" in out
    assert "Phần A: 40/40" in out
    assert "Tổng điểm: 100/100" in out
    assert "Hạng: 5 sao" in out


def test_score_reads_an_xlsx_sheet_with_a_header(capsys, tmp_path: Path) -> None:
    answers = best_answers(7)
    rows: list[tuple] = [("Tiêu chí", "Điểm")]
    # Excel turns "1.1" into a number and "7" into an integer; both must still match.
    rows += [(float(code) if code.count(".") == 1 else int(code) if "." not in code else code, p)
             for code, p in answers.items()]  # fmt: skip
    path = write_xlsx(tmp_path, rows)
    assert main(["score", "--set", "7", str(path), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["total"] == 100


def test_score_names_the_bad_criterion_and_exits_2(capsys, tmp_path: Path) -> None:
    answers = best_answers(1)
    answers["2.2"] = 7
    del answers["5.3"]
    answers["99.9"] = 1
    path = write_json(tmp_path, answers)
    assert main(["score", "--set", "1", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "tiêu chí 2.2: 7 điểm không có trong phiếu" in captured.err
    assert "tiêu chí 5.3: chưa chấm" in captured.err
    assert "tiêu chí 99.9: không có trong phiếu" in captured.err


def test_score_xlsx_errors_give_row_and_column(capsys, tmp_path: Path) -> None:
    path = write_xlsx(tmp_path, [("1.1", 3), ("1.1", 2), ("1.2", None), (None, 4)])
    assert main(["score", "--set", "1", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Dòng 2, cột A: tiêu chí 1.1 lặp lại" in err
    assert "Dòng 3, cột B: thiếu điểm của tiêu chí 1.2" in err
    assert "Dòng 4, cột A: thiếu mã tiêu chí" in err


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        ("[1, 2]", "a.json", "phải là một đối tượng JSON"),
        ("{not json", "a.json", "JSON không hợp lệ"),
        ("1.1,3", "a.csv", "phải là .json hoặc .xlsx"),
        ("not a zip", "a.xlsx", "không đọc được tệp Excel"),
    ],
)
def test_score_bad_files_exit_2(capsys, tmp_path: Path, content: str, name: str, message: str):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    assert main(["score", "--set", "1", str(path)]) == 2
    assert message in capsys.readouterr().err


def test_score_missing_file_unknown_set_and_missing_set_exit_2(capsys, tmp_path: Path) -> None:
    assert main(["score", "--set", "1", str(tmp_path / "none.json")]) == 2
    assert "Không tìm thấy tệp" in capsys.readouterr().err
    path = write_json(tmp_path, best_answers(1))
    assert main(["score", "--set", "27", str(path)]) == 2
    assert "không có phiếu cho bộ sản phẩm 27" in capsys.readouterr().err
    assert main(["score", str(path)]) == 2
    assert "--set" in capsys.readouterr().err
    assert main(["score", "--rulebook", "qd-148-2023", "--set", "1", str(path)]) == 2
    assert "không có phiếu nào" in capsys.readouterr().err
