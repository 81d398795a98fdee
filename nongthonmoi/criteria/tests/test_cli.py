"""Command line: `criteria list`, `criteria show CODE --json`, `evaluate` (no database)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from openpyxl import load_workbook

from nongthonmoi.criteria.cli import evaluate_main, main
from nongthonmoi.criteria.tests.test_sets import ILLUSTRATIVE

HEADER = "commune_code,commune_name,group,region,flags,indicator,value\n"


def test_criteria_list_names_every_set(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["criteria", "list"]) == 0
    out = capsys.readouterr().out
    assert "xa-ntm-2026-2030" in out and "51/2025/QĐ-TTg" in out
    assert "tinh-hoan-thanh-2021-2025" in out


def test_criteria_show_json_has_the_documented_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "xa-ntm-2021-2025", "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"code", "source", "criteria"}
    assert payload["code"] == "xa-ntm-2021-2025"
    assert payload["source"]["decision"] == "318/QĐ-TTg"
    first = payload["criteria"][0]
    assert set(first) == {"code", "name", "indicators"} and first["code"] == "1"
    assert set(first["indicators"][0]) == {
        "code",
        "text",
        "unit",
        "comparator",
        "thresholds",
        "status",
    }
    by_code = {i["code"]: i for c in payload["criteria"] for i in c["indicators"]}
    assert by_code["15.3"]["thresholds"]["DBSH"] == 16.5
    assert by_code["10"]["thresholds"]["2023"]["TN"] is None
    assert by_code["3.2"]["thresholds"] == {"all": True}


def test_criteria_show_of_an_unknown_set_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "khong-co"]) == 2
    assert "khong-co" in capsys.readouterr().err


def test_criteria_export_and_check_a_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "set.xlsx"
    assert main(["export", "huyen-ntm-2021-2025", str(out)]) == 0
    assert main(["check", str(out)]) == 0
    assert "hợp lệ" in capsys.readouterr().out


def _fill(path: Path, sheet_name: str, edits: dict[tuple[str, str], object]) -> None:
    """Type into a criteria workbook: (row key in column C or field name in A, header) → value."""
    book = load_workbook(path)
    sheet = book[sheet_name]
    header = [c.value for c in sheet[1]]
    for (key, column), value in edits.items():
        row = next(
            r
            for r in range(2, sheet.max_row + 1)
            if key in (sheet.cell(r, 1).value, sheet.cell(r, 3).value)
        )
        sheet.cell(row, header.index(column) + 1).value = value
    book.save(path)


def test_an_official_annex_typed_into_the_workbook_becomes_the_set_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from nongthonmoi.criteria.engine import UnitProfile, evaluate_unit
    from nongthonmoi.criteria.loader import ResolvedSet, load_set, load_set_file
    from nongthonmoi.criteria.workbook import SHEET_INDICATORS, SHEET_SET

    annex = tmp_path / "annex.xlsx"
    target = tmp_path / "xa-ntm-2026-2030.yaml"
    assert main(["export", "xa-ntm-2026-2030", str(annex)]) == 0
    # unchanged: the written file is the shipped set, value for value
    assert main(["import", str(annex), str(target)]) == 0
    assert load_set_file(target) == load_set("xa-ntm-2026-2030").definition
    assert target.read_text(encoding="utf-8").startswith("# Bộ tiêu chí quốc gia")

    # the same version again is refused, and the file is left as it was
    before = target.read_bytes()
    _fill(annex, SHEET_INDICATORS, {("6.a", "Ngưỡng: nhóm 3"): "12%"})
    capsys.readouterr()
    assert main(["import", str(annex), str(target)]) == 2
    assert "Tăng 'version'" in capsys.readouterr().err and target.read_bytes() == before

    _fill(annex, SHEET_SET, {("version", "Giá trị"): 2})
    assert main(["import", str(annex), str(target)]) == 0
    assert "phiên bản 2" in capsys.readouterr().out
    updated = load_set_file(target)
    assert updated.version == 2 and updated.find_indicator("6.a").thresholds["3"] == 12
    result = evaluate_unit(ResolvedSet(updated), UnitProfile("X", group="3"), 2026, {"6.a": 15})
    assert result.criteria[5].indicators[0].status == "not_met"


def test_a_bad_annex_cell_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from nongthonmoi.criteria.workbook import SHEET_INDICATORS

    annex = tmp_path / "annex.xlsx"
    target = tmp_path / "xa-ntm-2026-2030.yaml"
    assert main(["export", "xa-ntm-2026-2030", str(annex)]) == 0
    _fill(annex, SHEET_INDICATORS, {("6.a", "Ngưỡng: nhóm 3"): "mười hai"})
    capsys.readouterr()
    assert main(["import", str(annex), str(target)]) == 2
    assert f"{SHEET_INDICATORS}!" in capsys.readouterr().err and not target.exists()
    # a set file is named after its code
    assert main(["export", "xa-ntm-2026-2030", str(annex)]) == 0
    capsys.readouterr()
    assert main(["import", str(annex), str(tmp_path / "other.yaml")]) == 2
    assert "xa-ntm-2026-2030.yaml" in capsys.readouterr().err
    assert not (tmp_path / "other.yaml").exists()


def _input(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "input.csv"
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_evaluate_json_has_the_documented_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _input(
        tmp_path, "001,Xã A,,DBSH,,3.1,75\n001,Xã A,,DBSH,,3.2,Đạt\n002,Xã B,,TN,dbkk,3.1,85\n"
    )
    assert evaluate_main(["--set", "xa-ntm-2021-2025", "--year", "2024", str(path), "--json"]) == 0
    payload = json.loads(capsys.readouterr().out)
    assert set(payload) == {"set", "year", "results"}
    assert (payload["set"], payload["year"]) == ("xa-ntm-2021-2025", 2024)
    first = payload["results"][0]
    assert set(first) == {
        "commune_code",
        "criteria_met",
        "criteria_total",
        "meets_standard",
        "criteria",
        "missing_indicators",
        "no_data_indicators",
    }
    assert first["commune_code"] == "001" and first["criteria_total"] == 19
    assert first["criteria"]["3"] is False and first["missing_indicators"] == ["3.1"]
    assert "3.2" not in first["no_data_indicators"] and "1.1" in first["no_data_indicators"]
    assert payload["results"][1]["missing_indicators"] == []


def test_evaluate_with_the_illustrative_overlay_warns_and_can_meet_the_standard(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        f"001,Xã A,3,,,{code},Đạt"
        for code in (
            "1.x",
            "2.x",
            "3.b",
            "3.c",
            "3.x",
            "4.x",
            "5.x",
            "6.x",
            "7.x",
            "8.b",
            "8.x",
            "9.x",
            "10.x",
        )
    ]
    rows += ["001,Xã A,3,,,3.a,6.5", "001,Xã A,3,,,6.a,9%", "001,Xã A,3,,,8.a,61"]
    path = _input(tmp_path, "\n".join(rows) + "\n")
    args = [
        "--set",
        "xa-ntm-2026-2030",
        "--year",
        "2026",
        "--overlay",
        str(ILLUSTRATIVE),
        str(path),
    ]
    assert evaluate_main([*args, "--json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["results"][0]["meets_standard"] is True
    assert "Ngưỡng minh hoạ — không phải số liệu chính thức" in captured.err


def test_evaluate_writes_a_results_workbook(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _input(tmp_path, "001,Xã A,2,,,8.a,70\n")
    out = tmp_path / "out.xlsx"
    assert (
        evaluate_main(
            [
                "evaluate",
                "--set",
                "xa-ntm-2026-2030",
                "--year",
                "2027",
                str(path),
                "--output",
                str(out),
            ]
        )
        == 0
    )
    assert load_workbook(out)["Kết quả"]["A2"].value == "001"
    assert "chưa có ngưỡng" in capsys.readouterr().err


def test_evaluate_bad_input_exits_2_listing_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _input(tmp_path, "001,Xã A,,XYZ,,3.1,abc\n001,Xã A,,DBSH,,99,1\n")
    assert evaluate_main(["--set", "xa-ntm-2021-2025", "--year", "2024", str(path), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "dòng 2, cột D (region)" in captured.err
    assert "dòng 2, cột G (value)" in captured.err
    assert "dòng 3, cột F (indicator)" in captured.err


@pytest.mark.parametrize(
    "argv",
    [
        ["--set", "xa-ntm-2021-2025", "--year", "2030", "in.csv"],
        ["--set", "khong-co", "--year", "2024", "in.csv"],
        ["--set", "xa-ntm-2021-2025", "in.csv"],
        ["--set", "xa-ntm-2021-2025", "--year", "2024", "khong-co.csv"],
    ],
)
def test_evaluate_usage_errors_exit_2(
    argv: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "in.csv").write_text(HEADER, encoding="utf-8")
    assert evaluate_main(argv) == 2
    assert capsys.readouterr().err
