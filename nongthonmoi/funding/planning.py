"""The what-if page's model: read the form, build the current and the changed allocation.

The form is a plain query string so a plan can be bookmarked, exported and saved from the same
parameters:
    rule, year, fund_kind, total, unit (rounding)           — the current plan
    base-<code>   criteria met for communes without a stored evaluation (typed by the user)
    vl-<code>     number of extremely difficult villages (typed; used by rules with per_village)
    new_total, k-<group id>, cm-<code>, rc-<code> (""/"1"/"0") — the changed plan
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from .allocation import DEFAULT_ROUNDING_UNIT, FUND_KINDS, Allocation, AllocationError, allocate
from .queries import CommuneRow, RuleChoice
from .rulebook import AllocationRule
from .units import Commune
from .whatif import Comparison, compare, with_coefficient


@dataclass
class CommuneEntry:
    row: CommuneRow
    base_criteria: int | None  # what the current plan uses
    criteria_typed: bool  # no stored evaluation: typed in the form
    new_criteria: int | None
    new_recognised: bool
    changed: bool
    villages: int = 0  # extremely difficult villages (no stored source yet: typed, both plans)

    @property
    def unit(self) -> Any:
        return self.row.unit


@dataclass
class Plan:
    choice: RuleChoice | None
    year: int
    fund_kind: str
    total: int | None
    new_total: int | None
    rounding_unit: int
    coefficient_changes: dict[str, Decimal]
    entries: list[CommuneEntry]
    problems: list[str] = field(default_factory=list)
    current: Allocation | None = None
    changed: Allocation | None = None
    comparison: Comparison | None = None

    @property
    def rule(self) -> AllocationRule | None:
        return self.choice.rule if self.choice else None

    @property
    def outside_period(self) -> bool:
        """The year is outside the rule's period (allowed, but the page warns)."""
        rule = self.rule
        return rule is not None and not rule.period_start <= self.year <= rule.period_end

    @property
    def uses_criteria(self) -> bool:
        rule = self.rule
        if rule is None:
            return False
        groups = (*rule.groups, *rule.exclusions)
        return any(condition.uses_criteria for g in groups for condition in g.when)

    def parameters(self) -> dict[str, Any]:
        """What is stored with each saved decision line, enough to recompute it."""
        assert self.choice is not None
        return {
            "rule": self.choice.key,
            "rule_version": self.choice.version_label,
            "legal_source": self.choice.rule.legal_source.document,
            "coefficient_changes": {k: str(v) for k, v in self.coefficient_changes.items()},
            "communes": {
                e.unit.code: {
                    "criteria_met": e.new_criteria,
                    "criteria_source": "typed" if e.criteria_typed else e.row.criteria_source,
                    "recognised": e.new_recognised,
                    "flags": sorted(e.row.flags),
                    "dbkk_villages": e.villages,
                }
                for e in self.entries
            },
        }


def parse_money(text: str) -> int | None:
    cleaned = text.strip().replace(".", "").replace(",", "").replace(" ", "")
    if not cleaned:
        return None
    if not cleaned.isdigit():
        raise ValueError(text)
    return int(cleaned)


def _count(text: str | None) -> int | None:
    if text is None or not text.strip():
        return None
    value = int(text.strip())
    if value < 0:
        raise ValueError(text)
    return value


def build_plan(
    params: Mapping[str, str], rows: list[CommuneRow], choices: list[RuleChoice], year: int
) -> Plan:
    problems: list[str] = []
    by_key = {c.key: c for c in choices}
    in_force = [c for c in choices if c.rule.period_start <= year <= c.rule.period_end]
    choice = by_key.get(params.get("rule", "")) or next(iter(in_force or choices), None)
    fund_kind = params.get("fund_kind", "investment")
    if fund_kind not in FUND_KINDS:
        fund_kind = "investment"

    def money(name: str, label: str) -> int | None:
        try:
            return parse_money(params.get(name, ""))
        except ValueError:
            problems.append(f"{label} phải là số nguyên đồng, không phải '{params.get(name)}'.")
            return None

    total = money("total", "Tổng số vốn")
    new_total = money("new_total", "Tổng số vốn của phương án mới")
    if new_total is None:
        new_total = total
    rounding_unit = money("unit", "Đơn vị làm tròn") or DEFAULT_ROUNDING_UNIT
    coefficient_changes: dict[str, Decimal] = {}
    if choice is not None:
        for group in (*choice.rule.groups, *filter(None, [choice.rule.default_group])):
            text = params.get(f"k-{group.id}", "").strip().replace(",", ".")
            if not text:
                continue
            try:
                value = Decimal(text)
            except InvalidOperation:
                problems.append(f"Hệ số '{text}' của nhóm {group.label_vi} không phải là số.")
                continue
            if value < 0:
                problems.append(f"Hệ số của nhóm {group.label_vi} không được âm.")
            elif value != group.coefficient:
                coefficient_changes[group.id] = value
    entries = []
    for row in rows:
        code = row.unit.code
        typed = row.criteria_source == ""
        base = row.criteria_met
        new_criteria = base
        try:
            if typed:
                base = _count(params.get(f"base-{code}"))
                new_criteria = base
            changed_text = params.get(f"cm-{code}")
            if changed_text is not None and changed_text.strip():
                new_criteria = _count(changed_text)
        except ValueError:
            problems.append(f"{row.unit.name}: số tiêu chí đạt phải là số nguyên không âm.")
        villages = row.dbkk_villages
        try:
            villages = _count(params.get(f"vl-{code}")) or villages
        except ValueError:
            problems.append(f"{row.unit.name}: số thôn ĐBKK phải là số nguyên không âm.")
        recognised_choice = params.get(f"rc-{code}", "")
        new_recognised = {"1": True, "0": False}.get(recognised_choice, row.recognised)
        entries.append(
            CommuneEntry(
                row=row,
                base_criteria=base,
                criteria_typed=typed,
                new_criteria=new_criteria,
                new_recognised=new_recognised,
                changed=new_criteria != base or new_recognised != row.recognised,
                villages=villages,
            )
        )
    plan = Plan(
        choice, year, fund_kind, total, new_total, rounding_unit, coefficient_changes, entries
    )
    plan.problems = problems
    if choice is None or total is None or problems:
        return plan
    current_communes = [_commune(e, e.base_criteria, e.row.recognised) for e in entries]
    new_communes = [_commune(e, e.new_criteria, e.new_recognised) for e in entries]
    new_rule = choice.rule
    for group_id, value in coefficient_changes.items():
        new_rule = with_coefficient(new_rule, group_id, value)
    try:
        plan.current = allocate(
            choice.rule,
            total,
            current_communes,
            level="commune",
            rounding_unit=rounding_unit,
            fund_kind=fund_kind,
        )
        plan.changed = allocate(
            new_rule,
            new_total or 0,
            new_communes,
            level="commune",
            rounding_unit=rounding_unit,
            fund_kind=fund_kind,
        )
    except AllocationError as error:
        plan.problems.extend(error.problems)
        plan.current = plan.changed = None
        return plan
    plan.comparison = compare(plan.current, plan.changed)
    return plan


def _commune(entry: CommuneEntry, criteria: int | None, recognised: bool) -> Commune:
    base = entry.row.commune()
    return Commune(
        code=base.code,
        parent_code=base.parent_code,
        criteria_met=criteria,
        recognised=recognised,
        flags=base.flags,
        dbkk_villages=entry.villages,
    )


def default_year() -> int:
    return dt.date.today().year
