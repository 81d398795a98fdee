"""Reads for the rounds pages: the inbox, completeness, the data-entry and review rows."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import filter_for
from nongthonmoi.criteria.models import IndicatorValue

from . import evaluation
from .models import (
    EDITABLE_STATUSES,
    Evidence,
    Notification,
    Round,
    RoundUnit,
    UnitStatus,
    ValueFlag,
)


def visible_round_units(user: Any, capability: Capability = Capability.VIEW) -> QuerySet[RoundUnit]:
    return filter_for(user, RoundUnit.objects.all(), capability=capability)


def visible_rounds(user: Any) -> QuerySet[Round]:
    ids = visible_round_units(user).values("round_id")
    return Round.objects.filter(pk__in=ids).select_related("province")


@dataclass
class Inbox:
    due: list[RoundUnit] = field(default_factory=list)
    overdue: list[RoundUnit] = field(default_factory=list)
    returned: list[RoundUnit] = field(default_factory=list)
    to_review: list[RoundUnit] = field(default_factory=list)
    unread: int = 0

    @property
    def total(self) -> int:
        return len(self.due) + len(self.overdue) + len(self.returned) + len(self.to_review)


INBOX_LIMIT = 50


def inbox_for(user: Any, today: dt.date | None = None) -> Inbox:
    today = today or timezone.localdate()
    inbox = Inbox()
    related = ("round", "round__province", "unit")
    mine = (
        visible_round_units(user, Capability.ENTER_DATA)
        .filter(status__in=EDITABLE_STATUSES, round__opens_on__lte=today)
        .select_related(*related)
        .order_by("round__due_on", "unit__code")[:INBOX_LIMIT]
    )
    for ru in mine:
        if ru.status == UnitStatus.RETURNED:
            inbox.returned.append(ru)
        elif ru.round.due_on < today:
            inbox.overdue.append(ru)
        else:
            inbox.due.append(ru)
    verify = visible_round_units(user, Capability.VERIFY).filter(
        status=UnitStatus.SUBMITTED, round__province__structure="2021"
    )
    approve = visible_round_units(user, Capability.APPROVE).filter(
        Q(status=UnitStatus.VERIFIED, round__province__structure="2021")
        | Q(status=UnitStatus.SUBMITTED, round__province__structure="2025")
    )
    inbox.to_review = list(
        (verify | approve)
        .select_related(*related)
        .order_by("round__due_on", "unit__code")[:INBOX_LIMIT]
    )
    if getattr(user, "is_authenticated", False):
        inbox.unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    return inbox


@dataclass(frozen=True)
class Completeness:
    total: int
    by_status: dict[str, int]
    overdue: int

    def share(self, *statuses: str) -> float:
        if not self.total:
            return 0.0
        return round(100 * sum(self.by_status.get(s, 0) for s in statuses) / self.total, 1)

    @property
    def submitted_share(self) -> float:
        return self.share(UnitStatus.SUBMITTED, UnitStatus.VERIFIED, UnitStatus.APPROVED)

    @property
    def approved_share(self) -> float:
        return self.share(UnitStatus.APPROVED)

    @property
    def overdue_share(self) -> float:
        return round(100 * self.overdue / self.total, 1) if self.total else 0.0


def completeness(
    round_units: QuerySet[RoundUnit], round_: Round, today: dt.date | None = None
) -> Completeness:
    today = today or timezone.localdate()
    rows = dict(
        round_units.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    overdue = sum(rows.get(s, 0) for s in EDITABLE_STATUSES) if round_.due_on < today else 0
    return Completeness(sum(rows.values()), rows, overdue)


def completeness_by_round(user: Any, rounds: list[Round]) -> dict[int, Completeness]:
    """One grouped query for a page of rounds (each round is one province): the index table."""
    today = timezone.localdate()
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (
        visible_round_units(user)
        .filter(round__in=rounds)
        .values_list("round_id", "status")
        .annotate(n=Count("id"))
    )
    for round_id, status, n in rows:
        counts[round_id][status] = n
    result = {}
    for round_ in rounds:
        by_status = counts.get(round_.pk, {})
        late = sum(by_status.get(s, 0) for s in EDITABLE_STATUSES) if round_.due_on < today else 0
        result[round_.pk] = Completeness(sum(by_status.values()), by_status, late)
    return result


def completeness_by_district(round_units: QuerySet[RoundUnit]) -> list[dict[str, Any]]:
    """2021-map rounds: one row per district (the province's own breakdown)."""
    table: dict[str, dict[str, Any]] = defaultdict(lambda: {"total": 0})
    for name, status, n in (
        round_units.values_list("unit__district__name", "status")
        .annotate(n=Count("id"))
        .values_list("unit__district__name", "status", "n")
    ):
        row = table[name or "—"]
        row["total"] += n
        row[status] = row.get(status, 0) + n
    return [{"name": k, **v} for k, v in sorted(table.items())]


@dataclass
class EntryRow:
    code: str
    text: str
    unit: str
    kind: str
    choices: tuple[str, ...]
    threshold: str
    value: IndicatorValue | None
    display: str
    result: Any
    flags: list[ValueFlag]
    evidence: list[Evidence]
    previous: str = ""

    @property
    def version(self) -> int:
        return self.value.version if self.value else 0

    @property
    def locked(self) -> bool:
        return bool(self.value and self.value.locked)


@dataclass
class EntryGroup:
    code: str
    name: str
    met: bool
    rows: list[EntryRow]


def display_value(text: str, kind: str) -> str:
    if text in ("true", "false") and kind in ("boolean", "set_met"):
        return "Đạt" if text == "true" else "Không đạt"
    return text.replace(".", ",") if kind in ("number", "percentage", "count") else text


def entry_groups(round_unit: RoundUnit, *, with_previous: bool = False) -> list[EntryGroup]:
    """Criteria → indicators with value, threshold for this commune, live status, evidence, flags."""
    round_ = round_unit.round
    unit = round_unit.unit
    values = {
        v.indicator_code: v
        for v in IndicatorValue.objects.filter(
            unit=unit, set_code=round_.set_code, year=round_.year
        )
    }
    try:
        result = evaluation.evaluate(
            round_, unit, {c: v.value for c, v in values.items() if v.value}
        )
    except evaluation.ProfileIncomplete:
        result = None
    by_code = evaluation.results_by_code(result) if result else {}
    fallback = evaluation.thresholds_for(round_, unit) if result is None else {}
    flags: dict[str, list[ValueFlag]] = defaultdict(list)
    for flag in round_unit.flags.filter(resolved_at__isnull=True):
        flags[flag.indicator_code].append(flag)
    evidence: dict[str, list[Evidence]] = defaultdict(list)
    for item in round_unit.evidence.all():
        evidence[item.indicator_code].append(item)
    previous: dict[str, str] = {}
    if with_previous:
        previous = dict(
            IndicatorValue.objects.filter(
                unit=unit, set_code=round_.set_code, year=round_.year - 1
            ).values_list("indicator_code", "value")
        )
    infos = evaluation.indicators(evaluation.resolved_for(round_))
    groups: dict[str, EntryGroup] = {}
    met = {c.code: c.met for c in result.criteria} if result else {}
    for info in infos:
        group = groups.get(info.criterion_code)
        if group is None:
            group = groups[info.criterion_code] = EntryGroup(
                info.criterion_code, info.criterion_name, met.get(info.criterion_code, False), []
            )
        value = values.get(info.code)
        group.rows.append(
            EntryRow(
                code=info.code,
                text=info.text,
                unit=info.unit,
                kind=info.kind,
                choices=info.choices,
                threshold=evaluation.threshold_text(by_code[info.code])
                if result
                else fallback[info.code],
                value=value,
                display=display_value(value.value, info.kind) if value else "",
                result=by_code.get(info.code),
                flags=flags.get(info.code, []),
                evidence=evidence.get(info.code, []),
                previous=display_value(previous.get(info.code, ""), info.kind),
            )
        )
    return list(groups.values())
