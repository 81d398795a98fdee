"""Deadlines of the OCOP procedure of Quyết định 26/2026/QĐ-TTg (pure, no Django).

The numbers live in ``rulebooks/<code>/procedure.yaml`` with their articles. Public API:

- ``load_procedure(code) -> Procedure``;
- ``commune_deadline(received, procedure)``: 15 working days (Điều 7.2; weekends skipped, public
  holidays not modelled, so the date is indicative);
- ``province_round(forwarded_on, procedure) -> Round``: the provincial round a dossier forwarded
  by the commune on that day falls into (by 30/4 → decided by 30/6; by 30/10 → by 30/12; later →
  round 1 of the next year) (Điều 5.1);
- ``reevaluation_window(valid_until, procedure)``: 180 to 120 days before expiry (Điều 7.6.a);
- ``add_months(day, months)``: certificate validity (36 months, Điều 4.3);
- ``transitional_rule(filed_on, kind, procedure)``: the Điều 12 rule for a dossier filed before
  22/05/2026, or None.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import yaml

from nongthonmoi.ocop.rulebook import RULEBOOK_DIR, RulebookError

DEFAULT_PROCEDURE = "qd-26-2026"


@dataclass(frozen=True)
class Round:
    year: int
    number: int
    forwarded_before: dt.date  # included (a dossier forwarded that day is in this round)
    decided_before: dt.date


@dataclass(frozen=True)
class TransitionalRule:
    key: str
    text: str
    rulebook: str | None
    finish_by: dt.date | None


@dataclass(frozen=True)
class Procedure:
    code: str
    commune_working_days: int
    rounds: tuple[tuple[int, str, str], ...]  # (number, "MM-DD" forwarded before, "MM-DD" decided)
    national_threshold: int
    reeval_from_days: int
    reeval_until_days: int
    validity_months: int
    revocation_grounds: tuple[str, ...]
    effective: dt.date
    transitional: tuple[dict[str, Any], ...]
    reminder_stages: tuple[tuple[str, int], ...] = ()  # (stage, days before expiry)


@lru_cache(maxsize=8)
def load_procedure(code: str = DEFAULT_PROCEDURE) -> Procedure:
    path = RULEBOOK_DIR / code / "procedure.yaml"
    if not path.is_file():
        raise RulebookError([f"{code}: không có tệp quy trình {path.name}"])
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        rounds = tuple(
            (int(r["round"]), str(r["forwarded_before"]), str(r["decided_before"]))
            for r in data["province_rounds"]["rounds"]
        )
        transitional = data["transitional"]
        return Procedure(
            code=code,
            commune_working_days=int(data["commune_check"]["working_days"]),
            rounds=rounds,
            national_threshold=int(data["national_threshold"]),
            reeval_from_days=int(data["re_evaluation"]["file_from_days_before_expiry"]),
            reeval_until_days=int(data["re_evaluation"]["file_until_days_before_expiry"]),
            validity_months=int(data["certificate_validity_months"]),
            revocation_grounds=tuple(data["revocation"]["grounds"]),
            effective=transitional["effective"],
            transitional=tuple(transitional["rules"]),
            reminder_stages=tuple(
                (str(r["stage"]), int(r["days_before_expiry"]))
                for r in (data.get("reminders") or {}).get("stages", [])
            ),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise RulebookError([f"{path}: thiếu hoặc sai mục {error}"]) from None


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days (Mon–Fri) after ``start``."""
    day = start
    left = days
    while left > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            left -= 1
    return day


def commune_deadline(received: dt.date, procedure: Procedure | None = None) -> dt.date:
    proc = procedure or load_procedure()
    return add_working_days(received, proc.commune_working_days)


def _month_day(year: int, text: str) -> dt.date:
    month, day = (int(x) for x in text.split("-"))
    return dt.date(year, month, day)


def province_round(forwarded_on: dt.date, procedure: Procedure | None = None) -> Round:
    """The round of the provincial council for a dossier the commune forwarded on that day."""
    proc = procedure or load_procedure()
    for year in (forwarded_on.year, forwarded_on.year + 1):
        for number, forwarded_before, decided_before in proc.rounds:
            cutoff = _month_day(year, forwarded_before)
            if forwarded_on <= cutoff:
                return Round(year, number, cutoff, _month_day(year, decided_before))
    raise ValueError("procedure has no rounds")  # pragma: no cover - the data always has rounds


def add_months(day: dt.date, months: int) -> dt.date:
    month_index = day.month - 1 + months
    year = day.year + month_index // 12
    month = month_index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def certificate_valid_until(decided_on: dt.date, procedure: Procedure | None = None) -> dt.date:
    """Last day of validity: 36 months from the decision (the day before the same date)."""
    proc = procedure or load_procedure()
    return add_months(decided_on, proc.validity_months) - dt.timedelta(days=1)


def reevaluation_window(
    valid_until: dt.date, procedure: Procedure | None = None
) -> tuple[dt.date, dt.date]:
    """(first day, last day) to file a re-evaluation dossier (Điều 7.6.a)."""
    proc = procedure or load_procedure()
    return (
        valid_until - dt.timedelta(days=proc.reeval_from_days),
        valid_until - dt.timedelta(days=proc.reeval_until_days),
    )


def transitional_rule(
    filed_on: dt.date, kind: str, procedure: Procedure | None = None
) -> TransitionalRule | None:
    """Điều 12.2: dossiers filed before the decision took effect keep the 2021–2025 rules."""
    proc = procedure or load_procedure()
    if filed_on >= proc.effective:
        return None
    for rule in proc.transitional:
        if kind in (rule.get("applies_to") or []):
            days = rule.get("finish_within_days")
            return TransitionalRule(
                key=str(rule["key"]),
                text=" ".join(str(rule["text"]).split()),
                rulebook=rule.get("rulebook"),
                finish_by=proc.effective + dt.timedelta(days=int(days)) if days else None,
            )
    return None
