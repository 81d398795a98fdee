"""The allocation engine: exact sums, monotonicity, zero coefficients, order, carve-outs."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nongthonmoi.funding.allocation import (
    AllocationError,
    CarveOut,
    allocate,
    allocate_funds,
    largest_remainder,
)
from nongthonmoi.funding.rulebook import load_rule
from nongthonmoi.funding.units import KNOWN_FLAGS, REGION_FLAGS, Commune

QD07 = load_rule("qd-07-2022")
QD16 = load_rule("qd-16-2026")

weights_st = st.dictionaries(
    keys=st.text(alphabet="0123456789", min_size=3, max_size=3),
    values=st.integers(min_value=0, max_value=500).map(lambda tenths: Decimal(tenths) / 10),
    min_size=1,
    max_size=12,
).filter(lambda weights: any(weights.values()))
pool_st = st.integers(min_value=0, max_value=10**15)
unit_st = st.sampled_from([1, 7, 1_000, 1_000_000, 10**9])

flag_st = st.frozensets(st.sampled_from(sorted(KNOWN_FLAGS - REGION_FLAGS))).flatmap(
    lambda flags: st.sampled_from([frozenset(), *({r} for r in REGION_FLAGS)]).map(
        lambda region: flags | region
    )
)

PROVINCIAL_EXAMPLE = Path(__file__).parent / "fixtures" / "provincial-example.yaml"


@st.composite
def communes_st(draw: st.DrawFn) -> list[Commune]:
    codes = draw(st.lists(st.integers(1, 9999), min_size=1, max_size=25, unique=True))
    result = []
    for number in codes:
        recognised = draw(st.booleans())
        # Under QĐ 07/2022 a commune not yet recognised has at most 18 criteria.
        criteria = draw(st.integers(0, 19 if recognised else 18))
        result.append(
            Commune(
                code=f"{number:05d}",
                parent_code=draw(st.sampled_from(["01", "02", "04", "06"])),
                criteria_met=criteria,
                recognised=recognised,
                flags=draw(flag_st),
                dbkk_villages=draw(st.integers(0, 6)),
            )
        )
    return result


@given(pool=pool_st, weights=weights_st, unit=unit_st)
def test_amounts_always_sum_exactly_to_the_pool(
    pool: int, weights: dict[str, Decimal], unit: int
) -> None:
    assert sum(largest_remainder(pool, weights, unit).values()) == pool


@given(pool=pool_st, weights=weights_st, unit=unit_st)
def test_a_larger_coefficient_never_gets_less(
    pool: int, weights: dict[str, Decimal], unit: int
) -> None:
    amounts = largest_remainder(pool, weights, unit)
    for a in weights:
        for b in weights:
            if weights[a] > weights[b]:
                assert amounts[a] >= amounts[b]


@given(pool=pool_st, weights=weights_st, unit=unit_st)
def test_a_zero_coefficient_gets_zero(pool: int, weights: dict[str, Decimal], unit: int) -> None:
    amounts = largest_remainder(pool, weights, unit)
    assert all(amounts[code] == 0 for code, weight in weights.items() if weight == 0)


@given(pool=pool_st, weights=weights_st, unit=unit_st)
def test_each_amount_is_within_one_rounding_unit_of_its_exact_share(
    pool: int, weights: dict[str, Decimal], unit: int
) -> None:
    amounts = largest_remainder(pool, weights, unit)
    total_weight = sum(Fraction(w) for w in weights.values())
    for code, weight in weights.items():
        exact = Fraction(pool) * Fraction(weight) / total_weight
        assert abs(amounts[code] - exact) < unit


@given(pool=pool_st, weights=weights_st, unit=unit_st)
def test_at_most_one_amount_is_not_a_multiple_of_the_rounding_unit(
    pool: int, weights: dict[str, Decimal], unit: int
) -> None:
    amounts = largest_remainder(pool, weights, unit)
    odd = [code for code, amount in amounts.items() if amount % unit]
    assert len(odd) <= (1 if pool % unit else 0)


@settings(max_examples=60)
@given(communes=communes_st(), total=pool_st, unit=unit_st, data=st.data())
def test_the_order_of_input_rows_does_not_change_the_result(
    communes: list[Commune], total: int, unit: int, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(communes))
    for rule in (QD07, QD16):
        for level in ("parent", "commune"):
            if rule is QD07 and total and all("dbkk" in c.flags for c in communes):
                continue  # nothing to allocate to: tested separately
            first = allocate(rule, total, communes, level=level, rounding_unit=unit)
            second = allocate(rule, total, shuffled, level=level, rounding_unit=unit)
            assert first == second


@settings(max_examples=60)
@given(communes=communes_st(), total=pool_st, unit=unit_st)
def test_parent_allocations_sum_to_the_total_and_follow_coefficients(
    communes: list[Commune], total: int, unit: int
) -> None:
    result = allocate(QD16, total, communes, rounding_unit=unit)
    assert sum(u.amount for u in result.units) == total
    assert {u.unit_code for u in result.units} == {c.parent_code for c in communes}
    for a in result.units:
        for b in result.units:
            if a.coefficient > b.coefficient:
                assert a.amount >= b.amount


def test_a_parent_coefficient_is_the_sum_of_its_communes() -> None:
    communes = [
        Commune("00001", "01", 10, False),
        Commune("00002", "01", 12, False),
        Commune("00003", "01", 16, False),
        Commune("00004", "01", 19, True),
        Commune("00005", "01", 3, False, frozenset({"dbkk"})),
    ]
    unit = allocate(QD07, 1_000_000_000, communes).unit("01")
    assert unit.coefficient == Decimal("14.0")
    assert unit.amount == 1_000_000_000
    assert unit.breakdown_text == (
        "2 xã × 5,0 + 1 xã × 3,0 + 1 xã × 1,0 = 14,0 (không tính: 1 xã đặc biệt khó khăn)"
    )
    counts = {(p.group_id, p.count) for p in unit.breakdown}
    assert counts == {("below_15_or_atk", 2), ("from_15_to_18", 1), ("recognised", 1), ("dbkk", 1)}


def test_a_province_of_only_excluded_communes_gets_zero() -> None:
    communes = [
        Commune("00001", "01", 10, False, frozenset({"dbkk"})),
        Commune("00002", "02", 10, False),
    ]
    result = allocate(QD07, 7_000_000, communes)
    assert result.amounts() == {"01": 0, "02": 7_000_000}


def test_ties_in_the_remainder_go_to_the_smaller_unit_code() -> None:
    weights = {"003": Decimal(1), "001": Decimal(1), "002": Decimal(1)}
    assert largest_remainder(4_000_000, weights, 1_000_000) == {
        "001": 2_000_000,
        "002": 1_000_000,
        "003": 1_000_000,
    }


def test_the_part_below_one_rounding_unit_goes_to_the_next_in_the_ranking() -> None:
    # Quotas in units: 2.6 / 1.3 / 1.3 (pool 5.2 units); one whole unit is left over and goes
    # to "A" (fraction .6); the 200,000 below one unit goes to the next in the ranking, "B"
    # (fraction .3, tied with "C" and first by code).
    weights = {"A": Decimal(2), "B": Decimal(1), "C": Decimal(1)}
    assert largest_remainder(5_200_000, weights, 1_000_000) == {
        "A": 3_000_000,
        "B": 1_200_000,
        "C": 1_000_000,
    }


def test_a_pool_smaller_than_one_unit_goes_to_the_largest_coefficient() -> None:
    weights = {"001": Decimal(1), "002": Decimal(3)}
    assert largest_remainder(999, weights, 1_000_000) == {"001": 0, "002": 999}


def test_carve_outs_are_taken_before_the_formula() -> None:
    communes = [Commune("00001", "01", 10, False), Commune("00002", "02", 16, False)]
    carve_outs = [
        CarveOut("thematic_programmes", "Chương trình chuyên đề", 2_000_000_000),
        CarveOut("adb_grassroots_health", "Y tế cơ sở (ADB)", 500_000_000),
    ]
    result = allocate(QD07, 10_500_000_000, communes, carve_outs=carve_outs)
    assert result.pool == 8_000_000_000
    assert result.amounts() == {"01": 5_000_000_000, "02": 3_000_000_000}
    assert sum(result.amounts().values()) + 2_500_000_000 == result.total


def test_carve_outs_larger_than_the_total_are_refused() -> None:
    communes = [Commune("00001", "01", 10, False)]
    with pytest.raises(AllocationError, match="lớn hơn tổng số tiền"):
        allocate(QD07, 1_000, communes, carve_outs=[CarveOut("x", "x", 1_001)])


def test_investment_and_recurrent_funds_are_allocated_separately() -> None:
    communes = [Commune("00001", "01", 10, False), Commune("00002", "02", 19, True)]
    result = allocate_funds(
        QD07,
        {"investment": 30_000_000_000, "recurrent": 9_632_000_000},
        communes,
        carve_outs={"recurrent": [CarveOut("x", "x", 632_000_000)]},
    )
    assert result["investment"].amounts() == {"01": 25_000_000_000, "02": 5_000_000_000}
    assert result["recurrent"].amounts() == {"01": 7_500_000_000, "02": 1_500_000_000}
    assert result["recurrent"].fund_kind == "recurrent"


def test_an_unknown_fund_kind_is_refused() -> None:
    with pytest.raises(AllocationError, match="loại vốn"):
        allocate_funds(QD07, {"loan": 1}, [Commune("00001", "01", 10, False)])


def test_direct_commune_allocation_gives_each_commune_its_own_line() -> None:
    communes = [Commune("00001", "01", 10, False), Commune("00002", "01", 16, False)]
    result = allocate(QD07, 8_000_000, communes, level="commune")
    assert result.amounts() == {"00001": 5_000_000, "00002": 3_000_000}
    assert result.unit("00002").breakdown_text == "1 xã × 3,0 = 3,0"


def test_unknown_components_are_reported_as_not_applied() -> None:
    result = allocate(QD07, 1_000_000, [Commune("00001", "01", 10, False)])
    assert {s.id for s in result.skipped_components} == {"district_groups", "priority_provinces"}


def test_every_problem_is_reported_together() -> None:
    communes = [
        Commune("00001", "01", 19, False),
        Commune("00001", "01", 10, False),
        Commune("00003", "01", 19, False),
    ]
    with pytest.raises(AllocationError) as caught:
        allocate(QD07, -5, communes, rounding_unit=0)
    assert len(caught.value.problems) == 3  # total, rounding unit, duplicate commune
    with pytest.raises(AllocationError) as caught:
        allocate(QD07, 5, [communes[0], communes[2]])
    assert [p.split()[1] for p in caught.value.problems] == ["00001", "00003"]


def test_a_positive_total_with_no_positive_coefficient_is_refused() -> None:
    with pytest.raises(AllocationError, match="hệ số lớn hơn 0"):
        allocate(QD07, 5, [Commune("00001", "01", 10, False, frozenset({"dbkk"}))])


def test_a_zero_total_gives_zero_everywhere() -> None:
    result = allocate(QD07, 0, [Commune("00001", "01", 10, False, frozenset({"dbkk"}))])
    assert result.amounts() == {"01": 0}


def test_shares_are_exact_fractions_of_the_coefficient_sum() -> None:
    communes = [Commune("00001", "01", 10, False), Commune("00002", "02", 19, True)]
    result = allocate(QD07, 6_000_000, communes)
    assert result.unit("01").share == Fraction(5, 6)
    assert result.unit("01").percent(2) == Decimal("83.33")


def test_a_known_parent_multiplier_applies_to_flagged_parents() -> None:
    rule = load_rule(PROVINCIAL_EXAMPLE)
    communes = [Commune("00001", "P1", 10, False), Commune("00002", "P2", 10, False)]
    result = allocate(
        rule, 3_000_000, communes, level="parent", parent_flags={"P1": frozenset({"border"})}
    )
    assert result.unit("P1").coefficient == Decimal("5.0")  # 2.5 × 2
    assert result.unit("P1").breakdown_text == "1 xã × 2,5 = 2,5; sau điều chỉnh cấp trên: 5,0"
    assert result.amounts() == {"P1": 2_000_000, "P2": 1_000_000}
    assert result.skipped_components == ()


def test_a_parent_adjustment_is_skipped_when_allocating_to_communes() -> None:
    rule = load_rule(PROVINCIAL_EXAMPLE)
    result = allocate(rule, 1_000, [Commune("00001", "P1", 10, False)])
    assert result.level == "commune"
    assert [s.id for s in result.skipped_components] == ["border_parent"]


def test_a_missing_criteria_count_is_refused_when_the_rule_needs_it() -> None:
    with pytest.raises(AllocationError, match="00001 \\(chưa có số tiêu chí"):
        allocate(QD07, 1_000, [Commune("00001", "01", None, False)])
    # ...but not when the commune is placed without it (recognised, or under QĐ 16/2026).
    assert allocate(QD07, 1_000, [Commune("00001", "01", None, True)]).amounts() == {"01": 1_000}
    assert allocate(QD16, 1_000, [Commune("00001", "01", None, False)]).amounts() == {"01": 1_000}
