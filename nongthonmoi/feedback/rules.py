"""Satisfaction rulebooks (data/satisfaction_rules.yaml) and the online-feedback target, as data.

Pure: no Django. Unknown numbers stay None and are reported as unknown, never guessed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_RULE = "xa-2026-2030"


class RuleError(ValueError):
    pass


@dataclass(frozen=True)
class SatisfactionRule:
    code: str
    title: str
    overall_percent: float | None
    per_criterion_percent: float | None
    uses_overall: bool
    uses_per_criterion: bool
    status: str
    source: str

    @property
    def is_known(self) -> bool:
        return not (
            (self.uses_overall and self.overall_percent is None)
            or (self.uses_per_criterion and self.per_criterion_percent is None)
        )


def _number(entry: dict, key: str, where: str, problems: list[str]) -> float | None:
    value = entry.get(key)
    if value is None:
        return None
    if not isinstance(value, (int, float)) or not 0 <= value <= 100:
        problems.append(f"{where}: {key} phải là số từ 0 đến 100 hoặc null, không phải {value!r}")
        return None
    return float(value)


def parse_rules(document: dict) -> dict[str, SatisfactionRule]:
    problems: list[str] = []
    rules: dict[str, SatisfactionRule] = {}
    for index, entry in enumerate(document.get("rules") or [], start=1):
        where = f"rule {index}"
        missing = [k for k in ("code", "title", "status", "source") if not entry.get(k)]
        if missing:
            problems.append(f"{where}: thiếu {', '.join(missing)}")
            continue
        overall = _number(entry, "overall_percent", where, problems)
        per = _number(entry, "per_criterion_percent", where, problems)
        if entry["status"] not in ("verified", "unknown", "secondary"):
            problems.append(f"{where}: status {entry['status']!r} không hợp lệ")
        if entry["status"] == "unknown" and (overall is not None or per is not None):
            problems.append(f"{where}: status unknown nhưng lại có số")
        if entry["code"] in rules:
            problems.append(f"{where}: mã {entry['code']} bị trùng")
        rules[entry["code"]] = SatisfactionRule(
            code=entry["code"],
            title=entry["title"],
            overall_percent=overall,
            per_criterion_percent=per,
            uses_overall=bool(entry.get("uses_overall", True)),
            uses_per_criterion=bool(entry.get("uses_per_criterion", True)),
            status=entry["status"],
            source=entry["source"],
        )
    if problems:
        raise RuleError("; ".join(problems))
    return rules


@cache
def all_rules() -> dict[str, SatisfactionRule]:
    with open(DATA / "satisfaction_rules.yaml", encoding="utf-8") as handle:
        return parse_rules(yaml.safe_load(handle))


def rule(code: str) -> SatisfactionRule:
    try:
        return all_rules()[code]
    except KeyError as exc:
        raise RuleError(f"không có bộ quy tắc hài lòng {code!r}") from exc


@dataclass(frozen=True)
class Target:
    percent: float
    text: str
    source: str


def online_feedback_target() -> Target:
    """The programme target, shared with the targets catalogue (same wording, same source)."""
    with open(DATA / "online_feedback_target.yaml", encoding="utf-8") as handle:
        data = yaml.safe_load(handle)
    return Target(float(data["target_percent"]), data["text"], data["source"])
