"""Read stored indicator values in the shape the pure engine takes."""

from __future__ import annotations

from collections.abc import Iterable

from .loader import ResolvedSet
from .models import IndicatorValue, ValueStatus
from .values import Value, parse_value

APPROVED = [ValueStatus.APPROVED]


def indicator_kinds(resolved: ResolvedSet) -> dict[str, tuple[str, list[str]]]:
    """Indicator code -> (kind, choices) for parsing stored text back into values."""
    return {
        indicator.code: (indicator.kind, list(indicator.choices))
        for criterion in resolved.definition.criteria
        for indicator in criterion.indicators
    }


def values_for(
    unit_ids: Iterable[int],
    resolved: ResolvedSet,
    year: int,
    *,
    statuses: Iterable[str] | None = None,
) -> dict[int, dict[str, Value]]:
    """unit id -> {indicator code: parsed value}; `statuses` limits to e.g. approved values only."""
    kinds = indicator_kinds(resolved)
    qs = IndicatorValue.objects.filter(
        unit_id__in=list(unit_ids), set_code=resolved.code, year=year
    ).exclude(value="")
    if statuses is not None:
        qs = qs.filter(status__in=list(statuses))
    result: dict[int, dict[str, Value]] = {}
    for unit_id, code, raw in qs.values_list("unit_id", "indicator_code", "value"):
        if code in kinds:
            kind, choices = kinds[code]
            result.setdefault(unit_id, {})[code] = parse_value(raw, kind, choices)
    return result
