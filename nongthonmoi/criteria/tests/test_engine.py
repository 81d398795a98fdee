"""Engine rules: which threshold, why, and what is missing."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from nongthonmoi.criteria.engine import (
    MET,
    NO_DATA,
    NO_THRESHOLD,
    NOT_MET,
    UnitProfile,
    UnitProfileError,
    evaluate_unit,
    highest_tier,
)
from nongthonmoi.criteria.loader import (
    OverlayError,
    ResolvedSet,
    apply_overlay,
    load_set,
    parse_overlay_text,
)

ALL_MET_GROUP_2 = {"1.1": 70, "2.1": "85%", "2.2": 4, "3.1": "4,5", "3.2": "Đạt"}


def _indicator(result, code):  # type: ignore[no-untyped-def]
    return next(i for c in result.criteria for i in c.indicators if i.code == code)


def test_it_uses_the_threshold_of_the_communes_group(group_set: ResolvedSet) -> None:
    for group, expected in (("1", 90), ("2", 80), ("3", 70)):
        result = evaluate_unit(group_set, UnitProfile("X", group=group), 2026, {"2.1": 75})
        indicator = _indicator(result, "2.1")
        assert indicator.threshold is not None
        assert indicator.threshold.value == Decimal(expected)
        assert f"nhóm {group}" in indicator.threshold.reason


def test_it_uses_the_year_table_for_income(group_set: ResolvedSet) -> None:
    profile = UnitProfile("X", group="2")
    in_2026 = _indicator(evaluate_unit(group_set, profile, 2026, {"1.1": 62}), "1.1")
    in_2027 = _indicator(evaluate_unit(group_set, profile, 2027, {"1.1": 62}), "1.1")
    assert (in_2026.status, in_2026.threshold.value) == (MET, 60)  # type: ignore[union-attr]
    assert (in_2027.status, in_2027.threshold.value) == (NOT_MET, 65)  # type: ignore[union-attr]
    assert "năm 2027" in in_2027.threshold.reason  # type: ignore[union-attr]


def test_a_year_without_a_table_has_no_threshold(group_set: ResolvedSet) -> None:
    result = evaluate_unit(group_set, UnitProfile("X", group="2"), 2028, {"1.1": 99})
    indicator = _indicator(result, "1.1")
    assert indicator.status == NO_THRESHOLD
    assert "2028" in indicator.explanation


def test_it_uses_the_region_threshold(region_set: ResolvedSet) -> None:
    result = evaluate_unit(region_set, UnitProfile("X", region="DBSH"), 2023, {"1.1": 85})
    indicator = _indicator(result, "1.1")
    assert (indicator.status, indicator.threshold.value) == (NOT_MET, 90)  # type: ignore[union-attr]
    assert not indicator.threshold.override  # type: ignore[union-attr]


def test_special_difficulty_communes_use_the_northern_mountain_threshold(
    region_set: ResolvedSet,
) -> None:
    profile = UnitProfile("X", region="DBSH", flags=frozenset({"dbkk"}))
    indicator = _indicator(evaluate_unit(region_set, profile, 2023, {"1.1": 85}), "1.1")
    assert indicator.status == MET
    assert indicator.threshold is not None and indicator.threshold.value == 70
    assert indicator.threshold.override and indicator.threshold.key == "TDMNPB"
    assert "TDMNPB" in indicator.threshold.reason and "dbkk" in indicator.threshold.reason


def test_a_flag_variant_wins_over_the_plain_threshold(region_set: ResolvedSet) -> None:
    profile = UnitProfile("X", region="TDMNPB", flags=frozenset({"it-truong"}))
    indicator = _indicator(evaluate_unit(region_set, profile, 2023, {"1.1": 55}), "1.1")
    assert indicator.status == MET
    assert indicator.threshold is not None and indicator.threshold.flag == "it-truong"


def test_an_unknown_threshold_is_never_guessed(group_set: ResolvedSet) -> None:
    result = evaluate_unit(group_set, UnitProfile("X", group="3"), 2026, {"3.1": 0, "3.2": 1})
    indicator = _indicator(result, "3.1")
    assert indicator.status == NO_THRESHOLD and indicator.threshold is None
    assert result.criteria[2].status == NO_THRESHOLD
    assert "3.1" in result.no_threshold_indicators
    assert not result.meets_standard


def test_a_missing_value_is_no_data(group_set: ResolvedSet) -> None:
    result = evaluate_unit(group_set, UnitProfile("X", group="1"), 2026, {})
    assert _indicator(result, "2.1").status == NO_DATA
    assert set(result.no_data_indicators) == {"1.1", "2.1", "2.2", "3.1", "3.2"}


def test_percentage_shortfall_is_in_percentage_points(group_set: ResolvedSet) -> None:
    result = evaluate_unit(group_set, UnitProfile("X", group="2"), 2026, {"2.1": 68})
    assert _indicator(result, "2.1").shortfall == "còn thiếu 12 điểm phần trăm"


def test_count_shortfall_says_how_many_more(group_set: ResolvedSet) -> None:
    result = evaluate_unit(group_set, UnitProfile("X", group="2"), 2026, {"2.2": 1})
    assert _indicator(result, "2.2").shortfall == "cần thêm 2 trường đạt chuẩn"


def test_upper_bound_shortfall_says_how_much_to_reduce(group_set: ResolvedSet) -> None:
    result = evaluate_unit(group_set, UnitProfile("X", group="2"), 2026, {"3.1": "6,25"})
    indicator = _indicator(result, "3.1")
    assert indicator.status == NOT_MET
    assert indicator.shortfall == "cần giảm 1,25 điểm phần trăm"
    assert indicator.partly is False  # 6.25 is more than 10% above 5


def test_number_shortfall_uses_the_unit_and_vietnamese_decimals(group_set: ResolvedSet) -> None:
    result = evaluate_unit(group_set, UnitProfile("X", group="1"), 2026, {"1.1": "78.5"})
    indicator = _indicator(result, "1.1")
    assert indicator.shortfall == "còn thiếu 1,5 triệu đồng/người/năm"
    assert indicator.partly is True


def test_a_unit_meets_the_standard_when_every_criterion_is_met(group_set: ResolvedSet) -> None:
    result = evaluate_unit(group_set, UnitProfile("X", group="2"), 2026, ALL_MET_GROUP_2)
    assert result.meets_standard and result.tier_reached == "standard"
    assert (result.criteria_met, result.criteria_total) == (3, 3)
    assert result.missing_indicators == ()


def test_one_failed_indicator_fails_its_criterion_only(group_set: ResolvedSet) -> None:
    values = {**ALL_MET_GROUP_2, "3.2": "Không đạt"}
    result = evaluate_unit(group_set, UnitProfile("X", group="2"), 2026, values)
    assert [c.met for c in result.criteria] == [True, True, False]
    assert result.missing_indicators == ("3.2",)
    assert _indicator(result, "3.2").shortfall == "chưa đạt yêu cầu (cần: Đạt)"
    assert result.tier_reached is None


def test_it_refuses_a_unit_without_a_valid_group(group_set: ResolvedSet) -> None:
    with pytest.raises(UnitProfileError, match="nhóm"):
        evaluate_unit(group_set, UnitProfile("X", group="4"), 2026, {})


def test_it_refuses_a_year_outside_the_sets_validity(group_set: ResolvedSet) -> None:
    with pytest.raises(ValueError, match="2031"):
        evaluate_unit(group_set, UnitProfile("X", group="1"), 2031, {})


def test_it_refuses_a_value_of_the_wrong_kind(group_set: ResolvedSet) -> None:
    with pytest.raises(ValueError, match="2.1"):
        evaluate_unit(group_set, UnitProfile("X", group="1"), 2026, {"2.1": "Đạt"})


def test_results_are_json_serialisable(group_set: ResolvedSet) -> None:
    result = evaluate_unit(group_set, UnitProfile("X", group="2"), 2026, ALL_MET_GROUP_2)
    payload = json.loads(json.dumps(result.to_dict()))
    assert payload["meets_standard"] is True
    assert payload["criteria"][1]["indicators"][0]["threshold"]["value"] == 80
    assert payload["fingerprint"] == group_set.fingerprint
    assert json.dumps(result.summary_dict())


OVERLAY = """
code: tinh-a
base_set: test-group
province: "Tỉnh A"
version: 3
decision: {number: "12/2026/QĐ-UBND"}
indicators:
  "2.1": {thresholds: {"2": 85}}
  "3.1": {thresholds: {"3": 8}}
"""


def test_an_overlay_threshold_wins_and_says_which_decision(group_set: ResolvedSet) -> None:
    resolved = apply_overlay(group_set, parse_overlay_text(OVERLAY))
    result = evaluate_unit(resolved, UnitProfile("X", group="2"), 2026, {"2.1": 82, "3.1": 1})
    stricter = _indicator(result, "2.1")
    assert stricter.status == NOT_MET and stricter.threshold.value == 85  # type: ignore[union-attr]
    assert stricter.threshold.from_overlay  # type: ignore[union-attr]
    assert "12/2026/QĐ-UBND" in stricter.threshold.reason  # type: ignore[union-attr]
    national = _indicator(result, "3.1")
    assert not national.threshold.from_overlay  # type: ignore[union-attr]
    assert "1/2026/QĐ-TEST" in national.threshold.reason  # type: ignore[union-attr]
    assert result.set_version == "test-group@v1+tinh-a@v3"


def test_an_overlay_fills_an_unknown_threshold(group_set: ResolvedSet) -> None:
    resolved = apply_overlay(group_set, parse_overlay_text(OVERLAY))
    result = evaluate_unit(resolved, UnitProfile("X", group="3"), 2026, {"3.1": 7})
    assert _indicator(result, "3.1").status == MET


def test_an_overlay_may_not_loosen_a_national_threshold(group_set: ResolvedSet) -> None:
    looser = OVERLAY.replace('{"2": 85}', '{"2": 75}')
    with pytest.raises(OverlayError, match="lỏng hơn"):
        apply_overlay(group_set, parse_overlay_text(looser))


def test_an_overlay_for_an_unknown_indicator_is_refused(group_set: ResolvedSet) -> None:
    with pytest.raises(OverlayError, match="9.9"):
        apply_overlay(group_set, parse_overlay_text(OVERLAY.replace('"3.1"', '"9.9"')))


def test_the_overlay_does_not_change_the_national_set(group_set: ResolvedSet) -> None:
    before = group_set.definition.model_dump()
    apply_overlay(group_set, parse_overlay_text(OVERLAY))
    assert group_set.definition.model_dump() == before


def test_a_district_is_judged_from_its_communes_results() -> None:
    communes = load_set("xa-ntm-2021-2025")
    district = load_set("huyen-ntm-2021-2025")
    results = [
        evaluate_unit(communes, UnitProfile(f"X{n}", region="DBSH"), 2024, {}) for n in range(5)
    ]
    evaluated = evaluate_unit(
        district,
        UnitProfile("H1"),
        2024,
        {},
        children={"xa-ntm-2021-2025": results},
    )
    condition = _indicator(evaluated, "DK1")
    assert condition.status == NOT_MET and condition.value == 0
    assert condition.shortfall == "cần thêm 5 xã đạt chuẩn nông thôn mới (hiện 0/5 = 0%)"


def test_a_province_needs_ten_percent_modern_communes() -> None:
    province = load_set("tinh-hoan-thanh-2026-2030")
    communes = load_set("xa-ntm-hien-dai-2026-2030")
    children = [
        evaluate_unit(communes, UnitProfile(f"X{n}", group="2"), 2027, {}) for n in range(25)
    ]
    result = evaluate_unit(
        province, UnitProfile("T"), 2027, {}, children={"xa-ntm-hien-dai-2026-2030": children}
    )
    indicator = _indicator(result, "2.1")
    assert indicator.shortfall is not None and indicator.shortfall.startswith(
        "cần thêm 3 xã đạt nông thôn mới hiện đại"
    )


def test_a_prerequisite_set_is_read_from_the_units_own_result() -> None:
    advanced = load_set("xa-ntm-nang-cao-2021-2025")
    basic = evaluate_unit(load_set("xa-ntm-2021-2025"), UnitProfile("X", region="TN"), 2024, {})
    result = evaluate_unit(
        advanced, UnitProfile("X", region="TN"), 2024, {}, related={"xa-ntm-2021-2025": basic}
    )
    prerequisite = _indicator(result, "0.1")
    assert prerequisite.status == NOT_MET
    assert "xa-ntm-2021-2025" in (prerequisite.shortfall or "")


def test_highest_tier_prefers_model_over_standard(group_set: ResolvedSet) -> None:
    met = evaluate_unit(group_set, UnitProfile("X", group="2"), 2026, ALL_MET_GROUP_2)
    assert highest_tier([met]) == "standard"
    assert highest_tier([]) is None


def test_a_group_given_as_an_integer_is_accepted(group_set: ResolvedSet) -> None:
    by_int = evaluate_unit(group_set, UnitProfile("X", group=2), 2026, ALL_MET_GROUP_2)
    by_str = evaluate_unit(group_set, UnitProfile("X", group="2"), 2026, ALL_MET_GROUP_2)
    assert by_int == by_str


def test_an_overlay_with_a_key_the_set_does_not_use_is_refused(group_set: ResolvedSet) -> None:
    with pytest.raises(OverlayError, match="DBSH"):
        apply_overlay(group_set, parse_overlay_text(OVERLAY.replace('{"3": 8}', "{DBSH: 8}")))


def test_a_share_of_children_is_compared_exactly_not_rounded() -> None:
    from nongthonmoi.criteria.loader import parse_set_text
    from nongthonmoi.criteria.tests.conftest import GROUP_SET

    communes = ResolvedSet(parse_set_text(GROUP_SET))
    province = ResolvedSet(
        parse_set_text(
            load_set("tinh-hoan-thanh-2026-2030")
            .definition.model_copy(update={"code": "x"})
            .model_dump_json()
        )
    )
    met = evaluate_unit(communes, UnitProfile("A", group="2"), 2026, ALL_MET_GROUP_2)
    unmet = evaluate_unit(communes, UnitProfile("B", group="2"), 2026, {})
    # 2 of 3 communes = 66.666…%: below a 66.67% threshold even though it rounds to 66.67
    overlay = parse_overlay_text(
        'code: t\nbase_set: x\nprovince: "T"\nversion: 1\ndecision: {number: "1"}\n'
        'indicators:\n  "2.1": {thresholds: {all: 66.67}}\n'
    )
    resolved = apply_overlay(province, overlay)
    result = evaluate_unit(
        resolved,
        UnitProfile("T"),
        2026,
        {},
        children={"xa-ntm-hien-dai-2026-2030": [met, met, unmet]},
    )
    indicator = _indicator(result, "2.1")
    assert indicator.status == NOT_MET
    assert indicator.shortfall == "cần thêm 1 xã đạt nông thôn mới hiện đại (hiện 2/3 = 66,67%)"


CHOICE_SET = """
code: test-choice
name: "Thử lựa chọn"
version: 1
source: {decision: "3/2026/QĐ-TEST", title: "Thử", status: verified}
valid_from: 2026
valid_to: 2030
map: "2025"
level: commune
tier: standard
dimension: none
status: verified
criteria:
  - code: "1"
    name: "Hệ thống chính trị"
    status: verified
    indicators:
      - code: "1.1"
        text: "Xếp loại chất lượng Đảng bộ xã"
        kind: choice
        choices: ["Không hoàn thành nhiệm vụ", "Hoàn thành nhiệm vụ", "Hoàn thành tốt nhiệm vụ",
                  "Hoàn thành xuất sắc nhiệm vụ"]
        comparator: ">="
        thresholds: {all: "Hoàn thành tốt nhiệm vụ"}
        status: verified
"""


@pytest.mark.parametrize(
    ("value", "status"),
    [
        ("Hoàn thành xuất sắc nhiệm vụ", MET),
        ("hoan thanh tot nhiem vu", MET),
        ("Hoàn thành nhiệm vụ", NOT_MET),
    ],
)
def test_a_ranked_choice_is_met_at_its_level_or_better(value: str, status: str) -> None:
    from nongthonmoi.criteria.loader import parse_set_text

    resolved = ResolvedSet(parse_set_text(CHOICE_SET))
    result = evaluate_unit(resolved, UnitProfile("X"), 2026, {"1.1": value})
    indicator = _indicator(result, "1.1")
    assert indicator.status == status
    if status == NOT_MET:
        assert (
            indicator.shortfall
            == "cần mức 'Hoàn thành tốt nhiệm vụ' trở lên (hiện 'Hoàn thành nhiệm vụ')"
        )


def test_the_engine_and_command_line_import_no_django() -> None:
    # The pure side (engine, loader, inputs, workbooks, CLI) runs without Django or a database.
    import subprocess
    import sys

    code = (
        "import sys\n"
        "import nongthonmoi.criteria.engine, nongthonmoi.criteria.cli\n"
        "import nongthonmoi.criteria.inputs, nongthonmoi.criteria.workbook\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout.strip() == "[]"
