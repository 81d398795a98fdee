"""Load criteria sets and provincial overlays; resolve overlay → national.

Public API (everything else is internal):

* ``list_sets() -> list[CriteriaSet]`` – every shipped set, ordered by code.
* ``load_set(code) -> ResolvedSet`` – one shipped set, validated, no overlay.
* ``load_set_file(path) -> CriteriaSet`` / ``load_overlay_file(path) -> Overlay`` – any file.
* ``parse_set_text(text, name)`` / ``parse_overlay_text(text, name)`` – the same from a string.
* ``apply_overlay(resolved, overlay) -> ResolvedSet`` – a new set where the province's values win.
* ``SetFileError`` – a bad file; ``str(error)`` lists every problem as ``file:line: where: what``.

A ``ResolvedSet`` is what the engine evaluates: the merged definition plus the record of which
thresholds came from the overlay, so every result can say "ngưỡng của tỉnh theo QĐ …".
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from nongthonmoi.criteria.schema import (
    CriteriaSet,
    Indicator,
    Overlay,
    OverlayIndicator,
    ThresholdMap,
    ThresholdValue,
    expand_errors,
)
from nongthonmoi.criteria.values import canonical_decimal

SETS_DIR = Path(__file__).with_name("sets")

# Which part of an indicator a threshold lives in: ("base", key), (year, key) or ("flag:x", key).
ThresholdSlot = tuple[str, str]


class SetFileError(ValueError):
    """A criteria set or overlay file that does not validate. Carries every problem found."""

    def __init__(self, name: str, problems: list[str]) -> None:
        self.name = name
        self.problems = problems
        super().__init__(f"{name}: {len(problems)} lỗi\n" + "\n".join(problems))


# --- YAML with line numbers -------------------------------------------------------------------


class _DecimalLoader(yaml.SafeLoader):
    """YAML floats become ``Decimal`` from their text, never binary floats."""


def _construct_decimal(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal:
    return Decimal(loader.construct_scalar(node).replace("_", ""))


_DecimalLoader.add_constructor("tag:yaml.org,2002:float", _construct_decimal)


def _to_python(
    node: yaml.Node, path: tuple[Any, ...], marks: dict[tuple[Any, ...], int], loader: Any
) -> Any:
    marks[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if key in result:
                line = key_node.start_mark.line + 1
                raise SetFileError("", [f"{line}: khoá {key!r} lặp lại"])
            result[key] = _to_python(value_node, (*path, key), marks, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, (*path, i), marks, loader) for i, item in enumerate(node.value)]
    return loader.construct_object(node, deep=True)


def _read_yaml(text: str, name: str) -> tuple[Any, dict[tuple[Any, ...], int]]:
    try:
        loader = _DecimalLoader(text)
        try:
            node = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f"{mark.line + 1}" if mark is not None else "?"
        raise SetFileError(name, [f"{name}:{line}: YAML không đọc được: {exc}"]) from exc
    if node is None:
        raise SetFileError(name, [f"{name}:1: tệp rỗng"])
    marks: dict[tuple[Any, ...], int] = {}
    try:
        data = _to_python(node, (), marks, _DecimalLoader(""))
    except SetFileError as exc:
        raise SetFileError(name, [f"{name}:{p}" for p in exc.problems]) from exc
    return data, marks


def _line_for(loc: tuple[Any, ...], marks: Mapping[tuple[Any, ...], int]) -> int:
    for end in range(len(loc), -1, -1):
        prefix = tuple(loc[:end])
        if prefix in marks:
            return marks[prefix]
        # pydantic reports dict keys of int-keyed maps as str; YAML gave ints.
        alt = tuple(int(p) if isinstance(p, str) and p.isdigit() else p for p in prefix)
        if alt in marks:
            return marks[alt]
    return 1


def _problems(name: str, exc: ValidationError, marks: Mapping[tuple[Any, ...], int]) -> list[str]:
    problems = []
    for loc, message in expand_errors(exc.errors()):
        where = ".".join(str(p) for p in loc) or "(tệp)"
        problems.append(f"{name}:{_line_for(loc, marks)}: {where}: {message}")
    return problems


def parse_set_text(text: str, name: str = "<set>") -> CriteriaSet:
    data, marks = _read_yaml(text, name)
    try:
        return CriteriaSet.model_validate(data)
    except ValidationError as exc:
        raise SetFileError(name, _problems(name, exc, marks)) from exc


def parse_overlay_text(text: str, name: str = "<overlay>") -> Overlay:
    data, marks = _read_yaml(text, name)
    try:
        return Overlay.model_validate(data)
    except ValidationError as exc:
        raise SetFileError(name, _problems(name, exc, marks)) from exc


def load_set_file(path: Path) -> CriteriaSet:
    return parse_set_text(path.read_text(encoding="utf-8"), str(path))


def load_overlay_file(path: Path) -> Overlay:
    return parse_overlay_text(path.read_text(encoding="utf-8"), str(path))


class _DecimalDumper(yaml.SafeDumper):
    """Writes ``Decimal`` as a plain YAML number from its text, so ``_DecimalLoader`` reads the
    same value back (never through a binary float)."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    text = format(value, "f")
    tag = "float" if "." in text else "int"
    return dumper.represent_scalar(f"tag:yaml.org,2002:{tag}", text)


_DecimalDumper.add_representer(Decimal, _represent_decimal)


def set_to_yaml(definition: CriteriaSet, header: str = "") -> str:
    """The set as a set file: ``parse_set_text(set_to_yaml(d)) == d``. Fields left at their
    default are omitted; ``header`` becomes leading ``#`` comment lines."""
    data = definition.model_dump(mode="python", exclude_defaults=True)
    body = yaml.dump(data, Dumper=_DecimalDumper, allow_unicode=True, sort_keys=False, width=100)
    comments = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return comments + body


# --- resolved sets ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ResolvedSet:
    """A set ready for evaluation: merged definition + provenance of overlay thresholds."""

    definition: CriteriaSet
    overlay: Overlay | None = None
    overlaid: Mapping[str, frozenset[ThresholdSlot]] = field(default_factory=dict)

    @property
    def code(self) -> str:
        return self.definition.code

    @property
    def version_label(self) -> str:
        label = f"{self.definition.code}@v{self.definition.version}"
        if self.overlay is not None:
            label += f"+{self.overlay.code}@v{self.overlay.version}"
        return label

    @property
    def fingerprint(self) -> str:
        """Short hash of the merged rules: results keep it, so they stay explainable later."""
        payload = json.dumps(self.definition.model_dump(mode="json"), sort_keys=True)
        return hashlib.sha256(payload.encode()).hexdigest()[:16]

    def is_from_overlay(self, indicator_code: str, slot: ThresholdSlot) -> bool:
        return slot in self.overlaid.get(indicator_code, frozenset())


def _shipped_paths() -> dict[str, Path]:
    return {path.stem: path for path in sorted(SETS_DIR.glob("*.yaml"))}


@cache
def _load_shipped(code: str) -> CriteriaSet:
    paths = _shipped_paths()
    if code not in paths:
        known = ", ".join(paths) or "(không có)"
        raise KeyError(f"không có bộ tiêu chí '{code}' (có: {known})")
    definition = load_set_file(paths[code])
    if definition.code != code:
        raise SetFileError(str(paths[code]), [f"code '{definition.code}' khác tên tệp '{code}'"])
    return _derive_thresholds(definition)


def list_sets() -> list[CriteriaSet]:
    return [_load_shipped(code) for code in _shipped_paths()]


def load_set(code: str) -> ResolvedSet:
    return ResolvedSet(definition=_load_shipped(code))


def _derive_thresholds(definition: CriteriaSet) -> CriteriaSet:
    """Fill ``threshold_from`` indicators from the referenced set (null stays null)."""
    if not any(i.threshold_from for _, i in definition.indicators()):
        return definition
    criteria = []
    for criterion in definition.criteria:
        indicators = []
        for indicator in criterion.indicators:
            rule = indicator.threshold_from
            if rule is not None and not indicator.all_threshold_keys():
                source = _load_shipped(rule.set).find_indicator(rule.indicator)
                if source is None:
                    raise SetFileError(definition.code, [f"{rule.set} has no {rule.indicator}"])
                indicator = indicator.model_copy(
                    update={
                        "thresholds": _scaled(source.thresholds, rule.factor),
                        "thresholds_by_year": {
                            y: _scaled(m, rule.factor) for y, m in source.thresholds_by_year.items()
                        },
                    }
                )
            indicators.append(indicator)
        criteria.append(criterion.model_copy(update={"indicators": indicators}))
    return definition.model_copy(update={"criteria": criteria})


def _scaled(mapping: ThresholdMap, factor: Decimal) -> ThresholdMap:
    return {
        key: canonical_decimal(value * factor) if isinstance(value, Decimal) else value
        for key, value in mapping.items()
    }


# --- overlays ---------------------------------------------------------------------------------


class OverlayError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


def apply_overlay(resolved: ResolvedSet, overlay: Overlay) -> ResolvedSet:
    """Return a new set where the overlay's thresholds replace the national ones, key by key.

    A province may fill unknown thresholds and make known ones stricter; making a known national
    threshold looser, or changing a known comparator, is refused (``OverlayError``).
    """
    base = resolved.definition
    problems: list[str] = []
    if overlay.base_set != base.code:
        problems.append(f"overlay {overlay.code} is for {overlay.base_set}, not {base.code}")
    known = {i.code for _, i in base.indicators()}
    for code in overlay.indicators:
        if code not in known:
            problems.append(f"overlay {overlay.code}: chỉ tiêu '{code}' không có trong {base.code}")
    if problems:
        raise OverlayError(problems)

    overlaid: dict[str, frozenset[ThresholdSlot]] = {}
    criteria = []
    for criterion in base.criteria:
        indicators = []
        for indicator in criterion.indicators:
            change = overlay.indicators.get(indicator.code)
            if change is not None:
                indicator, slots = _merge_indicator(indicator, change, overlay, problems)
                overlaid[indicator.code] = slots
            indicators.append(indicator)
        criteria.append(criterion.model_copy(update={"indicators": indicators}))
    if problems:
        raise OverlayError(problems)
    try:  # re-validate: keys and kinds of the province's values are checked like national ones
        merged = CriteriaSet.model_validate(
            base.model_copy(update={"criteria": criteria}).model_dump()
        )
    except ValidationError as exc:
        raise OverlayError(
            [f"overlay {overlay.code}: {message}" for _, message in expand_errors(exc.errors())]
        ) from exc
    return ResolvedSet(definition=merged, overlay=overlay, overlaid=overlaid)


def _merge_indicator(
    indicator: Indicator, change: OverlayIndicator, overlay: Overlay, problems: list[str]
) -> tuple[Indicator, frozenset[ThresholdSlot]]:
    comparator = indicator.comparator
    if change.comparator is not None and change.comparator != comparator:
        if comparator is not None and any(v is not None for v in indicator.all_threshold_values()):
            problems.append(
                f"chỉ tiêu {indicator.code}: không được đổi phép so sánh quốc gia '{comparator}'"
            )
        comparator = change.comparator
    slots: set[ThresholdSlot] = set()

    def merge(national: ThresholdMap, province: ThresholdMap, variant: str) -> ThresholdMap:
        result = dict(national)
        for key, value in province.items():
            old = national.get(key)
            if old is not None and value is not None and _looser(value, old, comparator):
                problems.append(
                    f"chỉ tiêu {indicator.code} ({variant}/{key}): ngưỡng của tỉnh {value} "
                    f"lỏng hơn ngưỡng quốc gia {old}"
                )
            result[key] = value
            slots.add((variant, key))
        return result

    thresholds = merge(indicator.thresholds, change.thresholds, "base")
    by_year = {year: dict(m) for year, m in indicator.thresholds_by_year.items()}
    for year, mapping in change.thresholds_by_year.items():
        by_year[year] = merge(indicator.thresholds_by_year.get(year, {}), mapping, str(year))
    flags = {flag: dict(m) for flag, m in indicator.flag_thresholds.items()}
    for flag, mapping in change.flag_thresholds.items():
        flags[flag] = merge(indicator.flag_thresholds.get(flag, {}), mapping, f"flag:{flag}")

    note = indicator.note
    if change.note:
        note = f"{note}\n{change.note}" if note else change.note
    update: dict[str, Any] = {
        "comparator": comparator,
        "thresholds": thresholds,
        "thresholds_by_year": by_year,
        "flag_thresholds": flags,
        "note": note,
        "illustrative": indicator.illustrative or change.illustrative or overlay.illustrative,
    }
    if change.unit is not None and indicator.unit is None:
        update["unit"] = change.unit
    if change.status is not None:
        update["status"] = change.status
    if change.source is not None:
        update["source"] = change.source
    return indicator.model_copy(update=update), frozenset(slots)


def _looser(value: ThresholdValue, national: ThresholdValue, comparator: str | None) -> bool:
    if not isinstance(value, Decimal) or not isinstance(national, Decimal):
        return value != national and isinstance(national, bool)
    if comparator in (">=", ">"):
        return value < national
    if comparator in ("<=", "<"):
        return value > national
    return value != national
