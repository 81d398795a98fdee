from __future__ import annotations

import pytest

from nongthonmoi.criteria.models import IndicatorValue

from .. import demo
from ..models import Recognition, Round, RoundUnit, UnitStatus, ValueChange

pytestmark = pytest.mark.django_db


def test_the_demo_rounds_load_once_and_are_labelled_illustrative() -> None:
    from nongthonmoi.criteria import demo as criteria_demo

    criteria_demo.load()  # runs before ours in DEMO_STEPS and stores 2026 values too
    first = demo.load()
    counts = (Round.objects.count(), IndicatorValue.objects.count(), ValueChange.objects.count())
    second = demo.load()
    assert (
        Round.objects.count(),
        IndicatorValue.objects.count(),
        ValueChange.objects.count(),
    ) == counts
    assert "already loaded" in second[0] and "already loaded" not in first[0]
    r2026 = Round.objects.get(year=2026)
    assert r2026.illustrative_overlay == "cao-bang-2026.yaml" and "minh hoạ" in r2026.title
    statuses = set(RoundUnit.objects.filter(round=r2026).values_list("status", flat=True))
    assert {
        UnitStatus.APPROVED,
        UnitStatus.SUBMITTED,
        UnitStatus.RETURNED,
        UnitStatus.DRAFT,
    } <= statuses
    r2024 = Round.objects.get(year=2024)
    assert r2024.needs_district_verification
    assert RoundUnit.objects.filter(round=r2024, status=UnitStatus.VERIFIED).exists()
    assert RoundUnit.objects.filter(round=r2024, status=UnitStatus.APPROVED).exists()
    assert all(r.evaluation["illustrative"] for r in Recognition.objects.filter(year=2026))
