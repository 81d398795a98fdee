"""Reading a disbursement report (.xlsx, first sheet) into checked rows (pure: no Django).

Header row (row 1), in any order; Vietnamese headings are accepted too:
    commune_code (mã xã) · decision_number (số quyết định) · fund_kind (loại vốn:
    investment/recurrent, "đầu tư"/"sự nghiệp") · date (ngày giải ngân, a date cell or
    dd/mm/yyyy) · amount (số tiền, whole đồng) · note (ghi chú, optional)
Every problem is reported with its row (spreadsheet numbering) and column; the caller writes
nothing unless the list is empty. Matching rows to allocation decisions is the caller's job.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from .allocation import FUND_KINDS
from .inputs import InputProblem

COLUMNS = ("commune_code", "decision_number", "fund_kind", "date", "amount", "note")
REQUIRED = ("commune_code", "decision_number", "fund_kind", "date", "amount")
ALIASES = {
    "mã xã": "commune_code",
    "ma xa": "commune_code",
    "số quyết định": "decision_number",
    "so quyet dinh": "decision_number",
    "loại vốn": "fund_kind",
    "loai von": "fund_kind",
    "ngày giải ngân": "date",
    "ngay giai ngan": "date",
    "ngày": "date",
    "số tiền": "amount",
    "so tien": "amount",
    "số tiền (đồng)": "amount",
    "ghi chú": "note",
    "ghi chu": "note",
}
FUND_KIND_WORDS = {
    "investment": "investment",
    "đầu tư": "investment",
    "dau tu": "investment",
    "vốn đầu tư phát triển": "investment",
    "recurrent": "recurrent",
    "sự nghiệp": "recurrent",
    "su nghiep": "recurrent",
    "vốn sự nghiệp": "recurrent",
}
MAX_ROWS = 20_000


@dataclass(frozen=True)
class DisbursementRow:
    row: int  # spreadsheet row number
    commune_code: str
    decision_number: str
    fund_kind: str
    date: dt.date
    amount: int
    note: str


class DisbursementFileError(ValueError):
    """`rows` holds the rows that were read correctly, so callers can check them too."""

    def __init__(
        self, problems: list[InputProblem], rows: list[DisbursementRow] | None = None
    ) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems
        self.rows = rows or []

    @property
    def messages(self) -> list[str]:
        return [str(p) for p in self.problems]


def read_disbursements(content: bytes, source: str = "tệp") -> list[DisbursementRow]:
    """Parse the file; raise DisbursementFileError listing every problem."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = workbook.sheet_names
        table = workbook.get_sheet_by_name(names[0]).to_python(skip_empty_area=False)
    except Exception:  # calamine raises several types for files that are not workbooks
        raise DisbursementFileError(
            [InputProblem(1, None, "không đọc được tệp: cần tệp Excel .xlsx")]
        ) from None
    return parse_table(table, source)


def parse_table(table: list[list[Any]], source: str = "tệp") -> list[DisbursementRow]:
    rows = [row for row in table]
    while rows and all(_blank(c) for c in rows[-1]):
        rows.pop()
    if not rows:
        raise DisbursementFileError([InputProblem(1, None, "tệp trống, không có dòng nào")])
    header = [_column_name(c) for c in rows[0]]
    problems: list[InputProblem] = []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        problems.append(
            InputProblem(1, None, f"thiếu cột: {', '.join(missing)} (cần: {', '.join(COLUMNS)})")
        )
        raise DisbursementFileError(problems)
    if len(rows) == 1:
        raise DisbursementFileError(
            [InputProblem(2, None, "tệp chỉ có dòng tiêu đề, không có khoản giải ngân nào")]
        )
    if len(rows) - 1 > MAX_ROWS:
        raise DisbursementFileError(
            [InputProblem(1, None, f"tệp có quá {MAX_ROWS} dòng; hãy chia nhỏ")]
        )
    index = {name: i for i, name in enumerate(header) if name in COLUMNS}
    parsed: list[DisbursementRow] = []
    seen: dict[tuple[str, str, str, dt.date, int], int] = {}
    for number, raw in enumerate(rows[1:], start=2):
        if all(_blank(c) for c in raw):
            continue
        row = _parse_row(raw, number, index, source, problems)
        if row is None:
            continue
        key = (row.commune_code, row.decision_number, row.fund_kind, row.date, row.amount)
        if key in seen:
            problems.append(
                InputProblem(
                    number,
                    "amount",
                    f"dòng trùng với dòng {seen[key]} (cùng xã, quyết định, loại vốn, ngày và số tiền)",
                )
            )
            continue
        seen[key] = number
        parsed.append(row)
    if problems:
        raise DisbursementFileError(problems, parsed)
    return parsed


def _parse_row(
    raw: list[Any],
    number: int,
    index: dict[str, int],
    source: str,
    problems: list[InputProblem],
) -> DisbursementRow | None:
    def cell(column: str) -> Any:
        i = index.get(column)
        return raw[i] if i is not None and i < len(raw) else None

    before = len(problems)

    def problem(column: str, message: str) -> None:
        problems.append(InputProblem(number, column, message))

    code = _code(cell("commune_code"))
    if not code:
        problem("commune_code", "thiếu mã xã")
    decision = _text(cell("decision_number"))
    if not decision:
        problem("decision_number", "thiếu số quyết định phân bổ")
    kind_text = _text(cell("fund_kind")).lower()
    fund_kind = FUND_KIND_WORDS.get(kind_text, "")
    if fund_kind not in FUND_KINDS:
        problem(
            "fund_kind",
            f"loại vốn '{kind_text}' không hợp lệ (dùng investment/đầu tư hoặc recurrent/sự nghiệp)",
        )
    date = _date(cell("date"))
    if date is None:
        problem("date", f"ngày không hợp lệ ('{_text(cell('date'))}'; dùng dd/mm/yyyy)")
    amount = _amount(cell("amount"))
    if amount is None:
        problem("amount", f"số tiền phải là số nguyên đồng, không phải '{_text(cell('amount'))}'")
    elif amount <= 0:
        problem("amount", f"số tiền phải lớn hơn 0 ('{_text(cell('amount'))}')")
    if len(problems) > before or date is None or amount is None:
        return None
    return DisbursementRow(number, code, decision, fund_kind, date, amount, _text(cell("note")))


def _column_name(value: Any) -> str:
    name = _text(value).lower()
    return ALIASES.get(name, name)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _code(value: Any) -> str:
    return _text(value)


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _amount(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    text = _text(value).replace(".", "").replace(" ", "")
    if text.lstrip("-").isdigit():
        return int(text)
    return None
