"""Properties of the engine, checked with hypothesis on the shipped 2021–2025 set and a test set."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from nongthonmoi.criteria.engine import MET, UnitInput, UnitProfile, evaluate_batch, evaluate_unit
from nongthonmoi.criteria.loader import ResolvedSet, load_set, parse_set_text
from nongthonmoi.criteria.schema import REGION_CODES
from nongthonmoi.criteria.tests.conftest import GROUP_SET

SET_318 = load_set("xa-ntm-2021-2025")
GROUPED = ResolvedSet(parse_set_text(GROUP_SET))
AT_LEAST = [
    i.code
    for _, i in SET_318.definition.indicators()
    if i.comparator == ">=" and i.kind in ("percentage", "number", "count")
]
AT_MOST = [i.code for _, i in SET_318.definition.indicators() if i.comparator == "<="]

decimals = st.decimals(min_value=0, max_value=200, places=2, allow_nan=False, allow_infinity=False)
regions = st.sampled_from(REGION_CODES)
flags = st.frozensets(st.sampled_from(["dbkk", "atk-huyen-ngheo", "xa-3-truong-tro-xuong", "atk"]))


def _status(resolved: ResolvedSet, profile: UnitProfile, code: str, value: Decimal) -> str:
    result = evaluate_unit(resolved, profile, 2024, {code: value})
    return next(i.status for c in result.criteria for i in c.indicators if i.code == code)


@given(st.sampled_from(AT_LEAST), regions, flags, decimals, decimals)
def test_raising_a_value_never_turns_a_met_at_least_indicator_into_not_met(
    code: str, region: str, unit_flags: frozenset[str], value: Decimal, raise_by: Decimal
) -> None:
    profile = UnitProfile("X", region=region, flags=unit_flags)
    if _status(SET_318, profile, code, value) == MET:
        assert _status(SET_318, profile, code, value + raise_by) == MET


@given(st.sampled_from(AT_MOST), regions, flags, decimals, decimals)
def test_lowering_a_value_never_turns_a_met_at_most_indicator_into_not_met(
    code: str, region: str, unit_flags: frozenset[str], value: Decimal, lower_by: Decimal
) -> None:
    profile = UnitProfile("X", region=region, flags=unit_flags)
    if _status(SET_318, profile, code, value + lower_by) == MET:
        assert _status(SET_318, profile, code, value) == MET


def _values() -> st.SearchStrategy[dict[str, object]]:
    return st.fixed_dictionaries(
        {},
        optional={
            "1.1": decimals,
            "2.1": decimals,
            "2.2": st.integers(min_value=0, max_value=6),
            "3.1": decimals,
            "3.2": st.booleans(),
        },
    )


@given(st.sampled_from(["1", "2", "3"]), st.sampled_from([2026, 2027, 2028]), _values())
def test_a_unit_meets_a_criterion_iff_all_its_indicators_are_met(
    group: str, year: int, values: dict[str, object]
) -> None:
    result = evaluate_unit(GROUPED, UnitProfile("X", group=group), year, values)
    for criterion in result.criteria:
        assert criterion.met == all(i.met for i in criterion.indicators)
    assert result.meets_standard == all(c.met for c in result.criteria)
    assert result.criteria_met == sum(c.met for c in result.criteria)


@st.composite
def _units(draw: st.DrawFn) -> list[UnitInput]:
    count = draw(st.integers(min_value=0, max_value=12))
    return [
        UnitInput(
            UnitProfile(f"U{n}", group=draw(st.sampled_from(["1", "2", "3"]))), draw(_values())
        )
        for n in range(count)
    ]


@settings(max_examples=50)
@given(_units(), st.sampled_from([2026, 2027]))
def test_batch_evaluation_equals_one_by_one(units: list[UnitInput], year: int) -> None:
    batch = evaluate_batch(GROUPED, units, year)
    single = [evaluate_unit(GROUPED, u.profile, year, u.values) for u in units]
    assert [r.to_dict() for r in batch] == [r.to_dict() for r in single]


@settings(max_examples=30)
@given(st.lists(st.tuples(regions, flags, st.dictionaries(st.sampled_from(AT_LEAST), decimals))))
def test_batch_equals_one_by_one_on_the_shipped_set(
    rows: list[tuple[str, frozenset[str], dict[str, Decimal]]],
) -> None:
    units = [
        UnitInput(UnitProfile(f"U{n}", region=r, flags=f), v) for n, (r, f, v) in enumerate(rows)
    ]
    batch = evaluate_batch(SET_318, units, 2023)
    single = [evaluate_unit(SET_318, u.profile, 2023, u.values) for u in units]
    assert batch == single
