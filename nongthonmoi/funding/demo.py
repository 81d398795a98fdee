"""Demo money for Cao Bằng 2026: an allocation under qd-16-2026, disbursements, mobilisation.

Deterministic (seeded) and idempotent: a second run finds the demo decision and changes nothing.
Every amount is invented: the decision number starts with "DEMO", notes and descriptions carry
the demo label, and the year is published so the public page has something to show.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from nongthonmoi.accounts.models import User
from nongthonmoi.demo import base
from nongthonmoi.places.models import AdminUnit, Structure

from . import queries
from .allocation import allocate
from .models import AllocationDecision, Disbursement, Mobilisation, PublishedYear
from .services import do_save_allocation

YEAR = 2026
SEED = 2026_16
RULE = "qd-16-2026"
DECISION = "DEMO-125/QĐ-UBND"
DECISION_DATE = dt.date(2026, 3, 16)
TOTALS = {"investment": 150_000_000_000, "recurrent": 45_000_000_000}
DEMO_NOTE = "Số liệu minh hoạ (demo)"
# Mobilised at the province, by source: (source, form, amount in đồng)
MOBILISED = [
    ("central", "money", 195_000_000_000),
    ("local", "money", 24_500_000_000),
    ("integrated", "money", 61_200_000_000),
    ("credit", "money", 88_000_000_000),
    ("enterprises", "money", 12_300_000_000),
    ("community", "money", 6_800_000_000),
    ("community", "in_kind", 9_450_000_000),
]


def load() -> list[str]:
    province = AdminUnit.objects.filter(structure=Structure.NEW, code=base.PROVINCE).first()
    approver = User.objects.filter(username="tinh.caobang").first()
    if province is None or approver is None:
        return ["funding: Cao Bằng or its approver missing; skipped"]
    if AllocationDecision.objects.filter(from_unit=province, decision_number=DECISION).exists():
        return ["funding: demo allocation already present"]
    rows = queries.commune_rows(province, YEAR)
    rule = queries.national_rule(RULE)
    communes = [row.commune() for row in rows]
    rng = random.Random(SEED)
    with transaction.atomic():
        lines: list[AllocationDecision] = []
        for fund_kind, total in TOTALS.items():
            allocation = allocate(rule, total, communes, level="commune", fund_kind=fund_kind)
            lines += do_save_allocation(
                approver,
                province,
                allocation,
                year=YEAR,
                decision_number=DECISION,
                decision_date=DECISION_DATE,
                parameters={
                    "rule": RULE,
                    "rule_version": f"{RULE} ({rule.legal_source.document})",
                    "legal_source": rule.legal_source.document,
                    "demo": DEMO_NOTE,
                },
            )
        disbursements = []
        for line in sorted(lines, key=lambda x: (x.to_unit.code, x.fund_kind)):
            if rng.random() < 0.2:
                continue  # some communes have not disbursed yet
            share = rng.uniform(0.15, 0.85)
            first = int(line.amount * share * 0.6) // 1_000_000 * 1_000_000
            second = int(line.amount * share * 0.4) // 1_000_000 * 1_000_000
            for date, amount in ((dt.date(2026, 5, 20), first), (dt.date(2026, 9, 10), second)):
                if amount > 0:
                    disbursements.append(
                        Disbursement(
                            allocation=line,
                            date=date,
                            amount=amount,
                            note=DEMO_NOTE,
                            created_by=approver,
                        )
                    )
        Disbursement.objects.bulk_create(disbursements)
        Mobilisation.objects.bulk_create(
            Mobilisation(
                unit=province,
                province=province,
                year=YEAR,
                source=source,
                form=form,
                amount=amount,
                description=DEMO_NOTE,
                created_by=approver,
            )
            for source, form, amount in MOBILISED
        )
        PublishedYear.objects.get_or_create(
            province=province,
            year=YEAR,
            withdrawn_at=None,
            defaults={"published_by": approver},
        )
    return [
        f"funding: {len(lines)} demo allocation lines ({DECISION}, {RULE}), "
        f"{len(disbursements)} disbursements, {len(MOBILISED)} mobilisation rows, "
        f"{YEAR} published"
    ]
