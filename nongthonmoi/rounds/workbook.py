"""The round's Excel template: write it pre-filled (openpyxl), read it back (calamine). Pure.

One data sheet, one row per unit × indicator, so the threshold sits right beside each value:

    A Mã đơn vị | B Tên đơn vị | C Mã chỉ tiêu | D Nội dung chỉ tiêu | E Đơn vị tính |
    F Ngưỡng áp dụng | G Giá trị | H Ghi chú

Only G and H are unlocked; the header is frozen and the sheet protected (no password: protection
guards against slips, not people). Yes/no indicators get a drop-down list. A hidden sheet
``_meta`` names the template, the round, the set, the year and the province, so a wrong or
foreign file is recognised before a single row is read.

``read_workbook`` never raises on bad content: it returns every problem as
"Trang 'Số liệu', dòng 12, cột G (Giá trị): …" and the caller writes nothing if there is one.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from nongthonmoi.criteria.values import (
    BOOLEAN_KINDS,
    NUMERIC_KINDS,
    Value,
    canonical_decimal,
    parse_value,
)

TEMPLATE_ID = "nongthonmoi-dot-bao-cao-v1"
DATA_SHEET = "Số liệu"
META_SHEET = "_meta"
HEADER = (
    "Mã đơn vị",
    "Tên đơn vị",
    "Mã chỉ tiêu",
    "Nội dung chỉ tiêu",
    "Đơn vị tính",
    "Ngưỡng áp dụng",
    "Giá trị",
    "Ghi chú",
)
COLUMN_LETTERS = "ABCDEFGH"
VALUE_COLUMN = 6
COMMENT_COLUMN = 7
YES, NO = "Đạt", "Không đạt"
MAX_ERRORS = 500  # beyond this the list stops growing (the file is wrong anyway)


@dataclass(frozen=True)
class TemplateMeta:
    round_id: int
    set_code: str
    year: int
    province_code: str
    scope_code: str  # what the file was exported for: a commune, the province, or "*" (all)

    def as_rows(self) -> list[list[str]]:
        return [
            ["template", TEMPLATE_ID],
            ["round_id", str(self.round_id)],
            ["set_code", self.set_code],
            ["year", str(self.year)],
            ["province_code", self.province_code],
            ["scope_code", self.scope_code],
        ]


@dataclass(frozen=True)
class IndicatorSpec:
    code: str
    text: str
    unit: str
    kind: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class TemplateRow:
    unit_code: str
    unit_name: str
    indicator_code: str
    threshold: str
    value: Value | None
    comment: str = ""


@dataclass(frozen=True)
class ParsedRow:
    row: int
    unit_code: str
    indicator_code: str
    value: str  # canonical text as stored in IndicatorValue.value ("" = no data)
    comment: str


@dataclass
class ParsedWorkbook:
    meta: dict[str, str] = field(default_factory=dict)
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def error(self, message: str) -> None:
        if len(self.errors) < MAX_ERRORS:
            self.errors.append(message)
        elif len(self.errors) == MAX_ERRORS:
            self.errors.append("… và nhiều lỗi khác (đã dừng liệt kê).")


def canonical_text(value: Value | None) -> str:
    """The text stored in IndicatorValue.value: "82.5", "true"/"false", or the choice."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        return format(canonical_decimal(value), "f")
    return value


def _cell_value(value: Value | None) -> object:
    if value is None:
        return None
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


# --- writing ----------------------------------------------------------------------------------


def write_workbook(
    target: Path | IO[bytes],
    meta: TemplateMeta,
    indicators: Mapping[str, IndicatorSpec],
    rows: Iterable[TemplateRow],
    *,
    title: str,
    notes: Iterable[str] = (),
) -> int:
    """Write the template; returns the number of data rows."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill, Protection
    from openpyxl.worksheet.datavalidation import DataValidation

    book = Workbook(write_only=True)
    guide = book.create_sheet("Hướng dẫn")
    sheet = book.create_sheet(DATA_SHEET)
    meta_sheet = book.create_sheet(META_SHEET)
    meta_sheet.sheet_state = "hidden"

    for line in [
        title,
        "",
        "Nhập vào cột G (Giá trị) và H (Ghi chú); các cột khác bị khoá.",
        "Chỉ tiêu Đạt/Không đạt: chọn trong danh sách. Số: dùng dấu phẩy hoặc dấu chấm thập phân.",
        "Để trống ô Giá trị nghĩa là chưa có số liệu. Không thêm, xoá hay đổi thứ tự cột.",
        "Tải lên lại đúng tệp này: cả tệp được kiểm tra, có lỗi thì không ghi dòng nào.",
        *notes,
    ]:
        guide.append([line])

    widths = {"A": 11, "B": 24, "C": 10, "D": 60, "E": 14, "F": 30, "G": 14, "H": 30}
    for letter, width in widths.items():
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "C2"
    sheet.protection.sheet = True
    sheet.protection.formatRows = False
    sheet.protection.formatColumns = False
    header_font = Font(bold=True, color="FFFFFF")
    header_fill = PatternFill("solid", fgColor="1B5E20")
    open_fill = PatternFill("solid", fgColor="FFF8E1")
    unlocked = Protection(locked=False)
    wrap = Alignment(wrap_text=False)

    header = []
    for text in HEADER:
        cell = WriteOnlyCell(sheet, value=text)
        cell.font = header_font
        cell.fill = header_fill
        header.append(cell)
    sheet.append(header)

    yes_no = DataValidation(
        type="list",
        formula1=f'"{YES},{NO}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Giá trị không hợp lệ",
        error=f"Chọn {YES} hoặc {NO}.",
    )
    choice_validations: dict[tuple[str, ...], DataValidation] = {}
    yes_rows: list[int] = []
    choice_rows: dict[tuple[str, ...], list[int]] = {}
    count = 0
    for row_number, row in enumerate(rows, start=2):
        spec = indicators[row.indicator_code]
        code_cell = WriteOnlyCell(sheet, value=row.unit_code)
        code_cell.number_format = "@"  # unit codes keep their leading zeros
        value_cell = WriteOnlyCell(sheet, value=_cell_value(row.value))
        value_cell.protection = unlocked
        value_cell.fill = open_fill
        comment_cell = WriteOnlyCell(sheet, value=row.comment or None)
        comment_cell.protection = unlocked
        comment_cell.alignment = wrap
        sheet.append(
            [
                code_cell,
                row.unit_name,
                row.indicator_code,
                spec.text,
                spec.unit,
                row.threshold,
                value_cell,
                comment_cell,
            ]
        )
        if spec.kind in BOOLEAN_KINDS:
            yes_rows.append(row_number)
        elif spec.kind == "choice" and spec.choices:
            choice_rows.setdefault(spec.choices, []).append(row_number)
        count += 1

    if yes_rows:
        sheet.data_validations.append(yes_no)
        yes_no.sqref = _ranges("G", yes_rows)
    for choices, numbers in choice_rows.items():
        formula = ",".join(choices)
        if len(formula) < 250 and "," not in "".join(choices):
            validation = DataValidation(type="list", formula1=f'"{formula}"', allow_blank=True)
            choice_validations[choices] = validation
            sheet.data_validations.append(validation)
            validation.sqref = _ranges("G", numbers)

    for pair in meta.as_rows():
        meta_sheet.append(pair)
    book.save(target)
    return count


def _ranges(column: str, rows: list[int]) -> Any:
    """Contiguous row runs as one sqref ("G2:G5 G9:G12"): small XML even for 150,000 rows."""
    from openpyxl.worksheet.cell_range import MultiCellRange

    parts = []
    start = previous = rows[0]
    for number in rows[1:]:
        if number != previous + 1:
            parts.append(f"{column}{start}:{column}{previous}")
            start = number
        previous = number
    parts.append(f"{column}{start}:{column}{previous}")
    return MultiCellRange(" ".join(parts))


# --- reading ----------------------------------------------------------------------------------


def _where(row: int, column: int) -> str:
    return f"Trang '{DATA_SHEET}', dòng {row}, cột {COLUMN_LETTERS[column]} ({HEADER[column]})"


def _text(cell: object) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _unit_code(cell: object) -> str:
    # a code retyped as a number loses its leading zeros: commune codes have 5 digits
    if isinstance(cell, int | float) and not isinstance(cell, bool):
        return str(int(cell)).zfill(5)
    return _text(cell)


def read_meta(path: Path) -> tuple[dict[str, str], list[list[object]] | None, str | None]:
    """(meta, data rows, problem): opens the workbook with calamine and checks it is ours."""
    from python_calamine import CalamineError, CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
    except (CalamineError, ValueError, OSError) as exc:
        return {}, None, f"Không đọc được tệp Excel: {exc}"
    try:
        names = book.sheet_names
        if META_SHEET not in names or DATA_SHEET not in names:
            return (
                {},
                None,
                (
                    "Tệp không phải mẫu nhập liệu của đợt báo cáo (thiếu trang "
                    f"'{DATA_SHEET}' hoặc thông tin mẫu). Hãy tải mẫu từ hệ thống."
                ),
            )
        meta_rows = book.get_sheet_by_name(META_SHEET).to_python()
        meta = {_text(r[0]): _text(r[1]) for r in meta_rows if len(r) >= 2}
        if meta.get("template") != TEMPLATE_ID:
            return meta, None, "Tệp không đúng phiên bản mẫu nhập liệu; hãy tải mẫu mới."
        data = book.get_sheet_by_name(DATA_SHEET).to_python(skip_empty_area=False)
    finally:
        book.close()
    return meta, data, None


def read_workbook(
    path: Path,
    expected: TemplateMeta,
    indicators: Mapping[str, IndicatorSpec],
    round_units: Mapping[str, bool],
    *,
    progress: Callable[[int, int], None] | None = None,
) -> ParsedWorkbook:
    """Read and check every row. ``round_units``: unit code in the round → may this user write it."""
    result = ParsedWorkbook()
    meta, data, problem = read_meta(path)
    result.meta = meta
    if problem is not None or data is None:
        result.error(problem or "Tệp không đọc được.")
        return result
    if meta.get("province_code") != expected.province_code:
        result.error(
            f"Tệp này là mẫu của tỉnh có mã {meta.get('province_code') or '?'}, không phải tỉnh "
            f"của đợt báo cáo (mã {expected.province_code}). Không nhập số liệu của tỉnh khác."
        )
        return result
    if (
        meta.get("round_id") != str(expected.round_id)
        or meta.get("set_code") != expected.set_code
        or meta.get("year") != str(expected.year)
    ):
        result.error(
            f"Tệp là mẫu của đợt khác (bộ {meta.get('set_code')}, năm {meta.get('year')}); "
            f"đợt này là bộ {expected.set_code}, năm {expected.year}."
        )
        return result
    if not data or tuple(_text(c) for c in data[0][: len(HEADER)]) != HEADER:
        result.error(
            f"Trang '{DATA_SHEET}', dòng 1: tiêu đề cột đã bị thay đổi; cần đúng: "
            + " | ".join(HEADER)
        )
        return result
    body = data[1:]
    total = len(body)
    seen: dict[tuple[str, str], int] = {}
    for index, cells in enumerate(body):
        number = index + 2
        if progress is not None and index % 5000 == 0:
            progress(index, total)
        cells = list(cells) + [None] * (len(HEADER) - len(cells))
        if all(c is None or c == "" for c in cells):
            continue
        unit_code = _unit_code(cells[0])
        indicator_code = _text(cells[2])
        ok = True
        if unit_code not in round_units:
            result.error(
                f"{_where(number, 0)}: mã đơn vị '{unit_code}' không có trong đợt báo cáo."
            )
            ok = False
        elif not round_units[unit_code]:
            result.error(
                f"{_where(number, 0)}: bạn không có quyền nhập số liệu cho đơn vị '{unit_code}'."
            )
            ok = False
        spec = indicators.get(indicator_code)
        if spec is None:
            result.error(
                f"{_where(number, 2)}: mã chỉ tiêu '{indicator_code}' không thuộc bộ tiêu chí "
                f"{expected.set_code}."
            )
            ok = False
        key = (unit_code, indicator_code)
        if key in seen:
            result.error(
                f"{_where(number, 2)}: dòng trùng — đơn vị {unit_code}, chỉ tiêu "
                f"{indicator_code} đã có ở dòng {seen[key]}."
            )
            ok = False
        else:
            seen[key] = number
        value_text = ""
        raw = cells[VALUE_COLUMN]
        if spec is not None and raw is not None and raw != "":
            try:
                value_text = canonical_text(_parse_cell(raw, spec))
            except ValueError as exc:
                what = "cần một số" if spec.kind in NUMERIC_KINDS else "giá trị không hợp lệ"
                result.error(f"{_where(number, VALUE_COLUMN)}: {what} — {exc}")
                ok = False
        comment = _text(cells[COMMENT_COLUMN])
        if len(comment) > 2000:
            result.error(f"{_where(number, COMMENT_COLUMN)}: ghi chú dài quá 2.000 ký tự.")
            ok = False
        if ok:
            result.rows.append(ParsedRow(number, unit_code, indicator_code, value_text, comment))
    if total and not result.rows and not result.errors:
        result.error(f"Trang '{DATA_SHEET}' không có dòng số liệu nào.")
    if not total:
        result.error(f"Trang '{DATA_SHEET}' không có dòng số liệu nào.")
    if progress is not None:
        progress(total, total)
    return result


def _parse_cell(raw: object, spec: IndicatorSpec) -> Value:
    if isinstance(raw, str):
        raw = raw.strip()
        if raw == "":
            raise ValueError("ô trống")
    return parse_value(raw, spec.kind, list(spec.choices))  # a TRUE/FALSE cell is a bool
