"""The criteria engine as a round sees it: this commune's thresholds and live met / not met.

Threshold source, first found wins: the province's own overlay (if the criteria app stores one),
else the round's illustrative overlay file (labelled as such everywhere), else the national set.
Opening a round stores its illustrative file as the province's overlay when there is none, so
the fallback only serves rounds opened before that rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from nongthonmoi.criteria import loader as criteria_loader
from nongthonmoi.criteria.engine import (
    IndicatorResult,
    UnitProfile,
    UnitProfileError,
    UnitResult,
    evaluate_unit,
)
from nongthonmoi.criteria.loader import (
    ResolvedSet,
    apply_overlay,
    load_overlay_file,
    load_set,
)
from nongthonmoi.criteria.models import IndicatorValue, ValueStatus
from nongthonmoi.criteria.schema import ILLUSTRATIVE_LABEL, Overlay
from nongthonmoi.criteria.values import format_value
from nongthonmoi.places.models import AdminUnit

from .models import Round
from .workbook import IndicatorSpec

ILLUSTRATIVE_DIR = "illustrative"
_COMPARATOR_WORDS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


@lru_cache(maxsize=32)
def _resolved(set_code: str, illustrative_overlay: str) -> ResolvedSet:
    national = load_set(set_code)
    if not illustrative_overlay:
        return national
    return apply_overlay(national, illustrative_overlay_file(illustrative_overlay))


def illustrative_overlay_file(name: str) -> Overlay:
    """One of the shipped illustrative overlay files (criteria/illustrative/NAME)."""
    return load_overlay_file(criteria_loader.SETS_DIR.parent / ILLUSTRATIVE_DIR / name)


def _province_overlay(round_: Round) -> ResolvedSet | None:
    """The province's own overlay stored by the criteria app (latest active version), if any."""
    from nongthonmoi.criteria.queries import resolved_set_for

    resolved = resolved_set_for(round_.province, round_.set_code)
    return resolved if resolved.overlay is not None else None


def resolved_for(round_: Round) -> ResolvedSet:
    cached: ResolvedSet | None = round_.__dict__.get("_resolved_set")
    if cached is None:
        cached = _province_overlay(round_) or _resolved(
            round_.set_code, round_.illustrative_overlay
        )
        round_.__dict__["_resolved_set"] = cached
    return cached


def is_illustrative(resolved: ResolvedSet) -> bool:
    return bool(resolved.overlay is not None and resolved.overlay.illustrative)


def profile_for(unit: AdminUnit) -> UnitProfile:
    return UnitProfile(
        code=unit.code,
        name=unit.name,
        group=unit.commune_group,
        region=unit.region or None,
        flags=frozenset(unit.flags),
    )


@dataclass(frozen=True)
class IndicatorInfo:
    code: str
    criterion_code: str
    criterion_name: str
    text: str
    unit: str
    kind: str
    choices: tuple[str, ...]

    def spec(self) -> IndicatorSpec:
        return IndicatorSpec(self.code, self.text, self.unit, self.kind, self.choices)


def indicators(resolved: ResolvedSet) -> list[IndicatorInfo]:
    return [
        IndicatorInfo(
            code=i.code,
            criterion_code=c.code,
            criterion_name=c.name,
            text=i.text,
            unit=i.unit or "",
            kind=i.kind,
            choices=tuple(i.choices),
        )
        for c in resolved.definition.criteria
        for i in c.indicators
        if i.kind not in ("children_share", "set_met")  # computed, never typed in
    ]


def threshold_text(result: IndicatorResult) -> str:
    """ "≥ 80 % (mức của xã nhóm 3)" — or why there is none."""
    used = result.threshold
    if used is None:
        return "chưa có ngưỡng chính thức"
    comparator = _COMPARATOR_WORDS.get(result.comparator or "==", "=")
    unit = result.unit if result.unit and result.unit != "Đạt/Không đạt" else ""
    text = f"{comparator} {format_value(used.value)}{' ' + unit if unit else ''}"
    key = f"nhóm {used.key}" if used.key in ("1", "2", "3") else used.key
    if key != "all":
        text += f" ({key})"
    if used.illustrative:
        text += " — minh hoạ"
    return text


class ProfileIncomplete(ValueError):
    """The commune lacks the group (2026–2030) or region (2021–2025) its thresholds depend on."""


def evaluate(round_: Round, unit: AdminUnit, values: Mapping[str, str]) -> UnitResult:
    try:
        return evaluate_unit(resolved_for(round_), profile_for(unit), round_.year, values)
    except UnitProfileError as exc:
        raise ProfileIncomplete(
            f"{exc}. Tỉnh cần cập nhật thuộc tính của đơn vị trước khi so với ngưỡng."
        ) from exc


def results_by_code(result: UnitResult) -> dict[str, IndicatorResult]:
    return {i.code: i for c in result.criteria for i in c.indicators}


def thresholds_for(round_: Round, unit: AdminUnit) -> dict[str, str]:
    try:
        results = results_by_code(evaluate(round_, unit, {}))
    except ProfileIncomplete:
        missing = "chưa xác định được ngưỡng: đơn vị chưa có nhóm xã/vùng"
        return {i.code: missing for i in indicators(resolved_for(round_))}
    return {code: threshold_text(r) for code, r in results.items()}


def stored_values(round_: Round, unit: AdminUnit, *, approved_only: bool = False) -> dict[str, str]:
    qs = IndicatorValue.objects.filter(unit=unit, set_code=round_.set_code, year=round_.year)
    if approved_only:
        qs = qs.filter(status=ValueStatus.APPROVED)
    return {code: value for code, value in qs.values_list("indicator_code", "value") if value}


def approved_evaluation(round_: Round, unit: AdminUnit) -> UnitResult:
    return evaluate(round_, unit, stored_values(round_, unit, approved_only=True))


LABEL = ILLUSTRATIVE_LABEL
