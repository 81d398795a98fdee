"""Reads: a unit's target board, the figures behind a number, the national comparison, tasks."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet

from nongthonmoi.accounts import scope
from nongthonmoi.accounts.roles import Capability
from nongthonmoi.places.models import AdminUnit, Level

from . import computed
from .aggregation import Aggregate, UnitFigure, aggregate, quantize
from .catalogue import Aggregation, load_catalogue
from .models import ProgressValue, Target, TargetOverride, Task, TaskState
from .status import LABELS_VI, Status, Trajectory, assess, expected_value

CACHE_SECONDS = 300
VERSION_KEY = "targets:computed-version"
MAX_SERIES_YEARS = 8


def bump_computed_version() -> None:
    """Called by every write that feeds a computed source: cached figures become stale at once."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def _version() -> int:
    return int(cache.get_or_set(VERSION_KEY, 1, None) or 1)


@dataclass(frozen=True)
class Effective:
    """The target as it applies to one unit: the province's override, its region's, or the nation's."""

    target_value: Decimal | None
    target_year: int
    baseline: Decimal | None
    baseline_year: int | None
    tolerance: Decimal | None
    origin: str  # "national" | "regional" | "province"
    decision_number: str = ""

    def trajectory(self, target: Target) -> Trajectory:
        return Trajectory(
            target_value=self.target_value,
            target_year=self.target_year,
            baseline=self.baseline,
            baseline_year=self.baseline_year,
            at_most=target.direction == "at_most",
            tolerance=self.tolerance,
            default_tolerance_share=_policy_share(),
        )


def _policy_share() -> Decimal:
    share = cache.get("targets:policy-share")
    if share is None:
        share = load_catalogue().policy.default_tolerance_share
        cache.set("targets:policy-share", share, None)
    return Decimal(share)


def province_of(unit: AdminUnit | None) -> AdminUnit | None:
    if unit is None:
        return None
    return unit if unit.level == Level.PROVINCE else unit.province


def effective_target(
    target: Target, unit: AdminUnit | None, overrides: dict[int, TargetOverride] | None = None
) -> Effective:
    province = province_of(unit)
    if province is not None:
        override = (
            overrides.get(target.pk)
            if overrides is not None
            else TargetOverride.objects.filter(target=target, province=province).first()
        )
        if override is not None:
            return Effective(
                override.target_value,
                override.target_year,
                override.baseline,
                override.baseline_year,
                override.tolerance if override.tolerance is not None else target.tolerance,
                "province",
                override.decision_number,
            )
        regional = (target.regional_targets or {}).get("values", {})
        if province.region and province.region in regional:
            return Effective(
                Decimal(regional[province.region]),
                target.target_year,
                target.baseline,
                target.baseline_year,
                target.tolerance,
                "regional",
            )
    return Effective(
        target.target_value,
        target.target_year,
        target.baseline,
        target.baseline_year,
        target.tolerance,
        "national",
    )


def communes_of(unit: AdminUnit | None, structure: str) -> QuerySet[AdminUnit]:
    qs = AdminUnit.objects.filter(structure=structure, level=Level.COMMUNE)
    if unit is None:
        return qs
    if unit.level == Level.COMMUNE:
        return qs.filter(pk=unit.pk)
    if unit.level == Level.DISTRICT:
        return qs.filter(district=unit)
    return qs.filter(province=unit)


def figures_key(target: Target, unit: AdminUnit | None, structure: str, year: int) -> str:
    """The cache key of a unit's computed figures (the version makes earlier keys stale)."""
    return f"targets:fig:{_version()}:{target.computed_source}:{structure}:{unit.pk if unit else 0}:{year}"


def computed_figures(
    target: Target, unit: AdminUnit | None, structure: str, year: int
) -> dict[int, UnitFigure] | None:
    """The computed source's figures, cached; any write feeding a source bumps the version."""
    key = figures_key(target, unit, structure, year)
    hit = cache.get(key)
    if hit is not None:
        return hit or None
    figures = computed.compute(target.computed_source, communes_of(unit, structure), year)
    cache.set(key, figures or {}, CACHE_SECONDS)
    return figures


def computed_figures_by_province(
    target: Target, provinces: list[AdminUnit], year: int
) -> dict[int, dict[int, UnitFigure] | None]:
    """`computed_figures(target, p, p.structure, year)` for many provinces at once.

    Cached figures are read in one cache call; the provinces not cached are computed together by
    the source's bulk form (a fixed number of queries) and cached per province, under the same
    keys as `computed_figures`.
    """
    keys = {p.pk: figures_key(target, p, p.structure, year) for p in provinces}
    hits = cache.get_many(list(keys.values()))
    result: dict[int, dict[int, UnitFigure] | None] = {
        pk: hits[key] or None for pk, key in keys.items() if key in hits
    }
    missing = [p for p in provinces if p.pk not in result]
    if missing:
        by_structure: dict[str, list[int]] = defaultdict(list)
        for p in missing:
            by_structure[p.structure].append(p.pk)
        q = Q()
        for structure, pks in by_structure.items():
            q |= Q(structure=structure, province__in=pks)
        communes = AdminUnit.objects.filter(q, level=Level.COMMUNE)
        fresh = computed.compute_by_province(
            target.computed_source, communes, year, [p.pk for p in missing]
        )
        cache.set_many({keys[pk]: figures or {} for pk, figures in fresh.items()}, CACHE_SECONDS)
        result.update(fresh)
    return result


def _figure(value: ProgressValue, code: str) -> UnitFigure:
    return UnitFigure(code, value.value, value.numerator, value.denominator)


def _aggregate(target: Target, figures: dict[int, UnitFigure]) -> Aggregate:
    return aggregate(
        Aggregation(target.aggregation),
        figures.values(),
        scale=target.scale,
        meets_at_least=target.meets_at_least,
    )


def _own_value(pv: ProgressValue, target: Target) -> Decimal | None:
    """A value entered for the unit itself: the value, or numerator/denominator × scale."""
    if pv.value is not None:
        return pv.value
    if pv.numerator is not None and pv.denominator:
        return pv.numerator / pv.denominator * target.scale
    return None


@dataclass
class BoardRow:
    target: Target
    effective: Effective
    year: int | None
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    expected: Decimal | None
    status: Status
    series: list[tuple[int, Decimal | None]] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return LABELS_VI[self.status]

    @property
    def shown_value(self) -> Decimal | None:
        return quantize(self.value)

    def sparkline(self) -> dict[str, Any]:
        return {
            "years": [y for y, _ in self.series],
            "values": [float(quantize(v) or 0) if v is not None else None for _, v in self.series],
            "target": float(self.effective.target_value)
            if self.effective.target_value is not None
            else None,
        }


def series_years(target: Target, eff: Effective, today: dt.date) -> list[int]:
    start = eff.baseline_year or (eff.target_year - 4)
    end = min(max(eff.target_year, start), max(today.year, start))
    years = list(range(start, end + 1))
    return years[-MAX_SERIES_YEARS:]


class Board:
    """Values of every target for one unit (None = the nation) on one map, per year."""

    def __init__(
        self,
        unit: AdminUnit | None,
        structure: str,
        today: dt.date,
        *,
        overrides: dict[int, TargetOverride] | None = None,
        values: Iterable[ProgressValue] | None = None,
        prefetched_figures: dict[tuple[int, int], dict[int, UnitFigure] | None] | None = None,
    ) -> None:
        """`overrides` (by target id), `values` (the entered values of the unit and its
        communes, units joined) and `prefetched_figures` (computed figures, by target id and
        year) when the caller has read them already for many boards at once; otherwise the board
        reads them."""
        self.unit = unit
        self.structure = structure
        self.today = today
        province = province_of(unit)
        if overrides is None:
            overrides = (
                {o.target_id: o for o in TargetOverride.objects.filter(province=province)}
                if province
                else {}
            )
        self.overrides = overrides
        self._computed = prefetched_figures or {}
        self._manual: dict[tuple[int, int], list[tuple[int, str, ProgressValue]]] = defaultdict(
            list
        )
        self._own: dict[tuple[int, int], ProgressValue] = {}
        self._load_manual(values)

    def _load_manual(self, values: Iterable[ProgressValue] | None = None) -> None:
        if values is None:
            communes = communes_of(self.unit, self.structure)
            q = Q(unit__in=communes)
            if self.unit is not None and self.unit.level != Level.COMMUNE:
                q |= Q(unit=self.unit)
            values = ProgressValue.objects.filter(q, target__computed_source="").select_related(
                "unit"
            )
        for pv in values:
            if self.unit is not None and pv.unit_id == self.unit.pk:
                self._own[(pv.target_id, pv.year)] = pv
            if pv.unit.level == Level.COMMUNE:
                self._manual[(pv.target_id, pv.year)].append((pv.unit_id, pv.unit.code, pv))

    def figures(self, target: Target, year: int) -> dict[int, UnitFigure] | None:
        if target.is_computed:
            if (target.pk, year) in self._computed:
                return self._computed[(target.pk, year)]
            return computed_figures(target, self.unit, self.structure, year)
        rows = self._manual.get((target.pk, year), [])
        return {pk: _figure(pv, code) for pk, code, pv in rows} or None

    def value(self, target: Target, year: int) -> Aggregate:
        own = self._own.get((target.pk, year))
        if own is not None:
            return Aggregate(_own_value(own, target), own.numerator, own.denominator, 1)
        figures = self.figures(target, year)
        if not figures:
            return Aggregate(None, None, None, 0)
        return _aggregate(target, figures)

    def row(self, target: Target) -> BoardRow:
        eff = effective_target(target, self.unit, self.overrides)
        series = [(y, self.value(target, y)) for y in series_years(target, eff, self.today)]
        latest = next(((y, a) for y, a in reversed(series) if a.value is not None), None)
        trajectory = eff.trajectory(target)
        if latest is None:
            year = series[-1][0] if series else None
            status = assess(trajectory, None, year or eff.target_year)
            return BoardRow(
                target,
                eff,
                year,
                None,
                None,
                None,
                expected_value(trajectory, year or eff.target_year),
                status,
                [(y, a.value) for y, a in series],
            )
        year, agg = latest
        return BoardRow(
            target,
            eff,
            year,
            agg.value,
            agg.numerator,
            agg.denominator,
            expected_value(trajectory, year),
            assess(trajectory, quantize(agg.value), year),
            [(y, a.value) for y, a in series],
        )

    def rows(self, targets: QuerySet[Target] | None = None) -> list[BoardRow]:
        targets = targets if targets is not None else Target.objects.select_related("programme")
        return [self.row(t) for t in targets]


def drill_down(
    target: Target, unit: AdminUnit, year: int, user: Any
) -> list[tuple[AdminUnit, UnitFigure | None]]:
    """The communes behind a unit's number, limited to the ones the user may see."""
    board = Board(unit, unit.structure, dt.date(year, 12, 31))
    figures = board.figures(target, year) or {}
    visible = scope.filter_for(
        user, communes_of(unit, unit.structure), unit_field="pk", capability=Capability.VIEW
    ).order_by("name")
    return [(c, figures.get(c.pk)) for c in visible]


def compare_provinces(
    target: Target, provinces: QuerySet[AdminUnit], today: dt.date
) -> list[tuple[AdminUnit, BoardRow]]:
    """One board row per province; the target's overrides and entered values are read once for
    all provinces (the same rows each province's own Board would read)."""
    ordered = list(provinces.order_by("name"))
    by_pk = {p.pk: p for p in ordered}
    overrides = {
        o.province_id: o
        for o in TargetOverride.objects.filter(target=target, province__in=list(by_pk))
    }
    values: dict[int, list[ProgressValue]] = defaultdict(list)
    if by_pk and not target.computed_source:
        entered = ProgressValue.objects.filter(
            Q(unit__in=list(by_pk)) | Q(unit__level=Level.COMMUNE, unit__province__in=list(by_pk)),
            target=target,
        ).select_related("unit")
        for pv in entered:
            if pv.unit_id in by_pk:  # entered for the province itself
                values[pv.unit_id].append(pv)
            elif pv.unit.structure == by_pk[pv.unit.province_id].structure:  # one of its communes
                values[pv.unit.province_id].append(pv)
    figures = _computed_by_province(target, ordered, overrides, today)
    return [
        (
            p,
            Board(
                p,
                p.structure,
                today,
                overrides={target.pk: overrides[p.pk]} if p.pk in overrides else {},
                values=values[p.pk],
                prefetched_figures=figures[p.pk],
            ).row(target),
        )
        for p in ordered
    ]


def _computed_by_province(
    target: Target,
    provinces: list[AdminUnit],
    overrides: dict[int, TargetOverride],
    today: dt.date,
) -> dict[int, dict[tuple[int, int], dict[int, UnitFigure] | None]]:
    """A computed target's figures for the years each province's board row shows, read for all
    provinces together (one bulk computation per year, not one per province and year)."""
    wanted: dict[int, dict[tuple[int, int], dict[int, UnitFigure] | None]] = {
        p.pk: {} for p in provinces
    }
    if not target.is_computed:
        return wanted
    by_year: dict[int, list[AdminUnit]] = defaultdict(list)
    for p in provinces:
        if p.level != Level.PROVINCE:
            continue  # the bulk form groups communes by province; other units read their own
        eff = effective_target(target, p, {target.pk: overrides[p.pk]} if p.pk in overrides else {})
        for year in series_years(target, eff, today):
            by_year[year].append(p)
    for year, group in sorted(by_year.items()):
        for pk, figures in computed_figures_by_province(target, group, year).items():
            wanted[pk][(target.pk, year)] = figures
    return wanted


# --- tasks -----------------------------------------------------------------------------------


def open_tasks() -> QuerySet[Task]:
    return Task.objects.exclude(state=TaskState.DONE)


def overdue(qs: QuerySet[Task], today: dt.date) -> QuerySet[Task]:
    return qs.exclude(state=TaskState.DONE).filter(deadline__lt=today)


def inbox_tasks(user: Any, today: dt.date, *, days_ahead: int) -> tuple[list[Task], list[Task]]:
    """(overdue, due soon) tasks for the user: the ones they own, and unowned ones of units they manage."""
    if not getattr(user, "is_authenticated", False):
        return [], []
    managed = scope.filter_for(
        user,
        Task.objects.filter(owner__isnull=True),
        unit_field="assignee_unit",
        capability=Capability.MANAGE,
    )
    qs = (
        Task.objects.filter(Q(owner=user) | Q(pk__in=managed.values("pk")))
        .exclude(state=TaskState.DONE)
        .select_related("assignee_unit")
        .order_by("deadline", "pk")
    )
    late = [t for t in qs if t.deadline < today]
    soon = [t for t in qs if today <= t.deadline <= today + dt.timedelta(days=days_ahead)]
    return late, soon


def visible_tasks(user: Any) -> QuerySet[Task]:
    """Tasks of units in scope plus the ones the user owns."""
    scoped = scope.filter_for(user, Task.objects.all(), unit_field="assignee_unit")
    return Task.objects.filter(Q(pk__in=scoped.values("pk")) | Q(owner=user)).select_related(
        "assignee_unit", "owner", "plan", "conclusion__conference"
    )
