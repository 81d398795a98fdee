"""The bundled rule files carry exactly the numbers of the reference notes.

The expected numbers below are typed in again from /work/shared/reference/ocop-and-funding.md
Part B.9 (QĐ 07/2022) and criteria-2026-2030.md §8 (QĐ 16/2026), not read from the rule files.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from nongthonmoi.funding.coefficients import commune_coefficient
from nongthonmoi.funding.rulebook import (
    RuleFileError,
    available_rule_codes,
    load_rule,
    rule_from_text,
)
from nongthonmoi.funding.units import Commune

PROVINCIAL_EXAMPLE = Path(__file__).parent / "fixtures" / "provincial-example.yaml"


def commune(
    criteria: int | None = 10,
    recognised: bool = False,
    flags: str = "",
    villages: int = 0,
) -> Commune:
    return Commune(
        "00001", "01", criteria, recognised, frozenset(filter(None, flags.split(";"))), villages
    )


def test_the_bundled_rules_are_the_two_national_decisions() -> None:
    assert available_rule_codes() == ["qd-07-2022", "qd-16-2026"]


def test_qd_07_2022_cites_its_decision_and_dates() -> None:
    rule = load_rule("qd-07-2022")
    assert rule.legal_source.document == "Quyết định 07/2022/QĐ-TTg"
    assert rule.legal_source.issued == "2022-03-25"
    assert rule.legal_source.effective == "2022-05-10"
    assert (rule.period_start, rule.period_end) == (2022, 2025)
    assert rule.status == "verified"


@pytest.mark.parametrize(
    ("criteria", "recognised", "flags", "expected"),
    [
        (0, False, "", Decimal("5.0")),
        (14, False, "", Decimal("5.0")),
        (15, False, "", Decimal("3.0")),
        (18, False, "", Decimal("3.0")),
        (17, False, "atk", Decimal("5.0")),  # safe-zone commune not yet NTM
        (19, True, "", Decimal("1.0")),
        (19, True, "atk", Decimal("1.0")),  # an ATK commune already NTM is not prioritised
        (12, False, "dbkk", Decimal(0)),  # specially difficult: excluded from the count
        (19, True, "dbkk", Decimal(0)),
    ],
)
def test_qd_07_2022_gives_the_reference_coefficients(
    criteria: int, recognised: bool, flags: str, expected: Decimal
) -> None:
    result = commune_coefficient(load_rule("qd-07-2022"), commune(criteria, recognised, flags))
    assert result.coefficient == expected


def test_qd_07_2022_keeps_unknown_components_without_numbers() -> None:
    rule = load_rule("qd-07-2022")
    components = {a.id: a for a in rule.parent_adjustments}
    assert set(components) == {"district_groups", "priority_provinces"}
    assert all(a.value is None and a.status == "unknown" for a in components.values())
    assert {k.id for k in rule.carve_out_kinds} == {"thematic_programmes", "adb_grassroots_health"}
    assert all(k.status == "unknown" for k in rule.carve_out_kinds)


def test_qd_07_2022_refuses_a_commune_that_fits_no_group() -> None:
    with pytest.raises(ValueError, match="00001"):
        commune_coefficient(load_rule("qd-07-2022"), commune(19, False))


def test_qd_16_2026_is_marked_secondary_source() -> None:
    rule = load_rule("qd-16-2026")
    assert rule.legal_source.document == "Quyết định 16/2026/QĐ-TTg"
    assert rule.legal_source.issued == "2026-04-15"
    assert rule.status == "secondary-source"
    assert {g.status for g in rule.groups} == {"secondary-source"}


@pytest.mark.parametrize(
    ("flags", "villages", "expected"),
    [
        ("region3", 0, 50),
        ("atk", 0, 50),
        ("border", 0, 50),
        ("island", 0, 50),
        ("special_zone", 0, 50),
        ("region2", 0, 40),
        ("region1", 0, 30),
        ("", 0, 25),
        ("region1;atk", 0, 50),  # only the highest applies, no stacking
        ("region2;border;island", 0, 50),
        ("region2", 3, 43),  # plus 1 per extremely difficult village
        ("dbkk", 2, 27),  # the 2021–2025 ĐBKK exclusion does not exist in this rule
    ],
)
def test_qd_16_2026_gives_the_reference_coefficients(
    flags: str, villages: int, expected: int
) -> None:
    result = commune_coefficient(load_rule("qd-16-2026"), commune(None, False, flags, villages))
    assert result.coefficient == expected


def test_a_provincial_rule_loads_from_a_path_with_its_resolution() -> None:
    rule = load_rule(PROVINCIAL_EXAMPLE)
    assert rule.kind == "provincial"
    assert rule.province_code == "99"
    assert "NQ-HĐND" in rule.legal_source.document
    assert rule.default_level == "commune"


def test_coefficients_are_exact_decimals_not_floats() -> None:
    rule = load_rule("qd-07-2022")
    assert all(isinstance(g.coefficient, Decimal) for g in rule.groups)
    assert str(rule.group("below_15_or_atk").coefficient) == "5.0"


def test_an_unknown_rule_code_names_the_available_ones() -> None:
    with pytest.raises(RuleFileError, match="qd-07-2022, qd-16-2026"):
        load_rule("qd-99-2099")


BROKEN_RULE = """\
code: broken
kind: provincial
title_vi: "Hỏng"
status: guessed
period: {start_year: 2025, end_year: 2023}
legal_source:
  document: "Quyết định 1/2024/QĐ-UBND"
  title_vi: "x"
  status: verified
commune_coefficients:
  combine: first_match
  on_no_match: error
  groups:
    - id: a
      label_vi: "nhóm a"
      coefficient: "5,0"
      when: {flags_any: [mountain]}
      status: verified
    - id: a
      label_vi: "nhóm a lặp"
      coefficient: null
      status: verified
      colour: red
parent_adjustments:
  - id: p
    label_vi: "ưu tiên"
    kind: unknown
    value: 1.5
    status: unknown
"""


def test_a_broken_rule_lists_every_problem_with_file_and_line() -> None:
    with pytest.raises(RuleFileError) as caught:
        rule_from_text(BROKEN_RULE, "broken.yaml")
    problems = caught.value.problems
    expected = [
        "broken.yaml:4 (status): giá trị 'guessed' không hợp lệ",
        "broken.yaml:5 (period): năm kết thúc trước năm bắt đầu",
        "broken.yaml:1 (province_code): quy tắc của tỉnh phải ghi mã tỉnh",
        "broken.yaml:7 (legal_source.document): quy tắc của tỉnh phải ghi số nghị quyết",
        "broken.yaml:16 (commune_coefficients.groups[0].coefficient): phải là một số",
        "broken.yaml:17 (commune_coefficients.groups[0].when.flags_any[0]): dấu hiệu 'mountain'",
        "broken.yaml:23 (commune_coefficients.groups[1].colour): khóa 'colour' không được hỗ trợ",
        "broken.yaml:21 (commune_coefficients.groups[1].coefficient): thiếu giá trị",
        "(commune_coefficients): mã nhóm 'a' bị lặp lại",
        "broken.yaml:28 (parent_adjustments[0].value): cách áp dụng chưa rõ",
    ]
    for start in expected:
        assert any(problem.startswith(start) or start in problem for problem in problems), start
    assert len(problems) == len(expected)


def test_invalid_yaml_names_the_file_and_line() -> None:
    with pytest.raises(ValueError, match=r"bad\.yaml:2"):
        rule_from_text("code: x\nkind: a: b\n", "bad.yaml")


def test_an_unknown_status_number_must_be_empty() -> None:
    text = PROVINCIAL_EXAMPLE.read_text()
    text = text.replace("    value: 2\n    status: example", "    value: 2\n    status: unknown")
    with pytest.raises(RuleFileError, match=r"value\): trạng thái 'unknown'"):
        rule_from_text(text, "p.yaml")


def test_a_missing_rule_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="không tìm thấy tệp quy tắc"):
        load_rule(tmp_path / "none.yaml")
