"""Read the command line's INPUT file (.csv or .xlsx) into `Commune` values.

Public API:
    read_communes(path) -> ParsedInput   (raises InputError listing every problem)
    parse_rows(header, rows) -> ParsedInput

The header is `commune_code,parent_code,criteria_met,recognised,flags`, with an optional
`dbkk_villages` column. `recognised` is true/false (also 1/0, yes/no, có/không);
`flags` is `;`-separated from: dbkk, atk, border, island, special_zone, region1|region2|region3
(at most one region). An empty `criteria_met` means "not known" and is refused later only by a
rule that needs it. Every problem is reported with its row (as numbered in the spreadsheet,
header = row 1) and its column; nothing is read if any problem is found. A CSV file may use
"," or ";" between columns (the header line decides).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .units import KNOWN_FLAGS, REGION_FLAGS, Commune

Report = Callable[[str, str], None]  # (column, message) for the current row

REQUIRED_COLUMNS = ("commune_code", "parent_code", "criteria_met", "recognised", "flags")
OPTIONAL_COLUMNS = ("dbkk_villages",)
TRUE_WORDS = {"true", "1", "yes", "có", "co", "x"}
FALSE_WORDS = {"false", "0", "no", "không", "khong"}


@dataclass(frozen=True)
class InputProblem:
    row: int | None  # spreadsheet row; None for file-level problems
    column: str | None
    message: str

    def __str__(self) -> str:
        where = []
        if self.row is not None:
            where.append(f"dòng {self.row}")
        if self.column is not None:
            where.append(f"cột {self.column}")
        return f"{', '.join(where)}: {self.message}" if where else self.message


class InputError(ValueError):
    def __init__(self, source: str, problems: list[InputProblem]) -> None:
        lines = [f"{source}: {problem}" if source else str(problem) for problem in problems]
        super().__init__("\n".join(lines))
        self.source = source
        self.problems = problems


@dataclass(frozen=True)
class ParsedInput:
    communes: tuple[Commune, ...]
    rows: dict[str, int]  # commune code → spreadsheet row, to point errors back at the file


def read_communes(path: str | Path) -> ParsedInput:
    path = Path(path)
    suffix = path.suffix.lower()
    if not path.exists():
        raise InputError(str(path), [InputProblem(None, None, "không tìm thấy tệp")])
    if suffix == ".csv":
        table = _read_csv(path)
    elif suffix in {".xlsx", ".xlsm", ".xls", ".ods"}:
        table = _read_spreadsheet(path)
    else:
        problem = InputProblem(None, None, "chỉ nhận tệp .csv hoặc .xlsx")
        raise InputError(str(path), [problem])
    if not table:
        raise InputError(str(path), [InputProblem(None, None, "tệp trống, thiếu dòng tiêu đề")])
    try:
        return parse_rows(table[0], table[1:])
    except InputError as error:
        raise InputError(str(path), error.problems) from None


def _read_csv(path: Path) -> list[list[Any]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        text = handle.read()
    # Excel in locales whose decimal mark is a comma saves CSV with ";" between columns.
    header = text.split("\n", 1)[0]
    delimiter = ";" if ";" in header and "," not in header else ","
    return [row for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]


def _read_spreadsheet(path: Path) -> list[list[Any]]:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_path(str(path))
        return [list(row) for row in workbook.get_sheet_by_index(0).to_python()]
    except Exception as error:  # calamine raises several error types for unreadable files
        problem = InputProblem(None, None, f"không đọc được bảng tính: {error}")
        raise InputError(str(path), [problem]) from error


def parse_rows(header: Sequence[Any], rows: Sequence[Sequence[Any]]) -> ParsedInput:
    problems: list[InputProblem] = []
    names = [_cell_text(name).lower() for name in header]
    index = _column_index(names, problems)
    communes: list[Commune] = []
    row_of: dict[str, int] = {}
    for offset, row in enumerate(rows):
        row_number = offset + 2
        if all(_cell_text(cell) == "" for cell in row):
            continue
        if index is None:
            continue
        commune = _parse_row(row, row_number, index, problems, row_of)
        if commune is not None:
            communes.append(commune)
    if index is not None and not row_of and not problems:
        problems.append(InputProblem(None, None, "tệp không có dòng dữ liệu nào"))
    if problems:
        raise InputError("", problems)
    return ParsedInput(tuple(communes), row_of)


def _column_index(names: list[str], problems: list[InputProblem]) -> dict[str, int] | None:
    found = True
    for name in REQUIRED_COLUMNS:
        if name not in names:
            problems.append(InputProblem(1, name, "thiếu cột bắt buộc"))
            found = False
    for position, name in enumerate(names):
        if name and name not in REQUIRED_COLUMNS and name not in OPTIONAL_COLUMNS:
            allowed = ", ".join((*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS))
            problems.append(InputProblem(1, name, f"cột không được hỗ trợ (dùng: {allowed})"))
        if name and names.index(name) != position:
            problems.append(InputProblem(1, name, "cột bị lặp lại"))
    if not found:
        return None
    return {
        name: names.index(name) for name in (*REQUIRED_COLUMNS, *OPTIONAL_COLUMNS) if name in names
    }


def _parse_row(
    row: Sequence[Any],
    row_number: int,
    index: dict[str, int],
    problems: list[InputProblem],
    row_of: dict[str, int],
) -> Commune | None:
    def cell(column: str) -> Any:
        position = index.get(column)
        return row[position] if position is not None and position < len(row) else None

    before = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append(InputProblem(row_number, column, message))

    code = _code_text(cell("commune_code"))
    if not code:
        problem("commune_code", "thiếu mã xã")
    elif code in row_of:
        problem("commune_code", f"xã {code} bị lặp lại (đã có ở dòng {row_of[code]})")
    parent = _code_text(cell("parent_code"))
    if not parent:
        problem("parent_code", "thiếu mã đơn vị cấp trên")
    criteria_met = _count(cell("criteria_met"), "criteria_met", "số tiêu chí", problem)
    recognised = _boolean(cell("recognised"), problem)
    flags = _flags(cell("flags"), problem)
    villages = _count(cell("dbkk_villages"), "dbkk_villages", "số thôn ĐBKK", problem)
    if code and code not in row_of:
        row_of[code] = row_number
    if len(problems) > before or recognised is None:
        return None
    return Commune(
        code=code,
        parent_code=parent,
        criteria_met=criteria_met,
        recognised=recognised,
        flags=flags,
        dbkk_villages=villages or 0,
    )


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip().lstrip("\ufeff")


def _code_text(value: Any) -> str:
    # Spreadsheets often store codes as numbers (25.0); leading zeros are lost there,
    # which is why docs/funding.md asks for code columns formatted as text.
    return _cell_text(value)


def _count(value: Any, column: str, what: str, problem: Report) -> int | None:
    text = _cell_text(value)
    if text == "":
        return None
    if isinstance(value, bool):
        problem(column, f"{what} phải là số nguyên, không phải '{text}'")
        return None
    try:
        number = int(text)
    except ValueError:
        problem(column, f"{what} phải là số nguyên, không phải '{text}'")
        return None
    if number < 0:
        problem(column, f"{what} không được âm ('{text}')")
        return None
    return number


def _boolean(value: Any, problem: Report) -> bool | None:
    if isinstance(value, bool):
        return value
    text = _cell_text(value).lower()
    if text in TRUE_WORDS:
        return True
    if text in FALSE_WORDS:
        return False
    shown = text or "(trống)"
    problem("recognised", f"phải là true hoặc false, không phải '{shown}'")
    return None


def _flags(value: Any, problem: Report) -> frozenset[str]:
    words = [word.strip().lower() for word in _cell_text(value).split(";")]
    words = [word for word in words if word]
    for word in words:
        if word not in KNOWN_FLAGS:
            allowed = ", ".join(sorted(KNOWN_FLAGS))
            problem("flags", f"dấu hiệu '{word}' không tồn tại (dùng: {allowed})")
    regions = sorted(REGION_FLAGS.intersection(words))
    if len(regions) > 1:
        problem("flags", f"một xã chỉ thuộc một khu vực, nhưng có {', '.join(regions)}")
    return frozenset(word for word in words if word in KNOWN_FLAGS)
