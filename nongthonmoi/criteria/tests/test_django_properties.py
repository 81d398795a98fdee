"""Property: stored results equal the pure engine's on the same input (SQLite and PostgreSQL)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nongthonmoi.criteria import demo, services
from nongthonmoi.criteria.engine import UnitProfile, evaluate_unit
from nongthonmoi.criteria.loader import apply_overlay, load_overlay_file, load_set
from nongthonmoi.criteria.models import Evaluation, IndicatorValue

pytestmark = pytest.mark.django_db
INDICATORS = [(i.code, i.kind) for _, i in load_set(demo.SET_CODE).definition.indicators()]


def value_for(kind: str) -> st.SearchStrategy[object]:
    if kind == "boolean":
        return st.booleans()
    return st.decimals(min_value=0, max_value=100, places=1, allow_nan=False)


entries = st.fixed_dictionaries(
    {
        code: st.one_of(
            st.none(),
            st.tuples(value_for(kind), st.sampled_from(["approved", "submitted", "draft"])),
        )
        for code, kind in INDICATORS
    }
)


@pytest.fixture
def overlay_in_db(personas, units):  # type: ignore[no-untyped-def]
    overlay = load_overlay_file(demo.OVERLAY_FILE)
    data = overlay.model_dump(mode="json")
    data.pop("version")
    services.do_save_overlay(personas.admin, units.province, demo.SET_CODE, data, recompute=False)
    return apply_overlay(load_set(demo.SET_CODE), overlay)


def stored_text(value: object) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(values=entries, group=st.sampled_from([1, 2, 3]))
def test_stored_evaluations_equal_the_pure_engine_on_the_same_values(
    overlay_in_db, units, values, group
) -> None:  # type: ignore[no-untyped-def]
    commune = units.commune_a
    commune.commune_group = group
    commune.save()
    IndicatorValue.objects.filter(unit=commune).delete()
    IndicatorValue.objects.bulk_create(
        IndicatorValue(
            unit=commune,
            set_code=demo.SET_CODE,
            year=demo.YEAR,
            indicator_code=code,
            value=stored_text(entry[0]),
            number=Decimal(int(entry[0])) if isinstance(entry[0], bool) else entry[0],
            status=entry[1],
        )
        for code, entry in values.items()
        if entry is not None
    )
    services.recompute_units([commune.pk], demo.SET_CODE, demo.YEAR)

    profile = UnitProfile(commune.code, commune.name, group=group, flags=frozenset(commune.flags))
    everything = {code: e[0] for code, e in values.items() if e is not None}
    approved = {code: e[0] for code, e in values.items() if e is not None and e[1] == "approved"}
    for basis, given_values in (("all", everything), ("approved", approved)):
        expected = evaluate_unit(overlay_in_db, profile, demo.YEAR, given_values)
        stored = Evaluation.objects.get(
            unit=commune, set_code=demo.SET_CODE, year=demo.YEAR, basis=basis
        )
        assert stored.explanation == expected.to_dict()
        assert stored.criteria_met == expected.criteria_met
        assert stored.meets_standard == expected.meets_standard
        assert stored.missing_indicators == list(expected.missing_indicators)
        assert stored.fingerprint == expected.fingerprint
