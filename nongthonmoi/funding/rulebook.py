"""Allocation rules as data: the rule files in `rules/*.yaml` and their validation.

Public API:
    load_rule(code_or_path) -> AllocationRule
        `code` is a bundled national rule (`qd-07-2022`, `qd-16-2026`); a path loads any
        rule file, e.g. a province's own rule.
    rule_from_text(text, source) -> AllocationRule
        the same validation for a rule kept elsewhere (the database, an upload).
    available_rule_codes() -> list[str]

Every problem found in a file is collected and raised together as `RuleFileError`, each
naming the file, the line and the field. The format is described in `docs/funding.md`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from .rule_validation import RuleChecker
from .units import Commune
from .yaml_source import load_with_lines

RULES_DIR = Path(__file__).resolve().parent / "rules"

STATUSES = ("verified", "secondary-source", "inferred", "unknown", "example")
LEVELS = ("parent", "commune")


class RuleFileError(ValueError):
    """A rule file has problems; `problems` lists each as 'file:line (field): message'."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Condition:
    """All the stated tests must hold (fields left as None/empty are not tested)."""

    recognised: bool | None = None
    criteria_min: int | None = None
    criteria_max: int | None = None
    flags_any: frozenset[str] = frozenset()
    flags_none: frozenset[str] = frozenset()

    @property
    def uses_criteria(self) -> bool:
        return self.criteria_min is not None or self.criteria_max is not None

    def matches(self, commune: Commune) -> bool:
        if self.recognised is not None and commune.recognised != self.recognised:
            return False
        if self.uses_criteria:
            met = commune.criteria_met
            if met is None:
                return False
            if self.criteria_min is not None and met < self.criteria_min:
                return False
            if self.criteria_max is not None and met > self.criteria_max:
                return False
        if self.flags_any and not (self.flags_any & commune.flags):
            return False
        return not (self.flags_none & commune.flags)


@dataclass(frozen=True)
class CoefficientGroup:
    """A kind of commune and its coefficient; `when` holds if any one condition holds."""

    id: str
    label_vi: str
    coefficient: Decimal | None
    when: tuple[Condition, ...]
    status: str
    note: str = ""

    def matches(self, commune: Commune) -> bool:
        return not self.when or any(condition.matches(commune) for condition in self.when)


@dataclass(frozen=True)
class VillageCoefficient:
    """A coefficient per extremely difficult village, added to its commune's."""

    label_vi: str
    coefficient: Decimal
    status: str
    note: str = ""


@dataclass(frozen=True)
class ParentAdjustment:
    """A component at the level of the receiving unit (district, priority province).

    `kind` is `parent_multiplier` (coefficient × value) or `parent_addition`
    (coefficient + value) for parents carrying `parent_flag`; `unknown` when the official
    text has not been read: such components are listed as not applied, never guessed.
    """

    id: str
    label_vi: str
    kind: str
    parent_flag: str | None
    value: Decimal | None
    status: str
    note: str = ""

    @property
    def applicable(self) -> bool:
        return self.kind != "unknown" and self.value is not None


@dataclass(frozen=True)
class CarveOutKind:
    """A named programme whose fixed amount is taken out before the formula."""

    id: str
    label_vi: str
    status: str
    note: str = ""


@dataclass(frozen=True)
class LegalSource:
    document: str
    title_vi: str
    status: str
    issued: str | None = None
    effective: str | None = None
    urls: tuple[str, ...] = ()
    reference: str = ""


@dataclass(frozen=True)
class AllocationRule:
    code: str
    kind: str  # national | provincial
    title_vi: str
    status: str
    period_start: int
    period_end: int
    legal_source: LegalSource
    default_level: str
    combine: str  # first_match | highest
    on_no_match: str  # error | zero
    groups: tuple[CoefficientGroup, ...]
    exclusions: tuple[CoefficientGroup, ...] = ()
    default_group: CoefficientGroup | None = None
    per_village: VillageCoefficient | None = None
    parent_adjustments: tuple[ParentAdjustment, ...] = ()
    carve_out_kinds: tuple[CarveOutKind, ...] = ()
    province_code: str | None = None
    notes: tuple[str, ...] = ()
    source_file: str = field(default="", compare=False)

    def group(self, group_id: str) -> CoefficientGroup:
        for group in (*self.groups, *((self.default_group,) if self.default_group else ())):
            if group.id == group_id:
                return group
        raise KeyError(group_id)


def available_rule_codes() -> list[str]:
    return sorted(path.stem for path in RULES_DIR.glob("*.yaml"))


def load_rule(code_or_path: str | Path) -> AllocationRule:
    """Load a bundled rule by code, or any rule file by path; raise RuleFileError if bad."""
    candidate = Path(code_or_path)
    if candidate.suffix in {".yaml", ".yml"}:
        if not candidate.is_file():
            raise RuleFileError([f"{candidate}: không tìm thấy tệp quy tắc"])
        path = candidate
    else:
        path = RULES_DIR / f"{code_or_path}.yaml"
        if not path.exists():
            known = ", ".join(available_rule_codes())
            raise RuleFileError([f"không có quy tắc phân bổ '{code_or_path}' (có: {known})"])
    rule = rule_from_text(path.read_text(encoding="utf-8"), path.name)
    if path.parent == RULES_DIR and rule.code != path.stem:
        raise RuleFileError([f"{path.name}:1 (code): mã '{rule.code}' phải trùng tên tệp"])
    return rule


def rule_from_text(text: str, source: str) -> AllocationRule:
    data, lines = load_with_lines(text, source)
    checker = RuleChecker(source, lines)
    rule = _build_rule(checker, data)
    if checker.problems or rule is None:
        raise RuleFileError(checker.problems)
    return rule


def _build_rule(c: RuleChecker, data: Any) -> AllocationRule | None:
    root = c.mapping(
        data,
        (),
        required=("code", "kind", "title_vi", "status", "period", "legal_source"),
        optional=(
            "commune_coefficients",
            "parent_adjustments",
            "carve_outs",
            "province_code",
            "default_level",
            "notes",
        ),
    )
    if root is None:
        return None
    code = c.text(root, ("code",))
    kind = c.choice(root, ("kind",), ("national", "provincial"))
    title = c.text(root, ("title_vi",))
    status = c.choice(root, ("status",), STATUSES)
    province_code = c.text(root, ("province_code",), required=False)
    if kind == "provincial" and province_code is None:
        c.problem(("province_code",), "quy tắc của tỉnh phải ghi mã tỉnh (province_code)")
    period = c.mapping(root.get("period"), ("period",), required=("start_year", "end_year"))
    start = c.integer(period, ("period", "start_year")) if period else None
    end = c.integer(period, ("period", "end_year")) if period else None
    if start is not None and end is not None and end < start:
        c.problem(("period",), "năm kết thúc trước năm bắt đầu")
    legal = _legal_source(c, root.get("legal_source"), kind)
    default_level = c.choice(root, ("default_level",), LEVELS, required=False)
    coefficients = c.mapping(
        root.get("commune_coefficients"),
        ("commune_coefficients",),
        required=("combine", "on_no_match", "groups"),
        optional=("exclusions", "default", "per_village"),
    )
    if coefficients is None:
        return None
    base: Path = ("commune_coefficients",)
    groups = tuple(
        _group(c, item, (*base, "groups", index), need_coefficient=True)
        for index, item in enumerate(c.sequence(coefficients, (*base, "groups"), non_empty=True))
    )
    exclusions = tuple(
        _group(c, item, (*base, "exclusions", index), need_coefficient=False)
        for index, item in enumerate(c.sequence(coefficients, (*base, "exclusions")))
    )
    default_group = (
        _group(c, coefficients["default"], (*base, "default"), need_coefficient=True)
        if coefficients.get("default") is not None
        else None
    )
    ids = [g.id for g in (*groups, *exclusions, *([default_group] if default_group else []))]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        c.problem(base, f"mã nhóm '{duplicate}' bị lặp lại")
    per_village = _village(c, coefficients.get("per_village"), (*base, "per_village"))
    combine = c.choice(coefficients, (*base, "combine"), ("first_match", "highest"))
    on_no_match = c.choice(coefficients, (*base, "on_no_match"), ("error", "zero"))
    adjustments = tuple(
        _adjustment(c, item, ("parent_adjustments", index))
        for index, item in enumerate(c.sequence(root, ("parent_adjustments",)))
    )
    carve_outs = tuple(
        _carve_out(c, item, ("carve_outs", index))
        for index, item in enumerate(c.sequence(root, ("carve_outs",)))
    )
    notes = tuple(
        c.text_value(note, ("notes", index)) or ""
        for index, note in enumerate(c.sequence(root, ("notes",)))
    )
    if c.problems or legal is None:
        return None
    return AllocationRule(
        code=code or "",
        kind=kind or "",
        title_vi=title or "",
        status=status or "",
        period_start=start or 0,
        period_end=end or 0,
        legal_source=legal,
        default_level=default_level or ("commune" if kind == "provincial" else "parent"),
        combine=combine or "",
        on_no_match=on_no_match or "",
        groups=tuple(g for g in groups if g),
        exclusions=tuple(g for g in exclusions if g),
        default_group=default_group,
        per_village=per_village,
        parent_adjustments=tuple(a for a in adjustments if a),
        carve_out_kinds=tuple(k for k in carve_outs if k),
        province_code=province_code,
        notes=notes,
        source_file=c.source,
    )


def _legal_source(c: RuleChecker, data: Any, kind: str | None) -> LegalSource | None:
    path: Path = ("legal_source",)
    source = c.mapping(
        data,
        path,
        required=("document", "title_vi", "status"),
        optional=("issued", "effective", "urls", "reference"),
    )
    if source is None:
        return None
    document = c.text(source, (*path, "document"))
    if kind == "provincial" and document and "NQ-HĐND" not in document:
        c.problem(
            (*path, "document"),
            "quy tắc của tỉnh phải ghi số nghị quyết của HĐND tỉnh (ví dụ 12/2022/NQ-HĐND)",
        )
    urls = tuple(
        c.text_value(url, (*path, "urls", index)) or ""
        for index, url in enumerate(c.sequence(source, (*path, "urls")))
    )
    return LegalSource(
        document=document or "",
        title_vi=c.text(source, (*path, "title_vi")) or "",
        status=c.choice(source, (*path, "status"), STATUSES) or "",
        issued=c.text(source, (*path, "issued"), required=False),
        effective=c.text(source, (*path, "effective"), required=False),
        urls=urls,
        reference=c.text(source, (*path, "reference"), required=False) or "",
    )


def _group(c: RuleChecker, data: Any, path: Path, need_coefficient: bool) -> CoefficientGroup:
    keys = ("id", "label_vi", "status")
    group = c.mapping(
        data,
        path,
        required=(*keys, "coefficient") if need_coefficient else keys,
        optional=("when", "note") if need_coefficient else ("when", "note", "coefficient"),
    )
    if group is None:
        return CoefficientGroup("", "", None, (), "")
    status = c.choice(group, (*path, "status"), STATUSES) or ""
    coefficient = c.decimal(group, (*path, "coefficient"), required=False)
    well_formed = coefficient is not None or group.get("coefficient") is None
    if need_coefficient:
        if well_formed:
            c.known_number(coefficient, status, (*path, "coefficient"))
    elif group.get("coefficient") is not None:
        c.problem((*path, "coefficient"), "xã bị loại khỏi cách tính không có hệ số")
    raw_when = group.get("when")
    if not need_coefficient and raw_when is None:
        c.problem((*path, "when"), "nhóm loại trừ phải có điều kiện 'when'")
    conditions: list[dict[str, Any]]
    if raw_when is None:
        conditions = []
    elif isinstance(raw_when, list):
        conditions = raw_when
    else:
        conditions = [raw_when]
    when_path: Path = (*path, "when")
    return CoefficientGroup(
        id=c.text(group, (*path, "id")) or "",
        label_vi=c.text(group, (*path, "label_vi")) or "",
        coefficient=coefficient,
        when=tuple(
            _condition(c, item, when_path if not isinstance(raw_when, list) else (*when_path, i))
            for i, item in enumerate(conditions)
        ),
        status=status,
        note=c.text(group, (*path, "note"), required=False) or "",
    )


def _condition(c: RuleChecker, data: Any, path: Path) -> Condition:
    condition = c.mapping(
        data,
        path,
        required=(),
        optional=("recognised", "criteria_met", "flags_any", "flags_none"),
        non_empty=True,
    )
    if condition is None:
        return Condition()
    recognised = c.boolean(condition, (*path, "recognised"), required=False)
    low = high = None
    if condition.get("criteria_met") is not None:
        bounds = c.mapping(
            condition["criteria_met"], (*path, "criteria_met"), required=(), optional=("min", "max")
        )
        if bounds is not None:
            low = c.integer(bounds, (*path, "criteria_met", "min"), required=False, minimum=0)
            high = c.integer(bounds, (*path, "criteria_met", "max"), required=False, minimum=0)
            if low is None and high is None:
                c.problem((*path, "criteria_met"), "cần ít nhất 'min' hoặc 'max'")
            if low is not None and high is not None and high < low:
                c.problem((*path, "criteria_met"), "'max' nhỏ hơn 'min'")
    return Condition(
        recognised=recognised,
        criteria_min=low,
        criteria_max=high,
        flags_any=c.flags(condition, (*path, "flags_any")),
        flags_none=c.flags(condition, (*path, "flags_none")),
    )


def _village(c: RuleChecker, data: Any, path: Path) -> VillageCoefficient | None:
    if data is None:
        return None
    village = c.mapping(
        data, path, required=("label_vi", "coefficient", "status"), optional=("note",)
    )
    if village is None:
        return None
    status = c.choice(village, (*path, "status"), STATUSES) or ""
    coefficient = c.decimal(village, (*path, "coefficient"), required=False)
    if coefficient is not None or village.get("coefficient") is None:
        c.known_number(coefficient, status, (*path, "coefficient"))
    return VillageCoefficient(
        label_vi=c.text(village, (*path, "label_vi")) or "",
        coefficient=coefficient if coefficient is not None else Decimal(0),
        status=status,
        note=c.text(village, (*path, "note"), required=False) or "",
    )


def _adjustment(c: RuleChecker, data: Any, path: Path) -> ParentAdjustment | None:
    item = c.mapping(
        data,
        path,
        required=("id", "label_vi", "kind", "value", "status"),
        optional=("parent_flag", "note"),
    )
    if item is None:
        return None
    kind = c.choice(item, (*path, "kind"), ("parent_multiplier", "parent_addition", "unknown"))
    status = c.choice(item, (*path, "status"), STATUSES) or ""
    value = c.decimal(item, (*path, "value"), required=False)
    parent_flag = c.text(item, (*path, "parent_flag"), required=kind not in (None, "unknown"))
    if kind == "unknown" and value is not None:
        c.problem(
            (*path, "value"),
            "cách áp dụng chưa rõ (kind: unknown) nên không được ghi giá trị; "
            "hãy ghi 'kind' theo văn bản gốc trước",
        )
    if kind != "unknown" and (value is not None or item.get("value") is None):
        c.known_number(value, status, (*path, "value"))
    return ParentAdjustment(
        id=c.text(item, (*path, "id")) or "",
        label_vi=c.text(item, (*path, "label_vi")) or "",
        kind=kind or "unknown",
        parent_flag=parent_flag,
        value=value,
        status=status,
        note=c.text(item, (*path, "note"), required=False) or "",
    )


def _carve_out(c: RuleChecker, data: Any, path: Path) -> CarveOutKind | None:
    item = c.mapping(data, path, required=("id", "label_vi", "status"), optional=("note",))
    if item is None:
        return None
    return CarveOutKind(
        id=c.text(item, (*path, "id")) or "",
        label_vi=c.text(item, (*path, "label_vi")) or "",
        status=c.choice(item, (*path, "status"), STATUSES) or "",
        note=c.text(item, (*path, "note"), required=False) or "",
    )
