"""The allocation engine (pure: no Django, no floats).

Public API:
    allocate(rule, total, communes, *, level=None, rounding_unit=1_000_000,
             carve_outs=(), parent_flags=None, fund_kind=None) -> Allocation
    allocate_funds(rule, totals, communes, **same options) -> dict[fund kind, Allocation]
        investment and recurrent funds are two totals and two separate allocations.
    largest_remainder(pool, weights, rounding_unit) -> dict[code, amount]

Method (see docs/funding.md):
1. Fixed carve-outs (named programmes) are taken from the total first; the rest is the pool.
2. Each commune gets its coefficient from the rule; with level "parent" a unit's coefficient
   is the sum of its communes' (then any applicable parent adjustment), with level
   "commune" each commune is its own unit.
3. Unit i's exact quota, counted in rounding units, is q_i = pool × K_i / ΣK / unit.
   Each unit first gets floor(q_i) whole rounding units. The whole units still left over go,
   one each, to the units with the largest fractional parts q_i − floor(q_i); ties go to
   the smaller unit code (codes compared as text: GSO codes have fixed width).
4. When the pool is not a multiple of the rounding unit, the part below one unit
   (pool mod unit, in đồng) goes whole to the next unit in that same ranking. So exactly one
   unit may receive an amount that is not a multiple of the rounding unit, and the amounts
   (plus carve-outs) add up exactly to the total.
A unit with coefficient 0 receives 0; a larger coefficient never receives less.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from .coefficients import (
    BreakdownPart,
    CoefficientError,
    CommuneCoefficient,
    breakdown_text,
    commune_coefficients,
    summarise,
)
from .formatting import format_decimal_vi
from .rulebook import AllocationRule
from .units import Commune

DEFAULT_ROUNDING_UNIT = 1_000_000
FUND_KINDS = ("investment", "recurrent")
FUND_KIND_LABELS = {"investment": "vốn đầu tư phát triển", "recurrent": "vốn sự nghiệp"}


class AllocationError(ValueError):
    """The allocation cannot be made; `problems` lists every reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class CarveOut:
    """A fixed amount for a named programme, taken before the formula."""

    code: str
    label_vi: str
    amount: int


@dataclass(frozen=True)
class UnitAllocation:
    unit_code: str
    coefficient: Decimal
    breakdown: tuple[BreakdownPart, ...]
    breakdown_text: str
    share: Fraction  # exact K_i / ΣK (0 when ΣK is 0)
    amount: int

    def share_decimal(self, places: int = 6) -> Decimal:
        """The share for display, rounded half-even to `places` decimals."""
        exact = Decimal(self.share.numerator) / Decimal(self.share.denominator)
        return exact.quantize(Decimal(1).scaleb(-places))

    def percent(self, places: int = 2) -> Decimal:
        """The share as a percentage for display, rounded half-even."""
        return self.share_decimal(places + 2).scaleb(2)


@dataclass(frozen=True)
class SkippedComponent:
    """A component of the rule that was not applied, with the reason."""

    id: str
    label_vi: str
    reason_vi: str


@dataclass(frozen=True)
class Allocation:
    rule_code: str
    level: str
    total: int
    rounding_unit: int
    carve_outs: tuple[CarveOut, ...]
    units: tuple[UnitAllocation, ...]
    skipped_components: tuple[SkippedComponent, ...]
    fund_kind: str | None = None

    @property
    def pool(self) -> int:
        """The amount divided by the formula: total minus carve-outs."""
        return self.total - sum(c.amount for c in self.carve_outs)

    @property
    def total_coefficient(self) -> Decimal:
        return sum((u.coefficient for u in self.units), Decimal(0))

    def unit(self, code: str) -> UnitAllocation:
        for unit in self.units:
            if unit.unit_code == code:
                return unit
        raise KeyError(code)

    def amounts(self) -> dict[str, int]:
        return {u.unit_code: u.amount for u in self.units}


def allocate(
    rule: AllocationRule,
    total: int,
    communes: Iterable[Commune],
    *,
    level: str | None = None,
    rounding_unit: int = DEFAULT_ROUNDING_UNIT,
    carve_outs: Sequence[CarveOut] = (),
    parent_flags: Mapping[str, frozenset[str]] | None = None,
    fund_kind: str | None = None,
) -> Allocation:
    """Allocate `total` đồng under `rule`; raise AllocationError listing every problem."""
    communes = list(communes)
    level = level or rule.default_level
    _check_arguments(total, rounding_unit, carve_outs, level, communes, fund_kind)
    try:
        classified = commune_coefficients(rule, communes)
    except CoefficientError as error:
        raise AllocationError(error.problems) from error
    grouped = _group_by_unit(classified, level)
    coefficients: dict[str, Decimal] = {}
    breakdowns: dict[str, tuple[BreakdownPart, ...]] = {}
    for code, members in grouped.items():
        parts = summarise([part for member in members for part in member.parts])
        breakdowns[code] = parts
        coefficients[code] = sum((m.coefficient for m in members), Decimal(0))
    skipped = _apply_parent_adjustments(rule, level, coefficients, parent_flags or {})
    pool = total - sum(c.amount for c in carve_outs)
    if pool > 0 and not any(coefficients.values()):
        raise AllocationError(["không có đơn vị nào có hệ số lớn hơn 0 để chia số tiền"])
    amounts = largest_remainder(pool, coefficients, rounding_unit)
    sum_k = sum(coefficients.values(), Decimal(0))
    units = tuple(
        UnitAllocation(
            unit_code=code,
            coefficient=coefficients[code],
            breakdown=breakdowns[code],
            breakdown_text=_unit_text(breakdowns[code], coefficients[code]),
            share=Fraction(coefficients[code]) / Fraction(sum_k) if sum_k else Fraction(0),
            amount=amounts[code],
        )
        for code in sorted(coefficients)
    )
    return Allocation(
        rule_code=rule.code,
        level=level,
        total=total,
        rounding_unit=rounding_unit,
        carve_outs=tuple(carve_outs),
        units=units,
        skipped_components=skipped,
        fund_kind=fund_kind,
    )


def allocate_funds(
    rule: AllocationRule,
    totals: Mapping[str, int],
    communes: Iterable[Commune],
    *,
    carve_outs: Mapping[str, Sequence[CarveOut]] | None = None,
    **options: object,
) -> dict[str, Allocation]:
    """One allocation per fund kind (investment, recurrent), each of its own total."""
    communes = list(communes)
    unknown = sorted(set(totals) - set(FUND_KINDS))
    if unknown:
        raise AllocationError([f"loại vốn không hợp lệ: {', '.join(unknown)}"])
    return {
        kind: allocate(
            rule,
            amount,
            communes,
            carve_outs=(carve_outs or {}).get(kind, ()),
            fund_kind=kind,
            **options,  # type: ignore[arg-type]
        )
        for kind, amount in totals.items()
    }


def largest_remainder(
    pool: int, weights: Mapping[str, Decimal], rounding_unit: int
) -> dict[str, int]:
    """Split `pool` đồng in proportion to `weights`, in whole rounding units, exactly.

    See the module docstring for the method. Zero weights get 0. If every weight is 0 the
    pool must be 0.
    """
    if pool < 0 or rounding_unit < 1:
        raise AllocationError(["số tiền và đơn vị làm tròn phải không âm / dương"])
    amounts = {code: 0 for code in weights}
    weight_sum = sum((Fraction(w) for w in weights.values()), Fraction(0))
    if pool == 0:
        return amounts
    if weight_sum == 0:
        raise AllocationError(["không có đơn vị nào có hệ số lớn hơn 0 để chia số tiền"])
    whole_units, below_one_unit = divmod(pool, rounding_unit)
    quotas = {
        code: Fraction(pool) * Fraction(w) / weight_sum / rounding_unit
        for code, w in weights.items()
    }
    floors = {code: q.numerator // q.denominator for code, q in quotas.items()}
    leftover = whole_units - sum(floors.values())
    ranking = sorted(
        (code for code in weights if weights[code] > 0),
        key=lambda code: (-(quotas[code] - floors[code]), code),
    )
    for code in weights:
        amounts[code] = floors[code] * rounding_unit
    for code in ranking[:leftover]:
        amounts[code] += rounding_unit
    if below_one_unit:
        amounts[ranking[leftover]] += below_one_unit
    return amounts


def _check_arguments(
    total: int,
    rounding_unit: int,
    carve_outs: Sequence[CarveOut],
    level: str,
    communes: list[Commune],
    fund_kind: str | None,
) -> None:
    problems: list[str] = []
    if isinstance(total, bool) or not isinstance(total, int) or total < 0:
        problems.append(f"tổng số tiền phải là số nguyên đồng không âm, không phải {total!r}")
    if isinstance(rounding_unit, bool) or not isinstance(rounding_unit, int) or rounding_unit < 1:
        problems.append(f"đơn vị làm tròn phải là số nguyên dương, không phải {rounding_unit!r}")
    if level not in ("parent", "commune"):
        problems.append(f"cấp phân bổ '{level}' không hợp lệ (dùng parent hoặc commune)")
    if fund_kind is not None and fund_kind not in FUND_KINDS:
        problems.append(f"loại vốn '{fund_kind}' không hợp lệ (dùng {', '.join(FUND_KINDS)})")
    seen_carve_outs: set[str] = set()
    for carve_out in carve_outs:
        if not isinstance(carve_out.amount, int) or carve_out.amount < 0:
            problems.append(f"khoản dành riêng '{carve_out.code}': số tiền phải là số nguyên ≥ 0")
        if carve_out.code in seen_carve_outs:
            problems.append(f"khoản dành riêng '{carve_out.code}' bị lặp lại")
        seen_carve_outs.add(carve_out.code)
    if not problems and sum(c.amount for c in carve_outs) > total:
        problems.append("tổng các khoản dành riêng lớn hơn tổng số tiền")
    counts = Counter(c.code for c in communes)  # linear: national inputs have 10,000 communes
    for duplicate in sorted(code for code, n in counts.items() if n > 1):
        problems.append(f"xã {duplicate} xuất hiện nhiều lần")
    if not communes:
        problems.append("không có xã nào trong danh sách")
    if problems:
        raise AllocationError(problems)


def _group_by_unit(
    classified: list[CommuneCoefficient], level: str
) -> dict[str, list[CommuneCoefficient]]:
    grouped: dict[str, list[CommuneCoefficient]] = {}
    for item in classified:
        key = item.commune.parent_code if level == "parent" else item.commune.code
        grouped.setdefault(key, []).append(item)
    return grouped


def _apply_parent_adjustments(
    rule: AllocationRule,
    level: str,
    coefficients: dict[str, Decimal],
    parent_flags: Mapping[str, frozenset[str]],
) -> tuple[SkippedComponent, ...]:
    skipped: list[SkippedComponent] = []
    for adjustment in rule.parent_adjustments:
        if not adjustment.applicable:
            reason = "giá trị hoặc cách tính chưa rõ (status: unknown), chưa áp dụng"
            skipped.append(SkippedComponent(adjustment.id, adjustment.label_vi, reason))
            continue
        if level != "parent":
            reason = "chỉ áp dụng khi phân bổ cho đơn vị cấp trên"
            skipped.append(SkippedComponent(adjustment.id, adjustment.label_vi, reason))
            continue
        value = adjustment.value or Decimal(0)
        for code in coefficients:
            if adjustment.parent_flag in parent_flags.get(code, frozenset()):
                if adjustment.kind == "parent_multiplier":
                    coefficients[code] *= value
                else:
                    coefficients[code] += value
    return tuple(skipped)


def _unit_text(parts: tuple[BreakdownPart, ...], coefficient: Decimal) -> str:
    counted_sum = sum((p.subtotal for p in parts), Decimal(0))
    text = breakdown_text(parts, counted_sum)
    if counted_sum != coefficient:
        text += f"; sau điều chỉnh cấp trên: {format_decimal_vi(coefficient)}"
    return text
