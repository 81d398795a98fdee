"""`nongthonmoi funding allocate`: JSON shape, table, exit codes, error listing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nongthonmoi.funding.cli import main

INPUT = """\
commune_code,parent_code,criteria_met,recognised,flags
00001,01,10,false,
00002,01,16,false,atk
00003,02,19,true,
00004,02,5,false,dbkk
00005,03,19,true,border
"""


@pytest.fixture
def input_csv(tmp_path: Path) -> Path:
    path = tmp_path / "communes.csv"
    path.write_text(INPUT, encoding="utf-8")
    return path


def test_json_output_has_the_documented_shape(
    input_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(
        ["allocate", "--rule", "qd-07-2022", "--total", "12000000001", "--json", str(input_csv)]
    )
    assert code == 0
    data = json.loads(capsys.readouterr().out)
    # K: 01 = 5.0 + 5.0 (ATK, not yet NTM) = 10; 02 = 1.0 (the ĐBKK commune is not counted);
    # 03 = 1.0. 12,000,000,001 đồng = 12,000 units of 1 million + 1 đồng; exact quotas are
    # 10,000.0000008 / 1,000.0000001 / 1,000.0000001 units: the single đồng goes to the
    # largest fraction, "01".
    assert data == {
        "rule": "qd-07-2022",
        "total": 12000000001,
        "allocations": [
            {"unit_code": "01", "coefficient": 10, "amount": 10000000001},
            {"unit_code": "02", "coefficient": 1, "amount": 1000000000},
            {"unit_code": "03", "coefficient": 1, "amount": 1000000000},
        ],
    }
    assert sum(a["amount"] for a in data["allocations"]) == data["total"]


def test_non_integral_coefficients_are_json_numbers(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rule = Path(__file__).parent / "fixtures" / "provincial-example.yaml"
    path = tmp_path / "c.csv"
    path.write_text("commune_code,parent_code,criteria_met,recognised,flags\n1,99,3,no,\n")
    assert main(["allocate", "--rule", str(rule), "--total", "5", "--json", str(path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["allocations"] == [{"unit_code": "1", "coefficient": 2.5, "amount": 5}]


def test_the_table_shows_coefficients_breakdown_and_amounts(
    input_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["allocate", "--rule", "qd-07-2022", "--total", "12.000.000.000", str(input_csv)]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "10.000.000.000" in out
    assert "2 xã × 5,0 = 10,0" in out
    assert "1 xã × 1,0 = 1,0 (không tính: 1 xã đặc biệt khó khăn)" in out
    assert "Chưa áp dụng: Hệ số theo đối tượng huyện" in out


def test_rounding_unit_level_and_carve_outs_are_options(
    input_csv: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = [
        "funding",
        "allocate",
        "--rule",
        "qd-16-2026",
        "--total",
        "1500",
        "--unit",
        "100",
        "--level",
        "commune",
        "--carve-out",
        "ocop=300",
        "--json",
        str(input_csv),
    ]
    assert main(args) == 0
    data = json.loads(capsys.readouterr().out)
    amounts = {a["unit_code"]: a["amount"] for a in data["allocations"]}
    # 1,200 đồng = 12 units of 100 over K = 25 + 50 + 25 + 25 + 50 = 175 (ATK and border
    # communes 50, the others 25): quotas 1.714… and 3.428… units, floors 3×1 + 2×3 = 9, and
    # the 3 units left go to the three largest fractions (.714, the 25-communes).
    assert sum(amounts.values()) + 300 == 1500
    assert data["carve_outs"] == [{"code": "ocop", "amount": 300}]
    assert amounts == {"00001": 200, "00002": 300, "00003": 200, "00004": 200, "00005": 300}


def test_bad_input_exits_2_listing_every_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "commune_code,parent_code,criteria_met,recognised,flags\n"
        "1,01,-3,false,\n"
        "2,01,x,false,volcano\n"
        "1,01,12,false,\n",
        encoding="utf-8",
    )
    assert main(["allocate", "--rule", "qd-07-2022", "--total", "100", str(path)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "dòng 2, cột criteria_met" in captured.err
    assert "dòng 3, cột criteria_met" in captured.err
    assert "dòng 3, cột flags: dấu hiệu 'volcano'" in captured.err
    assert "dòng 4, cột commune_code: xã 1 bị lặp lại" in captured.err


def test_a_commune_the_rule_cannot_place_is_reported_with_its_row(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "commune_code,parent_code,criteria_met,recognised,flags\n1,01,10,false,\n7,01,19,false,\n"
    )
    assert main(["allocate", "--rule", "qd-07-2022", "--total", "100", str(path)]) == 2
    assert "dòng 3: xã 7 (đạt 19 tiêu chí, chưa công nhận NTM)" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--rule", "qd-00-0000", "--total", "1"], "không có quy tắc phân bổ 'qd-00-0000'"),
        (["--rule", "qd-07-2022", "--total", "1,5"], "không phải số tiền nguyên"),
        (["--rule", "qd-07-2022", "--total", "-1"], "không phải số tiền nguyên"),
        (["--rule", "qd-07-2022", "--total", "10", "--unit", "0"], "lớn hơn 0"),
        (["--total", "10"], "--rule"),
    ],
)
def test_bad_arguments_exit_2(
    input_csv: Path, capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert main(["allocate", *args, str(input_csv)]) == 2
    assert message in capsys.readouterr().err


def test_a_missing_input_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["allocate", "--rule", "qd-07-2022", "--total", "1", "/nonexistent.csv"]) == 2
    assert "không tìm thấy tệp" in capsys.readouterr().err
