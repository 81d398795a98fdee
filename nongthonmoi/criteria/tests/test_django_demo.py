from __future__ import annotations

import pytest

from nongthonmoi.criteria import demo
from nongthonmoi.criteria.models import (
    Evaluation,
    EvaluationSummary,
    IndicatorValue,
    ProvinceOverlay,
)

pytestmark = pytest.mark.django_db


def test_the_demo_loads_an_illustrative_overlay_values_and_evaluations_once(units) -> None:  # type: ignore[no-untyped-def]
    demo.load()
    overlay = ProvinceOverlay.objects.get(province=units.province, set_code=demo.SET_CODE)
    assert overlay.illustrative and overlay.version == 1
    values = IndicatorValue.objects.filter(set_code=demo.SET_CODE, year=demo.YEAR)
    assert values.count() > 56 * 10
    assert set(values.values_list("comment", flat=True)) == {"demo"}
    evaluations = Evaluation.objects.filter(set_code=demo.SET_CODE, year=demo.YEAR)
    communes = 56
    assert evaluations.count() == 2 * communes
    assert evaluations.first().illustrative
    nation = EvaluationSummary.objects.get(
        scope_key="nation", set_code=demo.SET_CODE, year=demo.YEAR, basis="all"
    )
    assert nation.units_evaluated == communes
    snapshot = sorted(evaluations.values_list("unit_id", "basis", "criteria_met", "computed_at"))
    demo.load()
    assert ProvinceOverlay.objects.count() == 1
    assert (
        sorted(evaluations.values_list("unit_id", "basis", "criteria_met", "computed_at"))
        == snapshot
    )
