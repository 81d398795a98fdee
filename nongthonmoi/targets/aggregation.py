"""How unit values add up to a higher unit (pure, no Django).

Each unit contributes a `UnitFigure`; `aggregate` returns the higher unit's value:
- sum: the sum of the values;
- ratio of sums: sum(numerators) / sum(denominators) x scale (not the mean of the ratios);
- share meeting: the share (%) of units whose value reaches `meets_at_least`.
Units without data are left out of sums and ratios; for shares they count in the denominator
only when `count_missing_as_not_meeting` (a commune with no result has not met the standard).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from .catalogue import Aggregation

HUNDRED = Decimal(100)


@dataclass(frozen=True)
class UnitFigure:
    unit_code: str
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None

    def has_data(self) -> bool:
        return self.value is not None or (
            self.numerator is not None and self.denominator is not None
        )


@dataclass(frozen=True)
class Aggregate:
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    units_with_data: int


def quantize(value: Decimal | None, places: int = 2) -> Decimal | None:
    if value is None:
        return None
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def aggregate(
    kind: Aggregation,
    figures: Iterable[UnitFigure],
    *,
    scale: Decimal = HUNDRED,
    meets_at_least: Decimal = Decimal(1),
    count_missing_as_not_meeting: bool = False,
) -> Aggregate:
    rows = list(figures)
    with_data = [f for f in rows if f.has_data()]
    if kind == Aggregation.SUM:
        values = [f.value if f.value is not None else f.numerator for f in with_data]
        present = [v for v in values if v is not None]
        total = sum(present, Decimal(0)) if present else None
        return Aggregate(total, None, None, len(present))
    if kind == Aggregation.RATIO_OF_SUMS:
        pairs = [
            (f.numerator, f.denominator)
            for f in with_data
            if f.numerator is not None and f.denominator is not None
        ]
        num = sum((p[0] for p in pairs), Decimal(0))
        den = sum((p[1] for p in pairs), Decimal(0))
        if not pairs or den == 0:
            return Aggregate(None, num if pairs else None, den if pairs else None, len(pairs))
        return Aggregate(num / den * scale, num, den, len(pairs))
    # share meeting
    pool = rows if count_missing_as_not_meeting else with_data
    if not with_data or not pool:
        return Aggregate(None, None, None, 0)
    meeting = sum(1 for f in pool if f.value is not None and f.value >= meets_at_least)
    return Aggregate(
        Decimal(meeting) / Decimal(len(pool)) * HUNDRED,
        Decimal(meeting),
        Decimal(len(pool)),
        len(with_data),
    )
