"""Read indicator values in long format (.csv or .xlsx) for batch evaluation.

One row per value, header ``commune_code,commune_name,group,region,flags,indicator,value``:

* ``group`` – 1/2/3, needed for sets keyed by commune group (2026–2030);
* ``region`` – TDMNPB DBSH BTB DHNTB TN DNB DBSCL (Đ allowed), needed for 2021–2025 sets;
* ``flags`` – ``;``-separated, e.g. ``dbkk;atk`` (may be empty);
* ``value`` – a number with dot or comma decimal (``%`` allowed for rates) or
  Đạt / Không đạt (also dat / khong dat, yes / no, 1 / 0). An empty value means "no data".

``parse_input(path, resolved)`` returns one ``UnitInput`` per commune or raises ``InputError``
listing every problem with its row and column; nothing is half-read.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

from nongthonmoi.criteria.engine import UnitInput, UnitProfile
from nongthonmoi.criteria.loader import ResolvedSet
from nongthonmoi.criteria.schema import REGION_CODES
from nongthonmoi.criteria.values import Value, fold, parse_value

COLUMNS: tuple[str, ...] = (
    "commune_code",
    "commune_name",
    "group",
    "region",
    "flags",
    "indicator",
    "value",
)
Where = Callable[[str], str]
_GROUP = re.compile(r"^(nhom\s*)?([123])(\.0+)?$")


@dataclass(frozen=True, slots=True)
class InputProblem:
    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"dòng {self.row}" if self.row else "tệp"
        if self.column:
            where += f", cột {self.column}"
        return f"{where}: {self.message}"


class InputError(ValueError):
    def __init__(self, source: str, problems: list[InputProblem]) -> None:
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} lỗi\n{lines}")


def read_table(path: Path) -> list[list[object]]:
    """All rows of the first sheet (.xlsx) or of a CSV file (, ; or tab separated)."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods"):
        sheet = CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0)
        return [list(row) for row in sheet.to_python(skip_empty_area=False)]
    if suffix in (".csv", ".txt"):
        text = path.read_text(encoding="utf-8-sig")
        first = text.split("\n", 1)[0]
        delimiter = ","
        if "\t" in first:
            delimiter = "\t"
        elif ";" in first and "," not in first:
            delimiter = ";"
        return [list(row) for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    raise InputError(str(path), [InputProblem(0, None, f"định dạng '{suffix}' không hỗ trợ")])


def parse_input(path: Path, resolved: ResolvedSet) -> list[UnitInput]:
    try:
        table = read_table(path)
    except InputError:
        raise
    except (OSError, UnicodeDecodeError, csv.Error, ValueError) as exc:
        raise InputError(str(path), [InputProblem(0, None, f"không đọc được tệp: {exc}")]) from exc
    return parse_table(table, resolved, str(path))


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


@dataclass
class _Commune:
    first_row: int
    name: str
    group: str | None
    region: str | None
    flags: frozenset[str]
    values: dict[str, Value]
    rows: dict[str, int]


def parse_table(
    table: Sequence[Sequence[object]], resolved: ResolvedSet, source: str
) -> list[UnitInput]:
    problems: list[InputProblem] = []
    if not table:
        raise InputError(source, [InputProblem(0, None, "tệp rỗng, thiếu dòng tiêu đề")])
    header = [fold(_text(cell)).replace(" ", "_") for cell in table[0]]
    position = {name: i for i, name in enumerate(header) if name}
    dimension = resolved.definition.dimension
    required = ["commune_code", "indicator", "value"]
    if dimension == "group":
        required.append("group")
    if dimension == "region":
        required.append("region")
    for name in required:
        if name not in position:
            problems.append(
                InputProblem(1, None, f"thiếu cột '{name}' (tiêu đề: {','.join(COLUMNS)})")
            )
    if problems:
        raise InputError(source, problems)

    def where(name: str) -> str:
        return f"{_column_letter(position[name])} ({name})"

    def cell(row: Sequence[object], name: str) -> object:
        index = position.get(name)
        return row[index] if index is not None and index < len(row) else None

    indicators = {i.code: i for _, i in resolved.definition.indicators()}
    communes: dict[str, _Commune] = {}
    for number, row in enumerate(table[1:], start=2):
        if all(_text(c) == "" for c in row):
            continue
        code = _text(cell(row, "commune_code"))
        if not code:
            problems.append(InputProblem(number, where("commune_code"), "thiếu mã xã"))
            continue
        group = _parse_group(_text(cell(row, "group")), dimension, number, where, problems)
        region = _parse_region(_text(cell(row, "region")), dimension, number, where, problems)
        flags = frozenset(
            fold(f).replace(" ", "-")
            for f in re.split(r"[;,]", _text(cell(row, "flags")))
            if f.strip()
        )
        name = _text(cell(row, "commune_name"))
        commune = communes.get(code)
        if commune is None:
            commune = communes[code] = _Commune(number, name, group, region, flags, {}, {})
        else:
            _check_same(
                commune, name, group, region, flags, code, number, where, position, problems
            )

        indicator_code = _text(cell(row, "indicator"))
        indicator = indicators.get(indicator_code)
        if indicator is None:
            problems.append(
                InputProblem(
                    number,
                    where("indicator"),
                    f"chỉ tiêu '{indicator_code}' không có trong bộ {resolved.code}",
                )
            )
            continue
        if indicator_code in commune.rows:
            problems.append(
                InputProblem(
                    number,
                    where("indicator"),
                    f"xã {code}: chỉ tiêu {indicator_code} đã có ở dòng "
                    f"{commune.rows[indicator_code]}",
                )
            )
            continue
        commune.rows[indicator_code] = number
        raw = cell(row, "value")
        if _text(raw) == "":
            continue  # an empty value is "no data", not an error
        try:
            commune.values[indicator_code] = parse_value(
                raw if not isinstance(raw, str) else raw.strip(), indicator.kind, indicator.choices
            )
        except ValueError as exc:
            problems.append(
                InputProblem(number, where("value"), f"chỉ tiêu {indicator_code}: {exc}")
            )
    if problems:
        raise InputError(source, problems)
    return [
        UnitInput(UnitProfile(code, c.name, c.group, c.region, c.flags), c.values)
        for code, c in communes.items()
    ]


def _parse_group(
    text: str, dimension: str, row: int, where: Where, problems: list[InputProblem]
) -> str | None:
    if dimension != "group" and not text:
        return None
    match = _GROUP.match(fold(text))
    if match:
        return match.group(2)
    if dimension == "group" or text:
        problems.append(
            InputProblem(row, where("group"), f"nhóm xã '{text}' không hợp lệ (cần 1, 2 hoặc 3)")
        )
    return None


def _parse_region(
    text: str, dimension: str, row: int, where: Where, problems: list[InputProblem]
) -> str | None:
    if dimension != "region" and not text:
        return None
    code = re.sub(r"[^A-Z]", "", fold(text).upper())
    if code in REGION_CODES:
        return code
    if dimension == "region" or text:
        problems.append(
            InputProblem(
                row,
                where("region"),
                f"vùng '{text}' không hợp lệ (cần một trong {' '.join(REGION_CODES)})",
            )
        )
    return None


def _check_same(
    commune: _Commune,
    name: str,
    group: str | None,
    region: str | None,
    flags: frozenset[str],
    code: str,
    row: int,
    where: Where,
    position: dict[str, int],
    problems: list[InputProblem],
) -> None:
    checks = [
        ("group", commune.group, group, "nhóm"),
        ("region", commune.region, region, "vùng"),
        ("commune_name", commune.name, name, "tên xã"),
    ]
    for column, first, now, label in checks:
        if column in position and now is not None and first != now:
            problems.append(
                InputProblem(
                    row,
                    where(column),
                    f"xã {code}: {label} '{now}' khác với dòng {commune.first_row} ('{first}')",
                )
            )
    if "flags" in position and flags != commune.flags:
        problems.append(
            InputProblem(
                row,
                where("flags"),
                f"xã {code}: cờ '{';'.join(sorted(flags))}' khác với dòng {commune.first_row} "
                f"('{';'.join(sorted(commune.flags))}')",
            )
        )
