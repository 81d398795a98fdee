"""Pure evaluation of a unit against a criteria set: what is met, what is missing and why.

No Django, no I/O. Public API:

* ``UnitProfile(code, name, group, region, flags)`` – who is evaluated.
* ``UnitInput(profile, values, children, related)`` – one unit's data for batch mode.
* ``evaluate_unit(resolved, profile, year, values, *, children=None, related=None) -> UnitResult``
* ``evaluate_batch(resolved, units, year) -> list[UnitResult]`` – thousands of units in one call;
  equal, unit by unit, to ``evaluate_unit``.
* ``UnitResult.to_dict()`` (everything, JSON-ready) and ``UnitResult.summary_dict()`` (the shape
  of ``nongthonmoi evaluate --json``).
* ``highest_tier(results)`` – the best tier among a unit's results for several sets.

Rules:

1. Threshold selection, per indicator: the unit's key is its group (2026–2030) or its region
   (2021–2025); a region override (``dbkk`` …) replaces the region by the override's key. Year
   tables (income) are used when present; a flag variant (``flag_thresholds``) wins over the plain
   value; the key ``all`` applies when the unit's key is absent. A provincial overlay has already
   been merged into the set (``loader.apply_overlay``); the result says which values came from it.
2. Indicator status: ``no_threshold`` when the threshold is unknown (null) – never guessed;
   ``no_data`` when there is no value; otherwise ``met`` / ``not_met`` by the comparator.
3. A criterion is met iff every one of its indicators is met. Its status is ``not_met`` if any
   indicator is not met, else ``no_data`` if any lacks data, else ``no_threshold``.
4. A unit meets the standard iff every criterion and every condition is met; ``tier_reached`` is
   then the set's tier.
5. Higher levels: ``children_share`` indicators count the share of ``children[of_set]`` results
   that meet the standard – pass the results of every member unit evaluated with ``of_set``
   (a province's communes for "≥ 40% of communes advanced", its districts for "100% of
   districts"); ``set_met`` indicators read ``related[of_set]`` (the unit's own result for a
   prerequisite set). A value typed in ``values`` is used when no results are given.

Each indicator kind has a strategy class answering *satisfied / partly / what is missing*
(after django-oscar's offer conditions).
"""

from __future__ import annotations

import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, Decimal
from typing import Any

from nongthonmoi.criteria.loader import ResolvedSet, ThresholdSlot
from nongthonmoi.criteria.schema import (
    ALL_KEY,
    GROUP_CODES,
    ILLUSTRATIVE_LABEL,
    REGION_CODES,
    Criterion,
    Indicator,
    ThresholdValue,
)
from nongthonmoi.criteria.values import Value, format_decimal, format_value, json_value, parse_value

MET = "met"
NOT_MET = "not_met"
NO_DATA = "no_data"
NO_THRESHOLD = "no_threshold"

# Display hint only (not an official rule): a value within 10% of its threshold is "gần đạt".
NEAR_MISS_FRACTION = Decimal("0.1")

TIER_ORDER: dict[str, int] = {"standard": 1, "advanced": 2, "model": 3, "modern": 3}

_OPS: dict[str, Callable[[Any, Any], bool]] = {
    ">=": operator.ge,
    ">": operator.gt,
    "<=": operator.le,
    "<": operator.lt,
    "==": operator.eq,
}


class UnitProfileError(ValueError):
    """The unit lacks the attribute the set's thresholds depend on (group or region)."""


# --- inputs -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class UnitProfile:
    code: str
    name: str = ""
    group: str | int | None = None
    region: str | None = None
    flags: frozenset[str] = frozenset()


@dataclass(frozen=True)
class UnitInput:
    profile: UnitProfile
    values: Mapping[str, object] = field(default_factory=dict)
    children: Mapping[str, Sequence[UnitResult]] = field(default_factory=dict)
    related: Mapping[str, UnitResult] = field(default_factory=dict)


# --- outputs ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ThresholdUsed:
    value: ThresholdValue
    key: str
    year: int | None
    flag: str | None
    override: bool
    from_overlay: bool
    illustrative: bool
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "value": json_value(self.value),
            "key": self.key,
            "year": self.year,
            "flag": self.flag,
            "override": self.override,
            "from_overlay": self.from_overlay,
            "illustrative": self.illustrative,
            "reason": self.reason,
        }


@dataclass(frozen=True, slots=True)
class IndicatorResult:
    code: str
    criterion_code: str
    text: str
    kind: str
    unit: str | None
    comparator: str | None
    status: str
    value: Value | None
    threshold: ThresholdUsed | None
    partly: bool
    shortfall: str | None
    explanation: str

    @property
    def met(self) -> bool:
        return self.status == MET

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "criterion": self.criterion_code,
            "text": self.text,
            "kind": self.kind,
            "unit": self.unit,
            "comparator": self.comparator,
            "status": self.status,
            "value": json_value(self.value),
            "threshold": self.threshold.to_dict() if self.threshold else None,
            "partly": self.partly,
            "shortfall": self.shortfall,
            "explanation": self.explanation,
        }


@dataclass(frozen=True, slots=True)
class CriterionResult:
    code: str
    name: str
    role: str
    status: str
    indicators: tuple[IndicatorResult, ...]

    @property
    def met(self) -> bool:
        return self.status == MET

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "role": self.role,
            "status": self.status,
            "met": self.met,
            "indicators": [i.to_dict() for i in self.indicators],
        }


@dataclass(frozen=True, slots=True)
class UnitResult:
    unit_code: str
    unit_name: str
    set_code: str
    set_version: str
    fingerprint: str
    year: int
    tier: str
    criteria: tuple[CriterionResult, ...]
    criteria_met: int
    criteria_total: int
    meets_standard: bool
    tier_reached: str | None
    missing_indicators: tuple[str, ...]
    no_data_indicators: tuple[str, ...]
    no_threshold_indicators: tuple[str, ...]
    illustrative: bool

    def summary_dict(self) -> dict[str, Any]:
        """The shape printed by ``nongthonmoi evaluate --json`` for one commune."""
        return {
            "commune_code": self.unit_code,
            "criteria_met": self.criteria_met,
            "criteria_total": self.criteria_total,
            "meets_standard": self.meets_standard,
            "criteria": {c.code: c.met for c in self.criteria},
            "missing_indicators": list(self.missing_indicators),
            "no_data_indicators": list(self.no_data_indicators),
        }

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit_code": self.unit_code,
            "unit_name": self.unit_name,
            "set": self.set_code,
            "set_version": self.set_version,
            "fingerprint": self.fingerprint,
            "year": self.year,
            "tier": self.tier,
            "criteria_met": self.criteria_met,
            "criteria_total": self.criteria_total,
            "meets_standard": self.meets_standard,
            "tier_reached": self.tier_reached,
            "missing_indicators": list(self.missing_indicators),
            "no_data_indicators": list(self.no_data_indicators),
            "no_threshold_indicators": list(self.no_threshold_indicators),
            "illustrative": self.illustrative,
            "illustrative_label": ILLUSTRATIVE_LABEL if self.illustrative else None,
            "criteria": [c.to_dict() for c in self.criteria],
        }


# --- strategies per kind ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Observation:
    value: Value | None
    met_children: int | None = None
    total_children: int | None = None


class Rule:
    """Strategy for one indicator kind: satisfied / partly / what is missing."""

    def observe(self, indicator: Indicator, unit: UnitInput) -> Observation:
        raw = unit.values.get(indicator.code)
        if raw is None or raw == "":
            return Observation(None)
        try:
            return Observation(parse_value(raw, indicator.kind, indicator.choices))
        except ValueError as exc:
            raise ValueError(f"{unit.profile.code} / {indicator.code}: {exc}") from exc

    def is_satisfied(self, indicator: Indicator, value: Any, threshold: Any, cmp: str) -> bool:
        return _OPS[cmp](value, threshold)

    def is_partially_satisfied(
        self, indicator: Indicator, value: Any, threshold: Any, cmp: str
    ) -> bool:
        return False

    def missing(self, indicator: Indicator, obs: Observation, threshold: Any, cmp: str) -> str:
        return f"chưa đạt: cần {_requirement(indicator, threshold, cmp)}"


class NumericRule(Rule):
    def is_partially_satisfied(
        self, indicator: Indicator, value: Any, threshold: Any, cmp: str
    ) -> bool:
        margin = abs(threshold) * NEAR_MISS_FRACTION
        if cmp in (">=", ">"):
            return bool(value >= threshold - margin)
        if cmp in ("<=", "<"):
            return bool(value <= threshold + margin)
        return False

    def missing(self, indicator: Indicator, obs: Observation, threshold: Any, cmp: str) -> str:
        value: Decimal = obs.value  # type: ignore[assignment]
        unit = indicator.unit or ""
        if cmp in (">=", "<="):
            gap = abs(threshold - value)
            raising = cmp == ">="
            if indicator.kind in ("percentage", "children_share"):
                verb = "còn thiếu" if raising else "cần giảm"
                return f"{verb} {format_decimal(gap)} điểm phần trăm"
            if indicator.kind == "count":
                verb = "cần thêm" if raising else "cần bớt"
                return f"{verb} {format_decimal(gap)} {unit}".rstrip()
            verb = "còn thiếu" if raising else "cần giảm"
            return f"{verb} {format_decimal(gap)} {unit}".rstrip()
        return f"cần {_requirement(indicator, threshold, cmp)} (hiện {format_value(value)})"


class ChildrenShareRule(NumericRule):
    def observe(self, indicator: Indicator, unit: UnitInput) -> Observation:
        assert indicator.of_set is not None
        results = unit.children.get(indicator.of_set)
        if results is None:
            return super().observe(indicator, unit)
        total = len(results)
        if total == 0:
            return Observation(None, 0, 0)
        met = sum(1 for r in results if r.meets_standard)
        # exact share for the comparison; messages round it for display
        return Observation(Decimal(met * 100) / Decimal(total), met, total)

    def missing(self, indicator: Indicator, obs: Observation, threshold: Any, cmp: str) -> str:
        if obs.total_children and cmp in (">=", ">"):
            needed = (threshold * obs.total_children / Decimal(100)).to_integral_value(
                rounding=ROUND_CEILING
            )
            if cmp == ">" and needed * 100 == threshold * obs.total_children:
                needed += 1
            more = int(needed) - (obs.met_children or 0)
            noun = indicator.child_noun or "đơn vị đạt chuẩn"
            return (
                f"cần thêm {more} {noun} "
                f"(hiện {obs.met_children}/{obs.total_children} = {_rounded(obs.value)}%)"
            )
        return super().missing(indicator, obs, threshold, cmp)


class BooleanRule(Rule):
    def missing(self, indicator: Indicator, obs: Observation, threshold: Any, cmp: str) -> str:
        return "chưa đạt yêu cầu (cần: Đạt)" if threshold else "cần: Không đạt"


class SetMetRule(BooleanRule):
    def observe(self, indicator: Indicator, unit: UnitInput) -> Observation:
        assert indicator.of_set is not None
        result = unit.related.get(indicator.of_set)
        if result is None:
            return super().observe(indicator, unit)
        return Observation(result.meets_standard)

    def missing(self, indicator: Indicator, obs: Observation, threshold: Any, cmp: str) -> str:
        return f"chưa đạt chuẩn theo bộ tiêu chí {indicator.of_set}"


class ChoiceRule(Rule):
    def is_satisfied(self, indicator: Indicator, value: Any, threshold: Any, cmp: str) -> bool:
        # choices are listed from lowest to highest, so ">=" means "this level or better"
        rank = indicator.choices.index
        return _OPS[cmp](rank(value), rank(threshold))

    def missing(self, indicator: Indicator, obs: Observation, threshold: Any, cmp: str) -> str:
        return f"cần mức '{threshold}'{' trở lên' if cmp == '>=' else ''} (hiện '{obs.value}')"


RULES: dict[str, Rule] = {
    "number": NumericRule(),
    "percentage": NumericRule(),
    "count": NumericRule(),
    "children_share": ChildrenShareRule(),
    "boolean": BooleanRule(),
    "set_met": SetMetRule(),
    "choice": ChoiceRule(),
}


def _rounded(value: Value | None) -> str:
    assert isinstance(value, Decimal)
    return format_decimal(value.quantize(Decimal("0.01")))


def _shown(indicator: Indicator, value: Value | None) -> str:
    text = format_value(value)
    if isinstance(value, Decimal) and indicator.kind == "children_share":
        return f"{_rounded(value)}%"
    if isinstance(value, Decimal) and indicator.kind == "percentage":
        return f"{text}%"
    if isinstance(value, Decimal) and indicator.unit:
        return f"{text} {indicator.unit}"
    return text


def _requirement(indicator: Indicator, threshold: Any, cmp: str) -> str:
    words = {">=": "từ", ">": "trên", "<=": "không quá", "<": "dưới", "==": "bằng"}
    unit = indicator.unit if indicator.unit and indicator.unit != "Đạt/Không đạt" else ""
    return f"{words[cmp]} {format_value(threshold)}{unit and ' ' + unit}"


# --- threshold selection ----------------------------------------------------------------------


class _Plan:
    """Per-set evaluation plan with memoised threshold selection (keyed by key, flags, year)."""

    def __init__(self, resolved: ResolvedSet) -> None:
        self.resolved = resolved
        self.definition = resolved.definition
        self._fp: str | None = None
        self._memo: dict[tuple[str, str, frozenset[str], int], ThresholdUsed | str] = {}
        override = self.definition.override
        self.override_flags = frozenset(override.when_flags) if override else frozenset()

    def unit_key(self, profile: UnitProfile) -> tuple[str, bool]:
        dimension = self.definition.dimension
        if dimension == "group":
            group = str(profile.group) if profile.group is not None else None  # int from the ORM
            if group not in GROUP_CODES:
                raise UnitProfileError(
                    f"{profile.code}: nhóm xã '{profile.group}' không hợp lệ (cần 1, 2 hoặc 3)"
                )
            return group, False  # type: ignore[return-value]
        if dimension == "region":
            if self.override_flags & profile.flags:
                assert self.definition.override is not None
                return self.definition.override.use_key, True
            if profile.region not in REGION_CODES:
                raise UnitProfileError(
                    f"{profile.code}: vùng '{profile.region}' không hợp lệ "
                    f"(cần một trong {' '.join(REGION_CODES)})"
                )
            return profile.region, False  # type: ignore[return-value]
        return ALL_KEY, False

    def threshold(
        self, indicator: Indicator, key: str, overridden: bool, flags: frozenset[str], year: int
    ) -> ThresholdUsed | str:
        relevant = flags & frozenset(indicator.flag_thresholds)
        memo_key = (indicator.code, key + ("!" if overridden else ""), relevant, year)
        if memo_key not in self._memo:
            self._memo[memo_key] = self._select(indicator, key, overridden, relevant, year)
        return self._memo[memo_key]

    def _select(
        self, indicator: Indicator, key: str, overridden: bool, flags: frozenset[str], year: int
    ) -> ThresholdUsed | str:
        where = self._where(key, overridden)
        candidates: list[tuple[dict[str, ThresholdValue], str, str | None, int | None]] = []
        for flag in sorted(flags):
            candidates.append((indicator.flag_thresholds[flag], f"flag:{flag}", flag, None))
        if indicator.thresholds_by_year:
            if year in indicator.thresholds_by_year:
                candidates.append((indicator.thresholds_by_year[year], str(year), None, year))
            elif not indicator.thresholds:
                return f"chưa có ngưỡng cho năm {year}"
        candidates.append((indicator.thresholds, "base", None, None))
        for mapping, variant, flag, used_year in candidates:
            for candidate_key in (key, ALL_KEY):
                if candidate_key not in mapping:
                    continue
                value = mapping[candidate_key]
                if value is None:
                    return f"chưa có ngưỡng chính thức ({where}) — cần tỉnh bổ sung"
                slot: ThresholdSlot = (variant, candidate_key)
                from_overlay = self.resolved.is_from_overlay(indicator.code, slot)
                reason = self._reason(where, candidate_key, flag, used_year, from_overlay)
                return ThresholdUsed(
                    value=value,
                    key=candidate_key,
                    year=used_year,
                    flag=flag,
                    override=overridden and candidate_key == key,
                    from_overlay=from_overlay,
                    illustrative=from_overlay and indicator.illustrative,
                    reason=reason,
                )
        return f"chưa có ngưỡng ({where})"

    def _where(self, key: str, overridden: bool) -> str:
        if key == ALL_KEY:
            return "mức chung"
        if self.definition.dimension == "group":
            return f"mức của xã nhóm {key}"
        if overridden:
            assert self.definition.override is not None
            flags = ", ".join(self.definition.override.when_flags)
            return f"mức của vùng {key} (áp dụng cho xã có cờ {flags})"
        return f"mức của vùng {key}"

    def _reason(
        self, where: str, used_key: str, flag: str | None, year: int | None, from_overlay: bool
    ) -> str:
        parts = [where if used_key != ALL_KEY else "mức chung"]
        if year is not None:
            parts.append(f"năm {year}")
        if flag is not None:
            parts.append(f"mức riêng cho đơn vị có cờ {flag}")
        overlay = self.resolved.overlay
        if from_overlay and overlay is not None:
            if overlay.illustrative:
                parts.append(f"{overlay.province}: {ILLUSTRATIVE_LABEL}")
            else:
                decision = overlay.decision.number if overlay.decision else "?"
                parts.append(
                    f"theo {overlay.province}, QĐ {decision} (phiên bản {overlay.version})"
                )
        else:
            source = self.definition.source
            parts.append(
                f"theo QĐ {source.decision}" + (f", {source.appendix}" if source.appendix else "")
            )
        return "; ".join(parts)

    # -- evaluation --

    def evaluate(self, unit: UnitInput, year: int) -> UnitResult:
        key, overridden = self.unit_key(unit.profile)
        criteria = tuple(
            self._criterion(criterion, unit, key, overridden, year)
            for criterion in self.definition.criteria
        )
        counted = [c for c in criteria if c.role == "criterion"]
        indicators = [i for c in criteria for i in c.indicators]
        meets = all(c.met for c in criteria)
        return UnitResult(
            unit_code=unit.profile.code,
            unit_name=unit.profile.name,
            set_code=self.definition.code,
            set_version=self.resolved.version_label,
            fingerprint=self._fingerprint,
            year=year,
            tier=self.definition.tier,
            criteria=criteria,
            criteria_met=sum(1 for c in counted if c.met),
            criteria_total=len(counted),
            meets_standard=meets,
            tier_reached=self.definition.tier if meets else None,
            missing_indicators=tuple(i.code for i in indicators if i.status == NOT_MET),
            no_data_indicators=tuple(i.code for i in indicators if i.status == NO_DATA),
            no_threshold_indicators=tuple(i.code for i in indicators if i.status == NO_THRESHOLD),
            illustrative=any(i.threshold and i.threshold.illustrative for i in indicators),
        )

    @property
    def _fingerprint(self) -> str:
        if self._fp is None:
            self._fp = self.resolved.fingerprint
        return self._fp

    def _criterion(
        self, criterion: Criterion, unit: UnitInput, key: str, overridden: bool, year: int
    ) -> CriterionResult:
        results = tuple(
            self._indicator(criterion, indicator, unit, key, overridden, year)
            for indicator in criterion.indicators
        )
        statuses = {r.status for r in results}
        if statuses == {MET}:
            status = MET
        elif NOT_MET in statuses:
            status = NOT_MET
        elif NO_DATA in statuses:
            status = NO_DATA
        else:
            status = NO_THRESHOLD
        return CriterionResult(criterion.code, criterion.name, criterion.role, status, results)

    def _indicator(
        self,
        criterion: Criterion,
        indicator: Indicator,
        unit: UnitInput,
        key: str,
        overridden: bool,
        year: int,
    ) -> IndicatorResult:
        rule = RULES[indicator.kind]
        observation = rule.observe(indicator, unit)
        chosen = self.threshold(indicator, key, overridden, unit.profile.flags, year)

        def result(status: str, explanation: str, **extra: Any) -> IndicatorResult:
            return IndicatorResult(
                code=indicator.code,
                criterion_code=criterion.code,
                text=indicator.text,
                kind=indicator.kind,
                unit=indicator.unit,
                comparator=indicator.comparator,
                status=status,
                value=observation.value,
                threshold=chosen if isinstance(chosen, ThresholdUsed) else None,
                partly=extra.get("partly", False),
                shortfall=extra.get("shortfall"),
                explanation=explanation,
            )

        if isinstance(chosen, str):
            return result(NO_THRESHOLD, chosen)
        if observation.value is None:
            return result(NO_DATA, f"chưa có số liệu; ngưỡng: {chosen.reason}")
        comparator = indicator.comparator or "=="
        if rule.is_satisfied(indicator, observation.value, chosen.value, comparator):
            shown = _shown(indicator, observation.value)
            return result(MET, f"đạt ({shown}); {chosen.reason}")
        shortfall = rule.missing(indicator, observation, chosen.value, comparator)
        partly = rule.is_partially_satisfied(indicator, observation.value, chosen.value, comparator)
        return result(
            NOT_MET,
            f"chưa đạt ({_shown(indicator, observation.value)}); {shortfall}; {chosen.reason}",
            shortfall=shortfall,
            partly=partly,
        )


# --- public functions -------------------------------------------------------------------------


def _check_year(resolved: ResolvedSet, year: int) -> None:
    definition = resolved.definition
    if not definition.valid_from <= year <= definition.valid_to:
        raise ValueError(
            f"năm {year} nằm ngoài thời hạn của bộ tiêu chí {definition.code} "
            f"({definition.valid_from}–{definition.valid_to})"
        )


def evaluate_unit(
    resolved: ResolvedSet,
    profile: UnitProfile,
    year: int,
    values: Mapping[str, object],
    *,
    children: Mapping[str, Sequence[UnitResult]] | None = None,
    related: Mapping[str, UnitResult] | None = None,
) -> UnitResult:
    """Evaluate one unit. ``values`` maps indicator codes to numbers, Đạt/Không đạt or choices."""
    _check_year(resolved, year)
    unit = UnitInput(profile, values, children or {}, related or {})
    return _Plan(resolved).evaluate(unit, year)


def evaluate_batch(
    resolved: ResolvedSet, units: Iterable[UnitInput], year: int
) -> list[UnitResult]:
    """Evaluate many units with one plan (threshold choices are computed once per key)."""
    _check_year(resolved, year)
    plan = _Plan(resolved)
    return [plan.evaluate(unit, year) for unit in units]


def highest_tier(results: Iterable[UnitResult]) -> str | None:
    reached = [r.tier_reached for r in results if r.tier_reached in TIER_ORDER]
    return max(reached, key=lambda tier: TIER_ORDER[tier], default=None)  # type: ignore[arg-type]
