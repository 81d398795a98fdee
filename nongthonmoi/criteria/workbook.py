"""The criteria workbook: a criteria set or a provincial overlay as an .xlsx an office can edit.

* ``export_set(definition, path)`` / ``import_set(path) -> CriteriaSet``
* ``export_overlay(overlay, path, base=None)`` / ``import_overlay(path) -> Overlay``
* ``write_results(path, resolved, results)`` – evaluation results for offices.

Sheets of a set workbook: "Bộ tiêu chí" (one row per field: legal source, validity, map…),
"Tiêu chí" (one row per criterion) and "Chỉ tiêu" (one row per indicator: criterion code and
name, indicator code and text, unit, kind, comparator, one column per threshold – e.g.
"Ngưỡng: nhóm 2", "Ngưỡng 2023: TDMNPB", "Ngưỡng [dbkk]: TDMNPB" – status, source, note).
In a threshold cell, an empty cell means "no such threshold" and "chưa rõ" means the official
value is unknown (null). Import is all-or-nothing: ``WorkbookError`` lists every bad cell as
``Sheet!B7: message``. Export then import gives back an identical set.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from pydantic import ValidationError
from python_calamine import CalamineWorkbook

from nongthonmoi.criteria.engine import NO_DATA, NO_THRESHOLD, UnitResult
from nongthonmoi.criteria.loader import ResolvedSet
from nongthonmoi.criteria.schema import (
    ALL_KEY,
    GROUP_CODES,
    ILLUSTRATIVE_LABEL,
    REGION_CODES,
    CriteriaSet,
    Indicator,
    Overlay,
    ThresholdValue,
    expand_errors,
)
from nongthonmoi.criteria.values import canonical_decimal, fold, parse_value

SHEET_SET = "Bộ tiêu chí"
SHEET_CRITERIA = "Tiêu chí"
SHEET_INDICATORS = "Chỉ tiêu"
UNKNOWN_CELL = "chưa rõ"
_HEADER_FILL = PatternFill("solid", fgColor="1F6F43")
_HEADER_FONT = Font(bold=True, color="FFFFFF")
_THRESHOLD_HEADER = re.compile(r"^Ngưỡng(?: (\d{4}))?(?: \[([^\]]+)\])?: (.+)$")
_LIST_FIELDS = {"source.references", "override.when_flags"}

Slot = tuple[int | None, str | None, str]  # (year, flag, key)


class WorkbookError(ValueError):
    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        lines = "\n".join(f"  {p}" for p in problems)
        super().__init__(f"{source}: {len(problems)} lỗi, không nhập gì\n{lines}")


# --- helpers ----------------------------------------------------------------------------------


def _style_header(sheet: Worksheet, widths: Sequence[int]) -> None:
    for index, cell in enumerate(sheet[1], start=1):
        cell.fill = _HEADER_FILL
        cell.font = _HEADER_FONT
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        width = widths[index - 1] if index - 1 < len(widths) else 14
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"


def _append(sheet: Worksheet, values: Sequence[object]) -> None:
    """Append a row; text starting with "=" (the comparator "==") stays text, not a formula."""
    sheet.append(list(values))
    for cell in sheet[sheet.max_row]:
        if isinstance(cell.value, str) and cell.value.startswith("="):
            cell.data_type = "s"
            cell.quotePrefix = True


def _key_label(key: str) -> str:
    if key == ALL_KEY:
        return "chung"
    return f"nhóm {key}" if key in GROUP_CODES else key


def _label_key(label: str) -> str | None:
    folded = fold(label)
    if folded == "chung":
        return ALL_KEY
    match = re.match(r"^nhom (\d)$", folded)
    if match:
        return match.group(1)
    code = label.strip().upper().replace("Đ", "D")
    return code if code in REGION_CODES else None


def _slot_header(slot: Slot) -> str:
    year, flag, key = slot
    return (
        "Ngưỡng"
        + (f" {year}" if year else "")
        + (f" [{flag}]" if flag else "")
        + f": {_key_label(key)}"
    )


def _slot_order(dimension_keys: Sequence[str]) -> Callable[[Slot], tuple[Any, ...]]:
    order = {key: i for i, key in enumerate(dimension_keys)}
    return lambda s: (s[0] or 0, s[1] or "", order.get(s[2], 99))


def _threshold_cell(value: ThresholdValue) -> object:
    if value is None:
        return UNKNOWN_CELL
    if isinstance(value, bool):
        return "Đạt" if value else "Không đạt"
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _slots_of(indicator: Indicator | Any) -> dict[Slot, ThresholdValue]:
    slots: dict[Slot, ThresholdValue] = {}
    for key, value in indicator.thresholds.items():
        slots[(None, None, key)] = value
    for year, mapping in indicator.thresholds_by_year.items():
        for key, value in mapping.items():
            slots[(year, None, key)] = value
    for flag, mapping in indicator.flag_thresholds.items():
        for key, value in mapping.items():
            slots[(None, flag, key)] = value
    return slots


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()


def _read_sheets(path: Path) -> dict[str, list[list[object]]]:
    try:
        book = CalamineWorkbook.from_path(str(path))
        return {
            name: [list(r) for r in book.get_sheet_by_name(name).to_python(skip_empty_area=False)]
            for name in book.sheet_names
        }
    except Exception as exc:  # calamine raises its own error types for unreadable files
        raise WorkbookError(str(path), [f"không đọc được tệp: {exc}"]) from exc


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows.extend(_flatten(value, f"{name}."))
        elif value is None and name in ("override", "decision"):
            continue
        else:
            rows.append((name, "\n".join(value) if isinstance(value, list) else value))
    return rows


def _write_fields(book: Workbook, kind: str, fields: Iterable[tuple[str, Any]]) -> None:
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET_SET
    _append(sheet, ["Trường", "Giá trị"])
    _append(sheet, ["loai", kind])
    for name, value in fields:
        _append(sheet, [name, "" if value is None else value])
    _style_header(sheet, [28, 100])


def _read_fields(
    sheets: dict[str, list[list[object]]], expected_kind: str, problems: list[str]
) -> tuple[dict[str, Any], dict[str, int]]:
    rows = sheets.get(SHEET_SET)
    if rows is None:
        problems.append(f"thiếu trang '{SHEET_SET}'")
        return {}, {}
    data: dict[str, Any] = {}
    lines: dict[str, int] = {}
    for number, row in enumerate(rows[1:], start=2):
        name = _text(row[0]) if row else ""
        if not name:
            continue
        value = _text(row[1]) if len(row) > 1 else ""
        if name == "loai":
            if value != expected_kind:
                problems.append(f"{SHEET_SET}!B{number}: loại '{value}', cần '{expected_kind}'")
            continue
        lines[name] = number
        parsed: Any = value if value != "" else None
        if name in _LIST_FIELDS:
            parsed = [part.strip() for part in value.split("\n") if part.strip()]
        target = data
        *parents, leaf = name.split(".")
        for parent in parents:
            target = target.setdefault(parent, {})
        target[leaf] = parsed
    return data, lines


def _validation_problems(
    errors: Iterable[tuple[tuple[Any, ...], str]], lines: dict[str, int], sheet: str
) -> list[str]:
    problems = []
    for location, message in errors:
        loc = ".".join(str(p) for p in location)
        row = next((lines[k] for k in sorted(lines, key=len, reverse=True) if loc.startswith(k)), 0)
        where = f"{sheet}!B{row}" if row else sheet
        problems.append(f"{where}: {loc}: {message}")
    return problems


# --- set export / import ----------------------------------------------------------------------

_INDICATOR_HEAD = [
    "Mã tiêu chí",
    "Tên tiêu chí",
    "Mã chỉ tiêu",
    "Nội dung chỉ tiêu",
    "Đơn vị",
    "Loại",
    "So sánh",
]
_INDICATOR_TAIL = [
    "Lựa chọn",
    "Bộ tham chiếu",
    "Danh từ đơn vị con",
    "Ngưỡng tính từ bộ",
    "Ngưỡng tính từ chỉ tiêu",
    "Hệ số",
    "Cách tổng hợp",
    "Trạng thái",
    "Nguồn",
    "Ghi chú",
    "Minh hoạ",
]
_CRITERIA_HEAD = [
    "Mã tiêu chí",
    "Tên tiêu chí",
    "Vai trò",
    "Nhóm",
    "Trạng thái",
    "Nguồn",
    "Ghi chú",
]


def export_set(definition: CriteriaSet | ResolvedSet, path: Path) -> None:
    if isinstance(definition, ResolvedSet):
        definition = definition.definition
    book = Workbook()
    meta = definition.model_dump(mode="json", exclude={"criteria"})
    _write_fields(book, "set", _flatten(meta))

    criteria_sheet = book.create_sheet(SHEET_CRITERIA)
    _append(criteria_sheet, _CRITERIA_HEAD)
    for c in definition.criteria:
        _append(criteria_sheet, [c.code, c.name, c.role, c.group, c.status, c.source, c.note])
    _style_header(criteria_sheet, [10, 40, 12, 30, 12, 40, 60])

    slots = sorted(
        {slot for _, i in definition.indicators() for slot in _slots_of(i)},
        key=_slot_order([ALL_KEY, *GROUP_CODES, *REGION_CODES]),
    )
    sheet = book.create_sheet(SHEET_INDICATORS)
    _append(sheet, [*_INDICATOR_HEAD, *(_slot_header(s) for s in slots), *_INDICATOR_TAIL])
    for criterion, i in definition.indicators():
        values = _slots_of(i)
        rule = i.threshold_from
        _append(
            sheet,
            [
                criterion.code,
                criterion.name,
                i.code,
                i.text,
                i.unit,
                i.kind,
                i.comparator,
                *(_threshold_cell(values[s]) if s in values else None for s in slots),
                "\n".join(i.choices) or None,
                i.of_set,
                i.child_noun,
                rule.set if rule else None,
                rule.indicator if rule else None,
                float(rule.factor) if rule else None,
                i.aggregation,
                i.status,
                i.source,
                i.note,
                "có" if i.illustrative else None,
            ],
        )
    widths = [
        10,
        30,
        10,
        60,
        12,
        12,
        8,
        *([12] * len(slots)),
        20,
        20,
        20,
        20,
        12,
        8,
        30,
        12,
        40,
        60,
    ]
    _style_header(sheet, widths)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.save(path)


def import_set(path: Path) -> CriteriaSet:
    """Read a set workbook; raise ``WorkbookError`` naming every bad cell."""
    sheets = _read_sheets(path)
    problems: list[str] = []
    data, lines = _read_fields(sheets, "set", problems)
    criteria = _read_criteria(sheets, problems)
    by_code = {c["code"]: c for c in criteria}
    for criterion_code, indicator in _read_indicator_rows(sheets, by_code, problems):
        by_code[criterion_code]["indicators"].append(indicator)
    if problems:
        raise WorkbookError(str(path), problems)
    criterion_rows = [c.pop("_row") for c in criteria]
    indicator_rows = [[i.pop("_row") for i in c["indicators"]] for c in criteria]
    data["criteria"] = criteria
    try:
        return CriteriaSet.model_validate(data)
    except ValidationError as exc:
        problems = []
        for loc, message in expand_errors(exc.errors()):
            if len(loc) > 1 and loc[0] == "criteria" and isinstance(loc[1], int):
                if len(loc) > 3 and loc[2] == "indicators" and isinstance(loc[3], int):
                    row = indicator_rows[loc[1]][loc[3]]
                    field = ".".join(map(str, loc[4:])) or "chỉ tiêu"
                    column = _indicator_column(sheets, tuple(loc[4:]))
                    problems.append(f"{SHEET_INDICATORS}!{column}{row} ({field}): {message}")
                else:
                    row = criterion_rows[loc[1]]
                    column = _CRITERION_COLUMNS.get(str(loc[2]) if len(loc) > 2 else "", "")
                    problems.append(f"{SHEET_CRITERIA}!{column}{row}: {message}")
            else:
                problems.extend(_validation_problems([(loc, message)], lines, SHEET_SET))
        raise WorkbookError(str(path), problems) from exc


_CRITERION_COLUMNS = {"code": "A", "name": "B", "role": "C", "group": "D", "status": "E"}
_INDICATOR_FIELDS = {
    "code": "Mã chỉ tiêu",
    "text": "Nội dung chỉ tiêu",
    "unit": "Đơn vị",
    "kind": "Loại",
    "comparator": "So sánh",
    "choices": "Lựa chọn",
    "of_set": "Bộ tham chiếu",
    "child_noun": "Danh từ đơn vị con",
    "threshold_from": "Ngưỡng tính từ bộ",
    "aggregation": "Cách tổng hợp",
    "status": "Trạng thái",
    "source": "Nguồn",
    "note": "Ghi chú",
    "illustrative": "Minh hoạ",
}


def _indicator_column(sheets: dict[str, list[list[object]]], loc: tuple[Any, ...]) -> str:
    """The column letter of the cell a validation error is about ("" when it is the row)."""
    header = [_text(h) for h in sheets[SHEET_INDICATORS][0]]
    wanted: str | None = None
    if loc and loc[0] in _INDICATOR_FIELDS:
        wanted = _INDICATOR_FIELDS[str(loc[0])]
    elif len(loc) >= 2 and loc[0] == "thresholds":
        wanted = _slot_header((None, None, str(loc[1])))
    elif len(loc) >= 3 and loc[0] == "thresholds_by_year":
        wanted = _slot_header((int(loc[1]), None, str(loc[2])))
    elif len(loc) >= 3 and loc[0] == "flag_thresholds":
        wanted = _slot_header((None, str(loc[1]), str(loc[2])))
    if wanted is None or wanted not in header:
        return ""
    return get_column_letter(header.index(wanted) + 1)


def _header_index(header: list[object]) -> dict[str, int]:
    return {_text(h): i for i, h in enumerate(header) if _text(h)}


def _read_criteria(
    sheets: dict[str, list[list[object]]], problems: list[str]
) -> list[dict[str, Any]]:
    rows = sheets.get(SHEET_CRITERIA)
    if not rows:
        problems.append(f"thiếu trang '{SHEET_CRITERIA}'")
        return []
    index = _header_index(rows[0])
    missing = [h for h in _CRITERIA_HEAD if h not in index]
    if missing:
        problems.append(f"{SHEET_CRITERIA}!dòng 1: thiếu cột {', '.join(missing)}")
        return []
    fields = ["code", "name", "role", "group", "status", "source", "note"]
    result = []
    for number, row in enumerate(rows[1:], start=2):
        cells = {
            f: _text(row[index[h]]) if index[h] < len(row) else ""
            for f, h in zip(fields, _CRITERIA_HEAD, strict=True)
        }
        if not any(cells.values()):
            continue
        item: dict[str, Any] = {f: (v or None) for f, v in cells.items()}
        item["indicators"] = []
        item["_row"] = number
        if any(c["code"] == item["code"] for c in result):
            problems.append(f"{SHEET_CRITERIA}!A{number}: mã tiêu chí '{item['code']}' lặp lại")
        result.append(item)
    return result


def _read_indicator_rows(
    sheets: dict[str, list[list[object]]], criteria: dict[str, dict[str, Any]], problems: list[str]
) -> list[tuple[str, dict[str, Any]]]:
    rows = sheets.get(SHEET_INDICATORS)
    if not rows:
        problems.append(f"thiếu trang '{SHEET_INDICATORS}'")
        return []
    header = [_text(h) for h in rows[0]]
    index = _header_index(rows[0])
    missing = [h for h in (*_INDICATOR_HEAD, *_INDICATOR_TAIL) if h not in index]
    if missing:
        problems.append(f"{SHEET_INDICATORS}!dòng 1: thiếu cột {', '.join(missing)}")
        return []
    slots = _threshold_columns(header, SHEET_INDICATORS, problems)
    result = []
    for number, row in enumerate(rows[1:], start=2):

        def get(name: str, row: list[object] = row) -> str:
            i = index[name]
            return _text(row[i]) if i < len(row) else ""

        if all(_text(c) == "" for c in row):
            continue
        criterion_code = get("Mã tiêu chí")
        criterion = criteria.get(criterion_code)
        if criterion is None:
            problems.append(
                f"{SHEET_INDICATORS}!A{number}: tiêu chí '{criterion_code}' "
                f"không có ở trang '{SHEET_CRITERIA}'"
            )
            continue
        if get("Tên tiêu chí") != (criterion["name"] or ""):
            problems.append(
                f"{SHEET_INDICATORS}!B{number}: tên tiêu chí khác với trang '{SHEET_CRITERIA}'"
            )
        kind = get("Loại")
        item: dict[str, Any] = {
            "code": get("Mã chỉ tiêu"),
            "text": get("Nội dung chỉ tiêu"),
            "unit": get("Đơn vị") or None,
            "kind": kind,
            "comparator": get("So sánh") or None,
            "choices": [c.strip() for c in get("Lựa chọn").split("\n") if c.strip()],
            "of_set": get("Bộ tham chiếu") or None,
            "child_noun": get("Danh từ đơn vị con") or None,
            "aggregation": get("Cách tổng hợp") or None,
            "status": get("Trạng thái"),
            "source": get("Nguồn") or None,
            "note": get("Ghi chú") or None,
            "illustrative": fold(get("Minh hoạ")) in ("co", "true", "x", "1"),
        }
        if get("Ngưỡng tính từ bộ"):
            item["threshold_from"] = {
                "set": get("Ngưỡng tính từ bộ"),
                "indicator": get("Ngưỡng tính từ chỉ tiêu"),
                "factor": get("Hệ số"),
            }
        _read_thresholds(row, slots, item, kind, number, problems)
        result.append((criterion_code, item))
    return result


def _threshold_columns(
    header: list[str], sheet: str, problems: list[str]
) -> list[tuple[int, Slot]]:
    slots = []
    for i, name in enumerate(header):
        if not name.startswith("Ngưỡng") or name.startswith("Ngưỡng tính"):
            continue
        match = _THRESHOLD_HEADER.match(name)
        key = _label_key(match.group(3)) if match else None
        if match is None or key is None:
            problems.append(
                f"{sheet}!{get_column_letter(i + 1)}1: tiêu đề cột ngưỡng '{name}' không hợp lệ"
            )
            continue
        year = int(match.group(1)) if match.group(1) else None
        slots.append((i, (year, match.group(2), key)))
    return slots


def _read_thresholds(
    row: list[object],
    slots: list[tuple[int, Slot]],
    item: dict[str, Any],
    kind: str,
    number: int,
    problems: list[str],
) -> None:
    thresholds: dict[str, Any] = {}
    by_year: dict[int, dict[str, Any]] = {}
    flags: dict[str, dict[str, Any]] = {}
    for column, (year, flag, key) in slots:
        raw = row[column] if column < len(row) else None
        if _text(raw) == "":
            continue
        value: ThresholdValue
        if fold(_text(raw)) == fold(UNKNOWN_CELL):
            value = None
        else:
            try:
                cell = raw if isinstance(raw, int | float | bool) else _text(raw)
                value = parse_value(cell, kind, item["choices"])
            except ValueError as exc:
                problems.append(
                    f"{SHEET_INDICATORS}!{get_column_letter(column + 1)}{number}: {exc}"
                )
                continue
        if isinstance(value, Decimal):
            value = canonical_decimal(value)
        if year is not None:
            by_year.setdefault(year, {})[key] = value
        elif flag is not None:
            flags.setdefault(flag, {})[key] = value
        else:
            thresholds[key] = value
    item["thresholds"] = thresholds
    item["thresholds_by_year"] = by_year
    item["flag_thresholds"] = flags
    item["_row"] = number


# --- overlay export / import ------------------------------------------------------------------

_OVERLAY_TAIL = ["So sánh", "Đơn vị", "Trạng thái", "Nguồn", "Ghi chú", "Minh hoạ"]


def export_overlay(overlay: Overlay, path: Path, base: ResolvedSet | None = None) -> None:
    """One row per changed indicator; with ``base``, the indicator text is added for reading."""
    book = Workbook()
    meta = overlay.model_dump(mode="json", exclude={"indicators"})
    _write_fields(book, "overlay", _flatten(meta))
    slots = sorted(
        {slot for change in overlay.indicators.values() for slot in _slots_of(change)},
        key=_slot_order([ALL_KEY, *GROUP_CODES, *REGION_CODES]),
    )
    sheet = book.create_sheet(SHEET_INDICATORS)
    head = [
        "Mã chỉ tiêu",
        "Nội dung (tham khảo)",
        *(_slot_header(s) for s in slots),
        *_OVERLAY_TAIL,
    ]
    _append(sheet, head)
    for code, change in overlay.indicators.items():
        national = base.definition.find_indicator(code) if base else None
        values = _slots_of(change)
        _append(
            sheet,
            [
                code,
                national.text if national else None,
                *(_threshold_cell(values[s]) if s in values else None for s in slots),
                change.comparator,
                change.unit,
                change.status,
                change.source,
                change.note,
                "có" if change.illustrative else None,
            ],
        )
    _style_header(sheet, [12, 60, *([12] * len(slots)), 8, 12, 12, 30, 60, 10])
    book.save(path)


def import_overlay(path: Path, base: ResolvedSet | None = None) -> Overlay:
    """Read an overlay workbook. With ``base``, threshold cells are checked against the kinds."""
    sheets = _read_sheets(path)
    problems: list[str] = []
    data, lines = _read_fields(sheets, "overlay", problems)
    rows = sheets.get(SHEET_INDICATORS) or []
    if not rows:
        problems.append(f"thiếu trang '{SHEET_INDICATORS}'")
    indicators: dict[str, dict[str, Any]] = {}
    if rows:
        header = [_text(h) for h in rows[0]]
        index = _header_index(rows[0])
        missing = [h for h in ("Mã chỉ tiêu", *_OVERLAY_TAIL) if h not in index]
        if missing:
            problems.append(f"{SHEET_INDICATORS}!dòng 1: thiếu cột {', '.join(missing)}")
        slots = _threshold_columns(header, SHEET_INDICATORS, problems)
        for number, row in enumerate(rows[1:] if not missing else [], start=2):
            if all(_text(c) == "" for c in row):
                continue

            def get(name: str, row: list[object] = row) -> str:
                i = index[name]
                return _text(row[i]) if i < len(row) else ""

            code = get("Mã chỉ tiêu")
            national = base.definition.find_indicator(code) if base else None
            if base is not None and national is None:
                problems.append(
                    f"{SHEET_INDICATORS}!A{number}: chỉ tiêu '{code}' không có trong bộ"
                )
                continue
            item: dict[str, Any] = {"choices": national.choices if national else []}
            kind = national.kind if national else "number"
            _read_thresholds(row, slots, item, kind, number, problems)
            del item["_row"], item["choices"]
            item.update(
                comparator=get("So sánh") or None,
                unit=get("Đơn vị") or None,
                status=get("Trạng thái") or None,
                source=get("Nguồn") or None,
                note=get("Ghi chú") or None,
                illustrative=fold(get("Minh hoạ")) in ("co", "true", "x", "1"),
            )
            if code in indicators:
                problems.append(f"{SHEET_INDICATORS}!A{number}: chỉ tiêu '{code}' lặp lại")
            indicators[code] = item
    if problems:
        raise WorkbookError(str(path), problems)
    data["indicators"] = indicators
    try:
        return Overlay.model_validate(data)
    except ValidationError as exc:
        raise WorkbookError(
            str(path), _validation_problems(exc.errors(), lines, SHEET_SET)
        ) from exc


# --- results ----------------------------------------------------------------------------------

_STATUS_VI = {
    "met": "Đạt",
    "not_met": "Chưa đạt",
    NO_DATA: "Thiếu số liệu",
    NO_THRESHOLD: "Chưa có ngưỡng",
}
_STATUS_FILL = {
    "met": PatternFill("solid", fgColor="C6EFCE"),
    "not_met": PatternFill("solid", fgColor="FFC7CE"),
    NO_DATA: PatternFill("solid", fgColor="FFEB9C"),
    NO_THRESHOLD: PatternFill("solid", fgColor="D9D9D9"),
}


def write_results(path: Path, resolved: ResolvedSet, results: Sequence[UnitResult]) -> None:
    """A workbook for offices: one row per unit, then one row per unit × indicator."""
    definition = resolved.definition
    book = Workbook()
    info = book.active
    assert info is not None
    info.title = "Thông tin"
    _append(info, ["Trường", "Giá trị"])
    _append(info, ["Bộ tiêu chí", f"{definition.code} — {definition.name}"])
    _append(info, ["Căn cứ", f"QĐ {definition.source.decision} {definition.source.appendix or ''}"])
    _append(info, ["Phiên bản", resolved.version_label])
    _append(info, ["Dấu vân tay quy tắc", resolved.fingerprint])
    _append(info, ["Năm", results[0].year if results else ""])
    if any(r.illustrative for r in results):
        _append(info, ["Lưu ý", ILLUSTRATIVE_LABEL])
    _style_header(info, [24, 90])

    summary = book.create_sheet("Kết quả")
    codes = [c.code for c in definition.criteria]
    _append(
        summary,
        [
            "Mã",
            "Tên",
            "Số tiêu chí đạt",
            "Tổng số tiêu chí",
            "Đạt chuẩn",
            *(f"TC {code}" for code in codes),
            "Chỉ tiêu chưa đạt",
            "Chỉ tiêu thiếu số liệu",
            "Chỉ tiêu chưa có ngưỡng",
        ],
    )
    for result in results:
        _append(
            summary,
            [
                result.unit_code,
                result.unit_name,
                result.criteria_met,
                result.criteria_total,
                "Đạt" if result.meets_standard else "Chưa đạt",
                *(_STATUS_VI[c.status] for c in result.criteria),
                ", ".join(result.missing_indicators),
                ", ".join(result.no_data_indicators),
                ", ".join(result.no_threshold_indicators),
            ],
        )
        row = summary.max_row
        for offset, criterion in enumerate(result.criteria):
            summary.cell(row=row, column=6 + offset).fill = _STATUS_FILL[criterion.status]
    _style_header(summary, [12, 28, 10, 10, 10, *([9] * len(codes)), 30, 30, 30])

    detail = book.create_sheet("Chi tiết")
    _append(
        detail,
        [
            "Mã",
            "Tên",
            "Tiêu chí",
            "Chỉ tiêu",
            "Nội dung",
            "Giá trị",
            "Ngưỡng",
            "Kết quả",
            "Còn thiếu",
            "Giải thích",
        ],
    )
    for result in results:
        for criterion in result.criteria:
            for indicator in criterion.indicators:
                threshold = indicator.threshold
                _append(
                    detail,
                    [
                        result.unit_code,
                        result.unit_name,
                        criterion.code,
                        indicator.code,
                        indicator.text,
                        _threshold_cell(indicator.value) if indicator.value is not None else None,
                        _threshold_cell(threshold.value) if threshold else None,
                        _STATUS_VI[indicator.status],
                        indicator.shortfall,
                        indicator.explanation,
                    ],
                )
                detail.cell(row=detail.max_row, column=8).fill = _STATUS_FILL[indicator.status]
    _style_header(detail, [12, 24, 8, 8, 50, 12, 12, 14, 30, 70])
    book.save(path)
