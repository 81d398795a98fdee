"""A commune's coefficient under a rule, with the parts it is made of (pure).

`commune_coefficient(rule, commune)` returns a `CommuneCoefficient`: which group the
commune falls in (or why it is excluded), the village part if the rule has one, and the
sum. `summarise(parts)` adds such parts up for a unit above the commune, giving the
"12 xã × 5,0 + 30 xã × 3,0 + …" breakdown.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .formatting import format_decimal_vi
from .rulebook import AllocationRule, CoefficientGroup
from .units import Commune

COMMUNE = "commune"
VILLAGE = "village"
EXCLUDED = "excluded"
NOUNS = {COMMUNE: "xã", VILLAGE: "thôn", EXCLUDED: "xã"}


class CoefficientError(ValueError):
    """Some communes cannot be given a coefficient; `problems` names each one."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class BreakdownPart:
    """`count` communes (or villages) of one group, each worth `coefficient`."""

    kind: str  # commune | village | excluded
    group_id: str
    label_vi: str
    count: int
    coefficient: Decimal  # per commune or village; 0 for excluded

    @property
    def subtotal(self) -> Decimal:
        return self.coefficient * self.count


@dataclass(frozen=True)
class CommuneCoefficient:
    commune: Commune
    parts: tuple[BreakdownPart, ...]

    @property
    def coefficient(self) -> Decimal:
        return sum((part.subtotal for part in self.parts), Decimal(0))


def commune_coefficient(rule: AllocationRule, commune: Commune) -> CommuneCoefficient:
    """Classify one commune; raise CoefficientError if the rule gives it no coefficient."""
    for exclusion in rule.exclusions:
        if exclusion.matches(commune):
            part = BreakdownPart(EXCLUDED, exclusion.id, exclusion.label_vi, 1, Decimal(0))
            return CommuneCoefficient(commune, (part,))
    group = _matching_group(rule, commune)
    if group is None:
        if rule.on_no_match == "zero":
            return CommuneCoefficient(commune, ())
        raise CoefficientError([_no_match_message(rule, commune)])
    if group.coefficient is None:
        raise CoefficientError(
            [f"xã {commune.code}: hệ số của nhóm '{group.label_vi}' chưa rõ (status: unknown)"]
        )
    parts = [BreakdownPart(COMMUNE, group.id, group.label_vi, 1, group.coefficient)]
    village = rule.per_village
    if village is not None and commune.dbkk_villages > 0:
        parts.append(
            BreakdownPart(
                VILLAGE, "village", village.label_vi, commune.dbkk_villages, village.coefficient
            )
        )
    return CommuneCoefficient(commune, tuple(parts))


def commune_coefficients(rule: AllocationRule, communes: list[Commune]) -> list[CommuneCoefficient]:
    """Classify every commune, collecting all problems into one CoefficientError."""
    results: list[CommuneCoefficient] = []
    problems: list[str] = []
    for commune in communes:
        try:
            results.append(commune_coefficient(rule, commune))
        except CoefficientError as error:
            problems.extend(error.problems)
    if problems:
        raise CoefficientError(problems)
    return results


def _matching_group(rule: AllocationRule, commune: Commune) -> CoefficientGroup | None:
    matching = [group for group in rule.groups if group.matches(commune)]
    if matching and rule.combine == "first_match":
        return matching[0]
    if matching:
        # Only the highest coefficient applies; on a tie the earlier group is named.
        return max(matching, key=lambda g: (g.coefficient or Decimal(0), -matching.index(g)))
    return rule.default_group


def _no_match_message(rule: AllocationRule, commune: Commune) -> str:
    status = "đã công nhận NTM" if commune.recognised else "chưa công nhận NTM"
    met = (
        "chưa có số tiêu chí"
        if commune.criteria_met is None
        else f"đạt {commune.criteria_met} tiêu chí"
    )
    return (
        f"xã {commune.code} ({met}, {status}) không thuộc nhóm hệ số nào của quy tắc "
        f"{rule.code}; kiểm tra lại số liệu hoặc quy tắc"
    )


def summarise(parts: list[BreakdownPart]) -> tuple[BreakdownPart, ...]:
    """Add up parts of the same group, in a stable order (communes, villages, excluded)."""
    totals: dict[tuple[str, str], BreakdownPart] = {}
    for part in parts:
        key = (part.kind, part.group_id)
        seen = totals.get(key)
        count = part.count + (seen.count if seen else 0)
        totals[key] = BreakdownPart(
            part.kind, part.group_id, part.label_vi, count, part.coefficient
        )
    order = {COMMUNE: 0, VILLAGE: 1, EXCLUDED: 2}
    return tuple(sorted(totals.values(), key=lambda p: (order[p.kind], -p.coefficient, p.group_id)))


def breakdown_text(parts: tuple[BreakdownPart, ...], total: Decimal) -> str:
    """'12 xã × 5,0 + 30 xã × 3,0 + 4 thôn × 1 = 154,0 (không tính 2 xã ĐBKK…)'."""
    counted = [p for p in parts if p.kind != EXCLUDED]
    left = " + ".join(
        f"{p.count} {NOUNS[p.kind]} × {format_decimal_vi(p.coefficient)}" for p in counted
    )
    text = f"{left} = {format_decimal_vi(total)}" if left else format_decimal_vi(total)
    excluded = [f"{p.count} {p.label_vi}" for p in parts if p.kind == EXCLUDED]
    if excluded:
        text += f" (không tính: {'; '.join(excluded)})"
    return text
