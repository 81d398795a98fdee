"""Does a recognised commune now fall under the withdrawal rule? Pure; rules in rules/withdrawal.yaml.

The assessment is advice stored with the withdrawal decision; the decision itself is the
province's (with its number and reason), also where no rule is known (2026–2030).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from nongthonmoi.criteria.engine import UnitResult

RULES_FILE = Path(__file__).with_name("rules") / "withdrawal.yaml"


@cache
def _rules() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    return data


@dataclass(frozen=True)
class Assessment:
    set_code: str
    rule_known: bool
    withdraw: bool
    failed: tuple[str, ...] = ()
    failed_share: Decimal = Decimal(0)
    key_failed: tuple[str, ...] = ()
    explanation: str = ""
    source: str = field(default_factory=lambda: str(_rules()["source"]))

    def to_dict(self) -> dict[str, Any]:
        return {
            "set": self.set_code,
            "rule_known": self.rule_known,
            "withdraw": self.withdraw,
            "failed": list(self.failed),
            "failed_share": str(self.failed_share),
            "key_failed": list(self.key_failed),
            "explanation": self.explanation,
            "source": self.source,
        }


def assess(set_code: str, result: UnitResult) -> Assessment:
    rule = _rules()["sets"].get(set_code)
    counted = [c for c in result.criteria if c.role == "criterion"]
    failed = tuple(c.code for c in counted if not c.met)
    share = (Decimal(len(failed)) / Decimal(len(counted))) if counted else Decimal(0)
    if rule is None or "share_always" not in rule:
        return Assessment(
            set_code,
            rule_known=False,
            withdraw=False,
            failed=failed,
            failed_share=share,
            explanation=(
                "Chưa có quy định thu hồi cho bộ tiêu chí này (chưa tìm thấy văn bản thay thế "
                "QĐ 18/2022): việc thu hồi là quyết định của tỉnh, ghi rõ lý do."
            ),
        )
    names = {c.code: c.name for c in counted}
    keys = set(rule.get("key_criteria", [])) | {
        c.code for c in counted if c.name in set(rule.get("key_criteria_names", []))
    }
    key_failed = tuple(code for code in failed if code in keys)
    always = Decimal(str(rule["share_always"]))
    with_key = Decimal(str(rule["share_with_key"]))
    withdraw = share >= always or (share >= with_key and bool(key_failed))
    percent = (share * 100).quantize(Decimal("0.1"))
    explanation = f"{len(failed)}/{len(counted)} tiêu chí không còn đạt ({percent}%)"
    if key_failed:
        explanation += "; trong đó có tiêu chí " + ", ".join(f"{c} {names[c]}" for c in key_failed)
    explanation += ": thuộc trường hợp thu hồi." if withdraw else ": chưa thuộc trường hợp thu hồi."
    return Assessment(set_code, True, withdraw, failed, share, key_failed, explanation)
