"""Small builders for funding tests (and the access walk's commune-B sample)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nongthonmoi.places.models import AdminUnit

from ..models import AllocationDecision, Disbursement, PublishedYear

DECISION_DATE = dt.date(2026, 3, 2)


def allocation(
    province: AdminUnit,
    commune: AdminUnit,
    *,
    amount: int = 1_000_000_000,
    year: int = 2026,
    fund_kind: str = "investment",
    number: str = "TEST-01/QĐ-UBND",
) -> AllocationDecision:
    return AllocationDecision.objects.create(
        from_unit=province,
        to_unit=commune,
        province=province,
        year=year,
        fund_kind=fund_kind,
        amount=amount,
        decision_number=number,
        decision_date=DECISION_DATE,
        rule_code="qd-16-2026",
        coefficient=50,
        breakdown="1 xã × 50",
        parameters={"rule_version": "qd-16-2026 (Quyết định 16/2026/QĐ-TTg)"},
    )


def disbursement(row: AllocationDecision, amount: int, date: dt.date | None = None) -> Disbursement:
    return Disbursement.objects.create(
        allocation=row, date=date or dt.date(2026, 4, 1), amount=amount
    )


def publish(province: AdminUnit, year: int = 2026) -> PublishedYear:
    return PublishedYear.objects.create(province=province, year=year)


def commune_b_sample(units: Any) -> AllocationDecision:
    """Commune B's allocation, for the access walk."""
    return allocation(units.province, units.commune_b, number="WALK-B/QĐ-UBND")
