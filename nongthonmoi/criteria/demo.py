"""Demo data for the criteria pages: Cao Bằng's illustrative overlay, 2026 values, evaluations.

Deterministic (seeded) and idempotent. The overlay and the values are invented for the demo and
labelled as such ("Ngưỡng minh hoạ — không phải số liệu chính thức"; values carry comment "demo").
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from nongthonmoi.accounts.models import User
from nongthonmoi.demo import base
from nongthonmoi.places.models import AdminUnit, Level, Structure

from .loader import load_overlay_file, load_set
from .models import Evaluation, IndicatorValue, ProvinceOverlay, ValueStatus
from .services import do_recompute, do_save_overlay

SET_CODE = "xa-ntm-2026-2030"
YEAR = 2026
SEED = 2026_04
OVERLAY_FILE = Path(__file__).with_name("illustrative") / "cao-bang-2026.yaml"
DEMO_COMMENT = "demo"


def _value(code: str, kind: str, strength: float, rng: random.Random) -> tuple[str, Decimal | None]:
    """A plausible value; stronger communes tend to meet more thresholds."""
    if kind == "boolean":
        met = rng.random() < 0.75 + 0.25 * strength
        return ("true" if met else "false"), Decimal(int(met))
    if code == "3.a":  # income growth, %/year
        number = Decimal(str(round(rng.uniform(3.0, 7.0) + 4.0 * strength, 1)))
    elif code == "6.a":  # multidimensional poverty rate, %
        number = Decimal(str(round(rng.uniform(1.0, 8.0) + 6.0 * (1 - strength), 1)))
    else:  # percentages of households / area
        number = Decimal(str(round(min(100.0, rng.uniform(40.0, 75.0) + 30.0 * strength), 1)))
    return str(number.normalize()) if number != number.to_integral_value() else str(
        int(number)
    ), number


def _overlay(province: AdminUnit) -> str:
    if ProvinceOverlay.objects.filter(province=province, set_code=SET_CODE).exists():
        return "criteria: Cao Bằng overlay already present"
    admin = User.objects.filter(is_superuser=True).order_by("pk").first()
    overlay = load_overlay_file(OVERLAY_FILE)
    data = overlay.model_dump(mode="json")
    data.pop("version")
    row = do_save_overlay(admin, province, SET_CODE, data, source="demo", recompute=False)
    return f"criteria: illustrative overlay {row.code} v{row.version} loaded"


def _values(communes: list[AdminUnit]) -> int:
    rng = random.Random(SEED)
    definition = load_set(SET_CODE).definition
    indicators = [(i.code, i.kind) for _, i in definition.indicators()]
    existing = set(
        IndicatorValue.objects.filter(unit__in=communes, set_code=SET_CODE, year=YEAR).values_list(
            "unit_id", "indicator_code"
        )
    )
    rows = []
    for commune in communes:
        strength = rng.random()
        for code, kind in indicators:
            text, number = _value(code, kind, strength, rng)
            roll = rng.random()
            if roll < 0.03:  # no data reported
                continue
            status = (
                ValueStatus.APPROVED
                if roll < 0.9
                else ValueStatus.SUBMITTED
                if roll < 0.96
                else ValueStatus.DRAFT
            )
            if (commune.pk, code) in existing:
                continue
            rows.append(
                IndicatorValue(
                    unit=commune,
                    set_code=SET_CODE,
                    year=YEAR,
                    indicator_code=code,
                    value=text,
                    number=number,
                    status=status,
                    comment=DEMO_COMMENT,
                )
            )
    IndicatorValue.objects.bulk_create(rows, batch_size=1000)
    return len(rows)


@transaction.atomic
def load() -> list[str]:
    province = AdminUnit.objects.get(structure=Structure.NEW, code=base.PROVINCE)
    communes = list(
        AdminUnit.objects.filter(structure=Structure.NEW, level=Level.COMMUNE, province=province)
        .order_by("code")
        .select_related("province")
    )
    lines = [_overlay(province)]
    created = _values(communes)
    lines.append(f"criteria: {created} demo indicator values for {len(communes)} communes ({YEAR})")
    evaluated = Evaluation.objects.filter(set_code=SET_CODE, year=YEAR, province=province).count()
    if created or evaluated < len(communes):
        report = do_recompute(communes, SET_CODE, YEAR)
        lines.append(f"criteria: {report.evaluated} communes evaluated")
    return lines
