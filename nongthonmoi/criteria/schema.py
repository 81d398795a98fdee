"""The shape of a criteria set file (``sets/*.yaml``) and of a provincial overlay.

A *criteria set* is one official rulebook (e.g. Decision 51/2025, Annex I): criteria, each with
indicators, each with a comparator and thresholds keyed by the unit's classification:

* ``dimension: group``  → keys ``"1"``, ``"2"``, ``"3"`` (commune groups, 2026–2030);
* ``dimension: region`` → keys ``TDMNPB DBSH BTB DHNTB TN DNB DBSCL`` (2021–2025);
* ``dimension: none``   → key ``"all"`` only (province / district conditions).

The key ``"all"`` is allowed in every dimension and applies when the unit's own key is absent.
Year-dependent thresholds (income) live in ``thresholds_by_year``; thresholds that change for units
carrying a flag live in ``flag_thresholds``. A ``null`` threshold means *unknown*: the engine
reports ``no_threshold`` and never guesses.

No Django import here: these models are used by the engine, the CLI and the tests.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from nongthonmoi.criteria.values import BOOLEAN_KINDS, NUMERIC_KINDS, canonical_decimal

REGION_CODES: tuple[str, ...] = ("TDMNPB", "DBSH", "BTB", "DHNTB", "TN", "DNB", "DBSCL")
GROUP_CODES: tuple[str, ...] = ("1", "2", "3")
ALL_KEY = "all"

Status = Literal["verified", "secondary", "partial", "unverified", "unknown"]
Kind = Literal[
    "number",
    "percentage",
    "count",
    "boolean",
    "choice",
    # computed for higher levels / tiers:
    "children_share",  # share (%) of member units whose result for ``of_set`` meets the standard
    "set_met",  # the unit itself meets ``of_set`` (a prerequisite tier)
]
Comparator = Literal[">=", ">", "<=", "<", "=="]
Dimension = Literal["group", "region", "none"]
Level = Literal["commune", "district", "province"]
Tier = Literal["standard", "advanced", "model", "modern", "completed"]
Role = Literal["criterion", "condition"]

ThresholdValue = Decimal | bool | str | None
ThresholdMap = dict[str, ThresholdValue]

TIER_LABELS_VI: dict[str, str] = {
    "standard": "đạt chuẩn nông thôn mới",
    "advanced": "đạt chuẩn nông thôn mới nâng cao",
    "model": "đạt chuẩn nông thôn mới kiểu mẫu",
    "modern": "đạt nông thôn mới hiện đại",
    "completed": "hoàn thành nhiệm vụ xây dựng nông thôn mới",
}

_TRUE_WORDS = {"đạt", "dat", "true", "yes", "có", "co"}
_FALSE_WORDS = {"không đạt", "khong dat", "false", "no", "không", "khong"}


class LocatedProblems(ValueError):
    """Several problems, each at a path below the model that raised it (for line numbers)."""

    def __init__(self, items: list[tuple[tuple[str | int, ...], str]]) -> None:
        self.items = items
        super().__init__("; ".join(message for _, message in items))


def expand_errors(errors: list[Any]) -> list[tuple[tuple[Any, ...], str]]:
    """Pydantic errors as (location, message), with ``LocatedProblems`` split into their items."""
    result = []
    for error in errors:
        loc = tuple(error["loc"])
        cause = (error.get("ctx") or {}).get("error")
        if isinstance(cause, LocatedProblems):
            result.extend(((*loc, *sub), message) for sub, message in cause.items)
        else:
            result.append((loc, str(error["msg"]).removeprefix("Value error, ")))
    return result


class _Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, coerce_numbers_to_str=True, str_strip_whitespace=True
    )


def _threshold_value(raw: object) -> ThresholdValue:
    """Normalise one threshold written in YAML or a workbook (kind is checked later)."""
    if raw is None or isinstance(raw, bool):
        return raw
    if isinstance(raw, int | Decimal):
        return canonical_decimal(Decimal(raw))
    if isinstance(raw, float):
        return canonical_decimal(Decimal(repr(raw)))
    if isinstance(raw, str):
        word = raw.strip().lower()
        if word in _TRUE_WORDS:
            return True
        if word in _FALSE_WORDS:
            return False
        return _number_or_text(raw.strip())  # numbers stored as JSON text ("16.5") come back
    raise ValueError(f"threshold must be a number, Đạt/Không đạt, a choice or null, not {raw!r}")


def _number_or_text(text: str) -> Decimal | str:
    try:
        return canonical_decimal(Decimal(text.strip()))
    except (ArithmeticError, ValueError):
        return text


def _threshold_map(raw: object) -> ThresholdMap:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ValueError("thresholds must be a mapping key → value")
    return {str(key): _threshold_value(value) for key, value in raw.items()}


def _nested_threshold_maps(raw: object) -> dict[object, ThresholdMap]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ValueError("must be a mapping")
    return {key: _threshold_map(value) for key, value in raw.items()}


class LegalSource(_Strict):
    decision: str | None
    date: dt.date | None = None
    appendix: str | None = None
    title: str
    effective_from: dt.date | None = None
    status: Status
    references: list[str] = Field(default_factory=list)
    note: str | None = None


class RegionOverride(_Strict):
    """Units with any of ``when_flags`` use the thresholds of ``use_key`` wherever they are."""

    when_flags: list[str] = Field(min_length=1)
    use_key: str
    text: str
    status: Status
    source: str | None = None


class ThresholdFrom(_Strict):
    """Threshold derived from another set's indicator (e.g. kiểu mẫu income = 110% nâng cao)."""

    set: str
    indicator: str
    factor: Decimal

    @field_validator("factor", mode="before")
    @classmethod
    def _factor(cls, raw: object) -> object:
        return _threshold_value(raw)


class Indicator(_Strict):
    code: str = Field(min_length=1)
    text: str = Field(min_length=1)
    unit: str | None = None
    kind: Kind
    comparator: Comparator | None = None
    thresholds: ThresholdMap = Field(default_factory=dict)
    thresholds_by_year: dict[int, ThresholdMap] = Field(default_factory=dict)
    flag_thresholds: dict[str, ThresholdMap] = Field(default_factory=dict)
    choices: list[str] = Field(default_factory=list)
    of_set: str | None = None
    child_noun: str | None = None
    threshold_from: ThresholdFrom | None = None
    aggregation: str | None = None
    status: Status
    source: str | None = None
    note: str | None = None
    illustrative: bool = False

    _thresholds = field_validator("thresholds", mode="before")(_threshold_map)
    _nested = field_validator("thresholds_by_year", "flag_thresholds", mode="before")(
        _nested_threshold_maps
    )

    @model_validator(mode="after")
    def _consistent(self) -> Indicator:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        for loc, value in self._located_values():
            try:
                _check_value_for_kind(self, value)
            except ValueError as exc:
                problems.append((loc, str(exc)))
        if problems:
            raise LocatedProblems(problems)
        has_number = any(v is not None for v in self.all_threshold_values())
        if has_number and self.comparator is None:
            raise ValueError(f"indicator {self.code}: a threshold is given but no comparator")
        if self.kind in ("children_share", "set_met") and not self.of_set:
            raise ValueError(f"indicator {self.code}: kind {self.kind} needs of_set")
        if self.kind == "choice" and not self.choices:
            raise ValueError(f"indicator {self.code}: kind choice needs choices")
        if any(isinstance(_number_or_text(choice), Decimal) for choice in self.choices):
            raise ValueError(f"indicator {self.code}: choices must be words, not numbers")
        if self.kind in BOOLEAN_KINDS and self.comparator not in (None, "=="):
            raise ValueError(f"indicator {self.code}: a yes/no indicator only takes '=='")
        return self

    def _located_values(self) -> list[tuple[tuple[str | int, ...], ThresholdValue]]:
        located: list[tuple[tuple[str | int, ...], ThresholdValue]] = [
            (("thresholds", key), value) for key, value in self.thresholds.items()
        ]
        for year, mapping in self.thresholds_by_year.items():
            located += [(("thresholds_by_year", year, k), v) for k, v in mapping.items()]
        for flag, mapping in self.flag_thresholds.items():
            located += [(("flag_thresholds", flag, k), v) for k, v in mapping.items()]
        return located

    def all_threshold_values(self) -> list[ThresholdValue]:
        values = list(self.thresholds.values())
        for mapping in (*self.thresholds_by_year.values(), *self.flag_thresholds.values()):
            values.extend(mapping.values())
        return values

    def all_threshold_keys(self) -> set[str]:
        keys = set(self.thresholds)
        for mapping in (*self.thresholds_by_year.values(), *self.flag_thresholds.values()):
            keys.update(mapping)
        return keys


def _check_value_for_kind(indicator: Indicator, value: ThresholdValue) -> None:
    if value is None:
        return
    code, kind = indicator.code, indicator.kind
    if kind in NUMERIC_KINDS:
        if not isinstance(value, Decimal):
            raise ValueError(f"indicator {code}: threshold {value!r} is not a number")
        if kind == "count" and value != value.to_integral_value():
            raise ValueError(f"indicator {code}: a count threshold must be whole, not {value}")
    elif kind in BOOLEAN_KINDS:
        if not isinstance(value, bool):
            raise ValueError(f"indicator {code}: threshold {value!r} is not Đạt/Không đạt")
    elif kind == "choice" and value not in indicator.choices:
        raise ValueError(f"indicator {code}: threshold {value!r} is not one of {indicator.choices}")


class Criterion(_Strict):
    code: str = Field(min_length=1)
    name: str = Field(min_length=1)
    role: Role = "criterion"
    group: str | None = None
    status: Status
    source: str | None = None
    note: str | None = None
    indicators: list[Indicator] = Field(min_length=1)


class CriteriaSet(_Strict):
    code: str = Field(pattern=r"^[a-z0-9-]+$")
    name: str
    version: int = Field(ge=1)
    source: LegalSource
    valid_from: int
    valid_to: int
    map: Literal["2021", "2025"]
    level: Level
    tier: Tier
    dimension: Dimension
    override: RegionOverride | None = None
    official_criteria_count: int | None = None
    official_indicator_count: int | None = None
    status: Status
    note: str | None = None
    criteria: list[Criterion] = Field(min_length=1)

    @model_validator(mode="after")
    def _consistent(self) -> CriteriaSet:
        problems: list[tuple[tuple[str | int, ...], str]] = []
        if self.valid_from > self.valid_to:
            problems.append((("valid_to",), "valid_from is after valid_to"))
        allowed = dimension_keys(self.dimension)
        if self.override is not None:
            if self.dimension != "region":
                problems.append((("override",), "a region override needs dimension: region"))
            elif self.override.use_key not in allowed:
                problems.append(
                    (("override", "use_key"), f"{self.override.use_key!r} is not a region")
                )
        seen_criteria: set[str] = set()
        seen_indicators: set[str] = set()
        for c_index, criterion in enumerate(self.criteria):
            if criterion.code in seen_criteria:
                problems.append(
                    (
                        ("criteria", c_index, "code"),
                        f"criterion code {criterion.code!r} appears twice",
                    )
                )
            seen_criteria.add(criterion.code)
            for i_index, indicator in enumerate(criterion.indicators):
                at = ("criteria", c_index, "indicators", i_index)
                if indicator.code in seen_indicators:
                    problems.append(
                        ((*at, "code"), f"indicator code {indicator.code!r} appears twice")
                    )
                seen_indicators.add(indicator.code)
                for loc, _ in indicator._located_values():
                    key = str(loc[-1])
                    if key not in allowed:
                        problems.append(
                            (
                                (*at, *loc),
                                f"indicator {indicator.code}: threshold key {key!r} is not valid "
                                f"for dimension {self.dimension} (allowed: {sorted(allowed)})",
                            )
                        )
                for year in indicator.thresholds_by_year:
                    if not self.valid_from <= year <= self.valid_to:
                        problems.append(
                            (
                                (*at, "thresholds_by_year", year),
                                f"indicator {indicator.code}: year {year} is outside "
                                f"{self.valid_from}–{self.valid_to}",
                            )
                        )
        if problems:
            raise LocatedProblems(problems)
        return self

    def indicators(self) -> list[tuple[Criterion, Indicator]]:
        return [(c, i) for c in self.criteria for i in c.indicators]

    def find_indicator(self, code: str) -> Indicator | None:
        for criterion in self.criteria:
            for indicator in criterion.indicators:
                if indicator.code == code:
                    return indicator
        return None


def dimension_keys(dimension: str) -> set[str]:
    if dimension == "group":
        return {*GROUP_CODES, ALL_KEY}
    if dimension == "region":
        return {*REGION_CODES, ALL_KEY}
    return {ALL_KEY}


class OverlayDecision(_Strict):
    number: str
    date: dt.date | None = None
    title: str | None = None


class OverlayIndicator(_Strict):
    """What a province changes on one indicator. Absent fields keep the national value."""

    thresholds: ThresholdMap = Field(default_factory=dict)
    thresholds_by_year: dict[int, ThresholdMap] = Field(default_factory=dict)
    flag_thresholds: dict[str, ThresholdMap] = Field(default_factory=dict)
    comparator: Comparator | None = None
    unit: str | None = None
    status: Status | None = None
    source: str | None = None
    note: str | None = None
    illustrative: bool = False

    _thresholds = field_validator("thresholds", mode="before")(_threshold_map)
    _nested = field_validator("thresholds_by_year", "flag_thresholds", mode="before")(
        _nested_threshold_maps
    )


ILLUSTRATIVE_LABEL = "Ngưỡng minh hoạ — không phải số liệu chính thức"


class Overlay(_Strict):
    code: str = Field(pattern=r"^[a-z0-9-]+$")
    base_set: str
    province: str
    version: int = Field(ge=1)
    decision: OverlayDecision | None = None
    illustrative: bool = False
    label: str | None = None
    note: str | None = None
    indicators: dict[str, OverlayIndicator] = Field(min_length=1)

    @model_validator(mode="after")
    def _justified(self) -> Overlay:
        if self.decision is None and not self.illustrative:
            raise ValueError("an overlay needs the decision that justifies it (decision.number)")
        if self.illustrative and self.label != ILLUSTRATIVE_LABEL:
            raise ValueError(f"an illustrative overlay must carry the label {ILLUSTRATIVE_LABEL!r}")
        return self
