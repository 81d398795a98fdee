"""Reads for pages, the API and other apps: the rules in force for a province, stored results.

Public API for other apps:

* ``resolved_set_for(province, set_code) -> ResolvedSet`` – the national set with the province's
  latest active overlay applied (``loader.apply_overlay(load_set(code), overlay)``). Pass the
  province (a commune is accepted: its province is used) or ``None`` for the national set alone.
  This is what every evaluation of a unit of that province must use.
* ``active_overlay(province, set_code) -> ProvinceOverlay | None``
* ``profile_for(unit) -> engine.UnitProfile`` – a unit's group, region and flags for the engine.
* ``default_set_code(structure)`` – the commune set in force on a map.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from django.db.models import QuerySet

from nongthonmoi.places.models import AdminUnit, Level, Structure

from .engine import UnitProfile
from .loader import ResolvedSet, apply_overlay, list_sets, load_set
from .models import Evaluation, EvaluationSummary, IndicatorValue, ProvinceOverlay, ValuesBasis
from .schema import Overlay

# The commune set in force on each map (the default on pages).
DEFAULT_SETS: dict[str, str] = {
    Structure.NEW: "xa-ntm-2026-2030",
    Structure.OLD: "xa-ntm-2021-2025",
}
TILES_FILE = Path(__file__).with_name("static") / "criteria" / "province-tiles.json"


def default_set_code(structure: str) -> str:
    return DEFAULT_SETS.get(structure, DEFAULT_SETS[Structure.NEW])


def set_codes(structure: str | None = None, level: str | None = None) -> list[str]:
    return [
        s.code
        for s in list_sets()
        if (structure is None or s.map == structure) and (level is None or s.level == level)
    ]


def province_of(unit: AdminUnit) -> AdminUnit | None:
    if unit.level == Level.PROVINCE:
        return unit
    return unit.province


def active_overlay(province: AdminUnit | None, set_code: str) -> ProvinceOverlay | None:
    if province is None:
        return None
    return (
        ProvinceOverlay.objects.filter(province=province, set_code=set_code, active=True)
        .order_by("-version")
        .first()
    )


def overlay_of(row: ProvinceOverlay) -> Overlay:
    return Overlay.model_validate(row.data)


def resolved_set_for(province: AdminUnit | None, set_code: str) -> ResolvedSet:
    """The national set `set_code` with `province`'s latest active overlay applied.

    Raises ``KeyError`` for an unknown set. An overlay stored in the database was validated
    against the national set when it was saved, so applying it again does not fail.
    """
    national = load_set(set_code)
    if province is not None and province.level != Level.PROVINCE:
        province = province.province
    row = active_overlay(province, set_code)
    if row is None:
        return national
    return resolved_for_version(row)


def resolved_for_version(row: ProvinceOverlay) -> ResolvedSet:
    """The set as resolved under one stored overlay version (current or past)."""
    return _apply_cached(row.set_code, json.dumps(row.data, sort_keys=True))


@lru_cache(maxsize=64)
def _apply_cached(set_code: str, overlay_json: str) -> ResolvedSet:
    # Keyed by the overlay's content, so a cached result can never belong to other thresholds.
    overlay = Overlay.model_validate(json.loads(overlay_json))
    return apply_overlay(load_set(set_code), overlay)


def profile_for(unit: AdminUnit) -> UnitProfile:
    return UnitProfile(
        code=unit.code,
        name=unit.name,
        group=unit.commune_group,
        region=unit.region or None,
        flags=frozenset(unit.flags),
    )


def evaluable_units(province: AdminUnit, set_code: str) -> QuerySet[AdminUnit]:
    """The units a set judges inside a province (communes for commune sets)."""
    definition = load_set(set_code).definition
    return AdminUnit.objects.filter(
        structure=definition.map, level=definition.level, province=province
    )


# --- stored results ---------------------------------------------------------------------------


def evaluation_for(
    unit: AdminUnit, set_code: str, year: int, basis: str = ValuesBasis.ALL
) -> Evaluation | None:
    return Evaluation.objects.filter(unit=unit, set_code=set_code, year=year, basis=basis).first()


def evaluated_years(set_code: str, province: AdminUnit | None = None) -> list[int]:
    qs = Evaluation.objects.filter(set_code=set_code)
    if province is not None:
        qs = qs.filter(province=province)
    return list(qs.order_by("-year").values_list("year", flat=True).distinct())


def value_rows(unit: AdminUnit, set_code: str, year: int) -> dict[str, IndicatorValue]:
    rows = IndicatorValue.objects.filter(unit=unit, set_code=set_code, year=year).select_related(
        "updated_by"
    )
    return {row.indicator_code: row for row in rows}


SORTS: dict[str, list[str]] = {
    "closest": ["meets_standard", "criteria_gap", "unit__name"],  # not yet meeting, nearest first
    "name": ["unit__name"],
    "met": ["-criteria_met", "unit__name"],
    "code": ["unit__code"],
}


def province_evaluations(
    province: AdminUnit, set_code: str, year: int, basis: str, sort: str = "closest"
) -> QuerySet[Evaluation]:
    from django.db.models import F

    qs = (
        Evaluation.objects.filter(province=province, set_code=set_code, year=year, basis=basis)
        .select_related("unit")
        .annotate(criteria_gap=F("criteria_total") - F("criteria_met"))  # criteria still to meet
        .defer("explanation")
    )
    return qs.order_by(*SORTS.get(sort, SORTS["closest"]))


def summary_for(scope_key: str, set_code: str, year: int, basis: str) -> EvaluationSummary | None:
    return EvaluationSummary.objects.filter(
        scope_key=scope_key, set_code=set_code, year=year, basis=basis
    ).first()


def scope_key(province: AdminUnit) -> str:
    return f"{province.structure}:{province.code}"


# --- charts and tiles -------------------------------------------------------------------------


@dataclass(frozen=True)
class Tile:
    code: str
    label: str
    column: int
    row: int
    share: float | None
    summary: EvaluationSummary | None


@cache
def _tile_layout() -> dict[str, Any]:
    return json.loads(TILES_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def province_tiles(summaries: dict[str, EvaluationSummary]) -> tuple[list[Tile], int, int]:
    """The 34-province cartogram: (tiles, columns, rows); `summaries` is keyed by province code."""
    layout = _tile_layout()
    tiles = []
    for code, (column, row, label) in layout["tiles"].items():
        summary = summaries.get(code)
        share = summary.share_meeting if summary and summary.units_total else None
        tiles.append(Tile(code, label, column, row, share, summary))
    return tiles, layout["columns"], layout["rows"]


def share_colour(share: float | None) -> str:
    """A five-step green scale for shares (grey when there is no result)."""
    if share is None:
        return "#d9d9d9"
    steps = [(80, "#1f6f43"), (60, "#3d8b5a"), (40, "#7fb88f"), (20, "#c3e0c9"), (0, "#eef6f0")]
    return next(colour for floor, colour in steps if share >= floor)


def chart_data(summary: EvaluationSummary | None, criteria_names: dict[str, str]) -> dict[str, Any]:
    """Series for the two dashboard charts (criteria met distribution, criteria most missed)."""
    if summary is None:
        return {"met": {"labels": [], "values": []}, "missed": {"labels": [], "values": []}}
    total = max((int(k) for k in summary.by_criteria_met), default=0)
    total = max(total, *(len(criteria_names),)) if criteria_names else total
    met_labels = [str(n) for n in range(total + 1)]
    met_values = [summary.by_criteria_met.get(label, 0) for label in met_labels]
    missed = sorted(
        ((code, counts.get("not_met", 0)) for code, counts in summary.by_criterion.items()),
        key=lambda item: (-item[1], item[0]),
    )
    return {
        "met": {"labels": met_labels, "values": met_values},
        "missed": {
            "labels": [f"{code}. {criteria_names.get(code, '')}" for code, _ in missed],
            "values": [count for _, count in missed],
        },
    }
