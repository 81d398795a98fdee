"""OCOP rulebooks as versioned data: load and validate them (pure, no Django).

Public API:

- ``load_rulebook(code) -> Rulebook``: one rulebook (``qd-26-2026``, ``qd-148-2023``,
  ``qd-1048-2019``) with its star bands, certifying levels, product sets and scoring sheets.
- ``list_rulebooks() -> list[Rulebook]``: every rulebook, newest first.
- ``in_force(day) -> Rulebook``: the rulebook that applies to dossiers filed on ``day``.
- ``RulebookError``: a bad file; ``.problems`` lists every problem found, each naming the file.

Each rulebook lives in ``rulebooks/<code>/``: ``rulebook.yaml`` (legal source, bands, levels;
hand-written), optional ``appendix-i.yaml`` (groups and product sets) and ``sheets/set-NN.yaml``
(one scoring sheet per product set).  For ``qd-26-2026`` the last two are generated from the
official text by ``rulebooks/extract_qd26.py``; see ``README.md`` for the format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

RULEBOOK_DIR = Path(__file__).resolve().parent / "rulebooks"
PART_CODES = ("A", "B", "C")
STAR_LEVELS_WITH_MINIMUMS = (3, 4, 5)

try:  # the C loader is 10× faster on the 26 sheets; fall back when libyaml is missing
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[attr-defined]
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader


class RulebookError(ValueError):
    """A rulebook file is missing or malformed; ``problems`` lists every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class Option:
    text: str
    points: Decimal | None  # None: printed without points (counts as an unticked box, 0)
    minimum_for_stars: int | None = None  # 3, 4 or 5 when printed with ***, ****, *****
    case: str | None = None  # tourism sheet: "a"/"b" alternative cases
    implied: bool = False  # not printed; added because the sheet prints a score but no options


@dataclass(frozen=True)
class Criterion:
    """A scored line of a sheet (a leaf: it has options)."""

    code: str
    title: str
    max: Decimal
    part: str
    options: tuple[Option, ...]
    notes: tuple[str, ...] = ()
    description: str = ""

    @property
    def offered_points(self) -> frozenset[Decimal]:
        return frozenset(o.points for o in self.options if o.points is not None)

    @property
    def minimums(self) -> dict[int, Decimal]:
        """Star level → the points this criterion must reach for it, as printed (*** → 3)."""
        found: dict[int, Decimal] = {}
        for option in self.options:
            if option.minimum_for_stars is None or option.points is None:
                continue
            level = option.minimum_for_stars
            found[level] = min(found.get(level, option.points), option.points)
        return found


@dataclass(frozen=True)
class Heading:
    """A numbered group of criteria ("1. TỔ CHỨC SẢN XUẤT", "6.1. Ngoại hình")."""

    code: str
    title: str
    max: Decimal
    children: tuple[Heading | Criterion, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Part:
    code: str
    title: str
    max: Decimal
    items: tuple[Heading | Criterion, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sheet:
    set_number: int
    title: str
    parts: tuple[Part, ...]
    rejected_when: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    heading_as_printed: str = ""
    classification_as_printed: str = ""

    @property
    def criteria(self) -> tuple[Criterion, ...]:
        """Every scored criterion, in printed order."""
        return tuple(c for part in self.parts for c in _leaves(part.items))

    def criterion(self, code: str) -> Criterion:
        for criterion in self.criteria:
            if criterion.code == code:
                return criterion
        raise KeyError(code)

    @property
    def max_total(self) -> Decimal:
        return sum((p.max for p in self.parts), Decimal(0))

    @property
    def rejection_conditions(self) -> tuple[str, ...]:
        """ "Hồ sơ bị loại khi" lines plus criteria notes saying "Bị loại nếu …"."""
        extra = tuple(
            f"{c.code}: {note}"
            for c in self.criteria
            for note in c.notes
            if "bị loại nếu" in note.lower()
        )
        return self.rejected_when + extra


@dataclass(frozen=True)
class StarBand:
    stars: int
    low: Decimal  # included
    below: Decimal | None  # excluded; None for the top band (up to the total maximum)
    article: str = ""


@dataclass(frozen=True)
class CertifyingLevel:
    stars: frozenset[int]
    level: str  # "district", "province", "ministry"
    authority: str
    valid_from: dt.date | None
    valid_until: dt.date | None


@dataclass(frozen=True)
class ProductSet:
    number: int
    name: str
    group_code: str
    group_name: str
    nhom: str
    lead_ministry: str


@dataclass(frozen=True)
class Rulebook:
    code: str
    title: str
    status: str
    legal_source: dict[str, Any]
    applies_from: dt.date
    applies_until: dt.date | None
    part_maxima: dict[str, Decimal]
    total_max: Decimal
    star_bands: tuple[StarBand, ...]
    certified_from_stars: int
    certifying_levels: tuple[CertifyingLevel, ...]
    certificate_validity_months: int
    unticked_scores_zero: bool
    minimums_status: str
    product_sets: dict[int, ProductSet] = field(default_factory=dict)
    sheets: dict[int, Sheet] = field(default_factory=dict)
    groups: tuple[dict[str, Any], ...] = ()
    raw: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def sheet(self, set_number: int) -> Sheet:
        try:
            return self.sheets[set_number]
        except KeyError:
            known = ", ".join(map(str, sorted(self.sheets))) or "không có phiếu nào"
            raise KeyError(
                f"Bộ tiêu chí {self.code} không có phiếu cho bộ sản phẩm {set_number} ({known})"
            ) from None

    def applies_on(self, day: dt.date) -> bool:
        return self.applies_from <= day and (
            self.applies_until is None or day <= self.applies_until
        )


def _leaves(items: tuple[Heading | Criterion, ...]) -> Iterator[Criterion]:
    for item in items:
        if isinstance(item, Criterion):
            yield item
        else:
            yield from _leaves(item.children)


# -- loading ------------------------------------------------------------------------------


def list_rulebooks() -> list[Rulebook]:
    """Every rulebook under ``rulebooks/``, newest ``applies_from`` first."""
    codes = sorted(p.parent.name for p in RULEBOOK_DIR.glob("*/rulebook.yaml"))
    return sorted((load_rulebook(c) for c in codes), key=lambda r: r.applies_from, reverse=True)


def in_force(day: dt.date) -> Rulebook:
    """The rulebook for dossiers filed on ``day`` (Điều 12 of 26/2026 keeps older ones for
    dossiers filed before 22/05/2026)."""
    for rulebook in list_rulebooks():
        if rulebook.applies_on(day):
            return rulebook
    raise LookupError(f"Không có bộ tiêu chí OCOP nào áp dụng cho ngày {day.isoformat()}")


def load_rulebook(code: str) -> Rulebook:
    """Load and validate one rulebook; raises ``RulebookError`` listing every problem."""
    return _load_rulebook_from(RULEBOOK_DIR, code)


@lru_cache(maxsize=16)
def _load_rulebook_from(base: Path, code: str) -> Rulebook:
    folder = base / code
    main = folder / "rulebook.yaml"
    if not main.is_file():
        known = ", ".join(sorted(p.parent.name for p in base.glob("*/rulebook.yaml")))
        raise RulebookError([f"{code}: không có bộ tiêu chí này (có: {known})"])
    problems: list[str] = []
    data = _read_yaml(main, problems)
    if not isinstance(data, dict):
        raise RulebookError(problems or [f"{main}: phải là một ánh xạ YAML"])
    checker = _Checker(str(main), problems)
    rulebook_code = checker.text(data, "code")
    if rulebook_code and rulebook_code != code:
        problems.append(f"{main}: code {rulebook_code!r} khác tên thư mục {code!r}")
    bands = _read_bands(checker, data)
    parts = checker.list(data, "parts")
    part_maxima = {
        checker.text(p, "code"): checker.decimal(p, "max") for p in parts if isinstance(p, dict)
    }
    total_max = checker.decimal(data, "total_max")
    if sum(part_maxima.values(), Decimal(0)) != total_max:
        problems.append(f"{main}: parts sum to {sum(part_maxima.values())}, not {total_max}")
    minimums = data.get("minimums") or {}
    product_sets, groups = _read_appendix_i(folder / "appendix-i.yaml", problems)
    sheets = _read_sheets(folder / "sheets", part_maxima, total_max, problems)
    if problems:
        raise RulebookError(problems)
    return Rulebook(
        code=code,
        title=str(data.get("title", "")),
        status=str(data.get("status", "")),
        legal_source=dict(data.get("legal_source") or {}),
        applies_from=checker.date(data, "applies_from") or dt.date.min,
        applies_until=checker.date(data, "applies_until", required=False),
        part_maxima=part_maxima,
        total_max=total_max,
        star_bands=bands,
        certified_from_stars=int(data.get("certified_from_stars", 3)),
        certifying_levels=_read_levels(checker, data),
        certificate_validity_months=int(data.get("certificate_validity_months", 36)),
        unticked_scores_zero=bool(data.get("unticked_scores_zero", False)),
        minimums_status=str(minimums.get("status", "unknown")),
        product_sets=product_sets,
        sheets=sheets,
        groups=tuple(groups),
        raw=data,
    )


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.load(handle, Loader=_Loader)  # noqa: S506 - SafeLoader subclass
    except yaml.YAMLError as error:
        problems.append(f"{path}: YAML không hợp lệ: {error}")
    except OSError as error:
        problems.append(f"{path}: không đọc được: {error}")
    return None


@dataclass
class _Checker:
    """Typed field access that records a problem instead of failing on the first one."""

    where: str
    problems: list[str]

    def text(self, data: Any, key: str) -> str:
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, str) or not value.strip():
            self.problems.append(f"{self.where}: thiếu '{key}' (chuỗi)")
            return ""
        return value

    def decimal(self, data: Any, key: str, *, required: bool = True) -> Decimal:
        value = data.get(key) if isinstance(data, dict) else None
        if value is None and not required:
            return Decimal(0)
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.problems.append(f"{self.where}: '{key}' phải là số, có {value!r}")
            return Decimal(0)
        try:
            return Decimal(str(value))
        except ArithmeticError:
            self.problems.append(f"{self.where}: '{key}' phải là số, có {value!r}")
            return Decimal(0)

    def optional_decimal(self, data: dict[str, Any], key: str) -> Decimal | None:
        return None if data.get(key) is None else self.decimal(data, key)

    def date(self, data: Any, key: str, *, required: bool = True) -> dt.date | None:
        value = data.get(key) if isinstance(data, dict) else None
        if value is None and not required:
            return None
        if isinstance(value, dt.date):
            return value
        self.problems.append(f"{self.where}: '{key}' phải là ngày YYYY-MM-DD, có {value!r}")
        return None

    def list(self, data: Any, key: str) -> list[Any]:
        value = data.get(key) if isinstance(data, dict) else None
        if not isinstance(value, list) or not value:
            self.problems.append(f"{self.where}: thiếu danh sách '{key}'")
            return []
        return value


def _read_bands(checker: _Checker, data: dict[str, Any]) -> tuple[StarBand, ...]:
    bands = []
    for entry in checker.list(data, "star_bands"):
        if not isinstance(entry, dict):
            checker.problems.append(f"{checker.where}: star_bands: mỗi dòng phải là ánh xạ")
            continue
        bands.append(
            StarBand(
                stars=int(entry.get("stars", 0)),
                low=checker.decimal(entry, "from"),
                below=checker.optional_decimal(entry, "below"),
                article=str(entry.get("article", "")),
            )
        )
    ordered = sorted(bands, key=lambda b: b.low)
    if ordered and ordered[0].low != 0:
        checker.problems.append(f"{checker.where}: star_bands must start at 0")
    for lower, upper in zip(ordered, ordered[1:], strict=False):
        if lower.below != upper.low:
            checker.problems.append(
                f"{checker.where}: star_bands: band {lower.stars}★ ends at {lower.below}, "
                f"next band {upper.stars}★ starts at {upper.low}"
            )
    if ordered and ordered[-1].below is not None:
        checker.problems.append(f"{checker.where}: the top star band must have below: null")
    return tuple(sorted(bands, key=lambda b: b.stars, reverse=True))


def _read_levels(checker: _Checker, data: dict[str, Any]) -> tuple[CertifyingLevel, ...]:
    levels = []
    for entry in checker.list(data, "certifying_levels"):
        if not isinstance(entry, dict):
            checker.problems.append(f"{checker.where}: certifying_levels: mỗi dòng phải là ánh xạ")
            continue
        levels.append(
            CertifyingLevel(
                stars=frozenset(int(s) for s in entry.get("stars", [])),
                level=str(entry.get("level", "")),
                authority=str(entry.get("authority", "")),
                valid_from=checker.date(entry, "from", required=False),
                valid_until=checker.date(entry, "until", required=False),
            )
        )
    return tuple(levels)


def _read_appendix_i(
    path: Path, problems: list[str]
) -> tuple[dict[int, ProductSet], list[dict[str, Any]]]:
    if not path.is_file():
        return {}, []
    data = _read_yaml(path, problems)
    groups = data.get("groups") if isinstance(data, dict) else None
    if not isinstance(groups, list):
        problems.append(f"{path}: thiếu danh sách 'groups'")
        return {}, []
    sets: dict[int, ProductSet] = {}
    for group in groups:
        for nhom in group.get("nhom", []):
            leaves = nhom.get("phan_nhom") or [nhom]
            for leaf in leaves:
                number = leaf.get("set")
                if not isinstance(number, int):
                    problems.append(f"{path}: {group.get('code')}.{nhom.get('code')}: thiếu 'set'")
                    continue
                if number in sets:
                    problems.append(f"{path}: bộ sản phẩm {number} xuất hiện hai lần")
                sets[number] = ProductSet(
                    number=number,
                    name=str(leaf.get("name", "")),
                    group_code=str(group.get("code", "")),
                    group_name=str(group.get("name", "")),
                    nhom=str(nhom.get("name", "")),
                    lead_ministry=str(leaf.get("lead_ministry", "")),
                )
    return dict(sorted(sets.items())), groups


def _read_sheets(
    folder: Path, part_maxima: dict[str, Decimal], total_max: Decimal, problems: list[str]
) -> dict[int, Sheet]:
    sheets: dict[int, Sheet] = {}
    for path in sorted(folder.glob("set-*.yaml")):
        data = _read_yaml(path, problems)
        if data is None:
            continue
        sheet = _read_sheet(path, data, problems)
        if sheet is None:
            continue
        if sheet.set_number in sheets:
            problems.append(f"{path}: bộ sản phẩm {sheet.set_number} đã có ở một tệp khác")
        _check_sheet(path, sheet, part_maxima, total_max, problems)
        sheets[sheet.set_number] = sheet
    return sheets


def _read_sheet(path: Path, data: Any, problems: list[str]) -> Sheet | None:
    checker = _Checker(str(path), problems)
    if not isinstance(data, dict) or not isinstance(data.get("set"), int):
        problems.append(f"{path}: thiếu 'set' (số bộ sản phẩm)")
        return None
    parts = []
    for part in checker.list(data, "parts"):
        if not isinstance(part, dict):
            problems.append(f"{path}: mỗi phần phải là một ánh xạ, có {part!r}")
            continue
        where = _Checker(f"{path}: phần {part.get('code')}", problems)
        code = where.text(part, "code")
        nodes = [_read_node(path, code, n, problems) for n in where.list(part, "criteria")]
        parts.append(
            Part(
                code=code,
                title=str(part.get("title", "")),
                max=where.decimal(part, "max"),
                items=tuple(n for n in nodes if n is not None),
                notes=tuple(part.get("notes") or ()),
            )
        )
    return Sheet(
        set_number=data["set"],
        title=checker.text(data, "title"),
        parts=tuple(parts),
        rejected_when=tuple(data.get("rejected_when") or ()),
        notes=tuple(data.get("notes") or ()),
        heading_as_printed=str(data.get("heading_as_printed", "")),
        classification_as_printed=str(data.get("classification_as_printed", "")),
    )


def _read_node(path: Path, part: str, node: Any, problems: list[str]) -> Heading | Criterion | None:
    if not isinstance(node, dict):
        problems.append(f"{path}: phần {part}: mỗi tiêu chí phải là một ánh xạ, có {node!r}")
        return None
    checker = _Checker(f"{path}: tiêu chí {node.get('code')}", problems)
    code = checker.text(node, "code")
    maximum = checker.decimal(node, "max")
    notes = tuple(node.get("notes") or ())
    if "criteria" in node:
        nodes = [
            _read_node(path, part, child, problems) for child in checker.list(node, "criteria")
        ]
        children = tuple(n for n in nodes if n is not None)
        return Heading(code, str(node.get("title", "")), maximum, children, notes)
    options = []
    for raw in checker.list(node, "options"):
        if not isinstance(raw, dict):
            problems.append(f"{checker.where}: mỗi lựa chọn phải là một ánh xạ, có {raw!r}")
            continue
        mark = raw.get("minimum_for_stars")
        if mark is not None and mark not in STAR_LEVELS_WITH_MINIMUMS:
            problems.append(f"{checker.where}: minimum_for_stars phải là 3, 4 hoặc 5, có {mark!r}")
        options.append(
            Option(
                text=str(raw.get("text", "")),
                points=checker.optional_decimal(raw, "points"),
                minimum_for_stars=mark,
                case=raw.get("case"),
                implied=bool(raw.get("implied", False)),
            )
        )
    return Criterion(
        code=code,
        title=str(node.get("title", "")),
        max=maximum,
        part=part,
        options=tuple(options),
        notes=notes,
        description=str(node.get("description", "")),
    )


def _check_sheet(
    path: Path,
    sheet: Sheet,
    part_maxima: dict[str, Decimal],
    total_max: Decimal,
    problems: list[str],
) -> None:
    """The arithmetic every official sheet satisfies: parts 40/25/35, headings = sum of children,
    each criterion's maximum = its best option; codes unique."""
    codes = [p.code for p in sheet.parts]
    if codes != list(part_maxima):
        problems.append(f"{path}: các phần {codes}, cần {list(part_maxima)}")
    for part in sheet.parts:
        expected = part_maxima.get(part.code)
        if part.max != expected:
            problems.append(f"{path}: phần {part.code} tối đa {part.max}, cần {expected}")
        items_sum = sum((i.max for i in part.items), Decimal(0))
        if items_sum != part.max:
            problems.append(f"{path}: phần {part.code}: các tiêu chí cộng {items_sum} ≠ {part.max}")
        _check_headings(path, part.items, problems)
    if sheet.max_total != total_max:
        problems.append(f"{path}: tổng {sheet.max_total} ≠ {total_max}")
    seen: set[str] = set()
    for criterion in sheet.criteria:
        if criterion.code in seen:
            problems.append(f"{path}: mã tiêu chí {criterion.code} lặp lại")
        seen.add(criterion.code)
        best = max(criterion.offered_points, default=None)
        if best != criterion.max:
            problems.append(
                f"{path}: tiêu chí {criterion.code}: tối đa {criterion.max} nhưng lựa chọn cao "
                f"nhất {best}"
            )


def _check_headings(
    path: Path, items: tuple[Heading | Criterion, ...], problems: list[str]
) -> None:
    for item in items:
        if isinstance(item, Heading):
            total = sum((c.max for c in item.children), Decimal(0))
            if total != item.max:
                problems.append(
                    f"{path}: tiêu chí {item.code}: các mục con cộng {total} ≠ {item.max}"
                )
            _check_headings(path, item.children, problems)
