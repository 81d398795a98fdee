"""Demo money: Cao Bằng 2026 under qd-16-2026, deterministic and idempotent."""

from __future__ import annotations

import pytest

from nongthonmoi.funding import demo, queries
from nongthonmoi.funding.models import AllocationDecision, Disbursement, Mobilisation

pytestmark = pytest.mark.django_db


def test_the_demo_allocates_the_totals_exactly_and_a_second_run_changes_nothing(units) -> None:
    demo.load()
    counts = (
        AllocationDecision.objects.count(),
        Disbursement.objects.count(),
        Mobilisation.objects.count(),
    )
    assert demo.load() == ["funding: demo allocation already present"]
    assert counts == (
        AllocationDecision.objects.count(),
        Disbursement.objects.count(),
        Mobilisation.objects.count(),
    )
    for fund_kind, total in demo.TOTALS.items():
        lines = AllocationDecision.objects.filter(
            fund_kind=fund_kind, decision_number=demo.DECISION
        )
        assert sum(line.amount for line in lines) == total
        assert {line.rule_code for line in lines} == {"qd-16-2026"}
    assert counts[1] > 0
    assert queries.published_years(units.province) == [2026]
    assert all(d.note == demo.DEMO_NOTE for d in Disbursement.objects.all())
    for line in queries.money_lines(AllocationDecision.objects.all()):
        assert line.disbursed <= line.allocated
