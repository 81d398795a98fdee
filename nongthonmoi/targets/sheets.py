"""Reading officers' Excel lists (pure, no Django): headers by name, every error by row and column.

All-or-nothing: callers write nothing when `errors` is not empty.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from python_calamine import CalamineWorkbook

from nongthonmoi.core.text import fold


class SheetError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Column:
    key: str
    header: str  # Vietnamese header as printed on the template
    required: bool = True
    parse: Callable[[Any], Any] = str
    aliases: tuple[str, ...] = ()


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def text(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def decimal(raw: Any) -> Decimal:
    if isinstance(raw, (int, float)):
        return Decimal(str(raw))
    cleaned = str(raw).strip().replace(" ", "")
    if "," in cleaned and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")  # Vietnamese decimal comma
    try:
        return Decimal(cleaned)
    except InvalidOperation as exc:
        raise ValueError(f"“{raw}” không phải là số") from exc


def whole_number_between(raw: Any, low: int, high: int) -> int:
    value = decimal(raw)
    if value != value.to_integral_value() or not low <= value <= high:
        raise ValueError(f"“{sheets_text(raw)}” không phải là năm hợp lệ ({low}–{high})")
    return int(value)


def sheets_text(raw: Any) -> str:
    return text(raw)


def year(raw: Any) -> int:
    """A reporting year."""
    return whole_number_between(raw, 2000, 2100)


def birth_year(raw: Any) -> int:
    return whole_number_between(raw, 1900, 2100)


def date(raw: Any) -> dt.date:
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(str(raw).strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError(f"“{raw}” không phải là ngày (dd/mm/yyyy)")


def _blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


@dataclass(frozen=True)
class ParsedSheet:
    rows: list[tuple[int, dict[str, Any]]]  # (Excel row number, {key: parsed value})
    columns: list[Column]
    positions: dict[str, int]

    def cell(self, number: int, key: str) -> str:
        """'Dòng 5, cột B (Mã xã)' for problems found after parsing (e.g. an unknown code)."""
        header = next(c.header for c in self.columns if c.key == key)
        letter = column_letter(self.positions[key]) if key in self.positions else "?"
        return f"Dòng {number}, cột {letter} ({header})"


def read_sheet(data: bytes, columns: list[Column]) -> ParsedSheet:
    """Every row parsed; raises SheetError listing every problem with its row and column."""
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several types for a non-Excel file
        raise SheetError([f"Không đọc được tệp Excel (.xlsx): {exc}"]) from exc
    if not rows:
        raise SheetError(["Tệp Excel không có dữ liệu"])
    header = [fold(text(h)) for h in rows[0]]
    positions: dict[str, int] = {}
    problems: list[str] = []
    for column in columns:
        names = {fold(column.header), *(fold(a) for a in column.aliases)}
        found = next((i for i, h in enumerate(header) if h in names), None)
        if found is None:
            if column.required:
                problems.append(f"Dòng 1: thiếu cột “{column.header}”")
            continue
        positions[column.key] = found
    if problems:
        raise SheetError(problems)
    result: list[tuple[int, dict[str, Any]]] = []
    for number, row in enumerate(rows[1:], start=2):
        if all(_blank(cell) for cell in row):
            continue
        parsed: dict[str, Any] = {}
        for column in columns:
            if column.key not in positions:
                parsed[column.key] = None
                continue
            index = positions[column.key]
            raw = row[index] if index < len(row) else None
            where = f"Dòng {number}, cột {column_letter(index)} ({column.header})"
            if _blank(raw):
                if column.required:
                    problems.append(f"{where}: bắt buộc nhập")
                parsed[column.key] = None
                continue
            try:
                parsed[column.key] = column.parse(raw)
            except ValueError as exc:
                problems.append(f"{where}: {exc}")
        result.append((number, parsed))
    if problems:
        raise SheetError(problems)
    if not result:
        raise SheetError(["Tệp Excel không có dòng dữ liệu nào"])
    return ParsedSheet(result, columns, positions)
