"""Indicator values: parsing what officers type, canonical decimals, Vietnamese number formatting.

Values are ``Decimal`` (numbers, percentages, counts), ``bool`` (Đạt / Không đạt) or ``str``
(a choice). Floats never enter a rule: a float read from a spreadsheet is converted through its
shortest ``repr`` ("16.5"), not its binary value.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation

Value = Decimal | bool | str
NUMERIC_KINDS: frozenset[str] = frozenset({"number", "percentage", "count", "children_share"})
BOOLEAN_KINDS: frozenset[str] = frozenset({"boolean", "set_met"})

_TRUE = {"dat", "yes", "1", "true", "co", "x"}
_FALSE = {"khong dat", "chua dat", "no", "0", "false", "khong"}
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d+)?|[.,]\d+)$")


def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ → d) and collapse spaces: "Không  Đạt" → "khong dat"."""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def canonical_decimal(value: Decimal) -> Decimal:
    """One spelling per number ("80.0" → 80, "1E+2" → 100) so that round trips compare equal."""
    if not value.is_finite():
        raise ValueError(f"{value} is not a finite number")
    normal = value.normalize()
    if normal == normal.to_integral_value():
        return normal.quantize(Decimal(1))
    return normal


def decimal_from_cell(raw: float | int) -> Decimal:
    return canonical_decimal(Decimal(repr(raw)) if isinstance(raw, float) else Decimal(raw))


def parse_number(text: str, *, allow_percent: bool) -> Decimal:
    """Parse "12,5", "12.5", "85%", " 7 ". Raise ``ValueError`` with a Vietnamese message."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "")
    if cleaned.endswith("%"):
        if not allow_percent:
            raise ValueError(f"'{text}': ký hiệu % chỉ dùng cho chỉ tiêu tỷ lệ")
        cleaned = cleaned[:-1]
    if not _NUMBER.match(cleaned):
        raise ValueError(f"'{text}' không phải là số (dùng dấu chấm hoặc dấu phẩy thập phân)")
    try:
        return canonical_decimal(Decimal(cleaned.replace(",", ".")))
    except InvalidOperation as exc:  # pragma: no cover - the regex above guards this
        raise ValueError(f"'{text}' không phải là số") from exc


def parse_boolean(text: str) -> bool:
    word = fold(text)
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    accepted = "Đạt, Không đạt, yes, no, 1, 0"
    raise ValueError(f"'{text}' không phải Đạt/Không đạt (chấp nhận: {accepted})")


def parse_choice(text: str, choices: list[str]) -> str:
    wanted = fold(text)
    for choice in choices:
        if fold(choice) == wanted:
            return choice
    raise ValueError(f"'{text}' không thuộc các lựa chọn: {', '.join(choices)}")


def parse_value(raw: object, kind: str, choices: list[str] | None = None) -> Value:
    """Turn a cell or a Python value into the value type of an indicator ``kind``."""
    if kind in NUMERIC_KINDS:
        if isinstance(raw, bool):
            raise ValueError(f"'{raw}': chỉ tiêu này cần một số, không phải Đạt/Không đạt")
        if isinstance(raw, int | float):
            return decimal_from_cell(raw)
        if isinstance(raw, Decimal):
            return canonical_decimal(raw)
        if isinstance(raw, str):
            number = parse_number(raw, allow_percent=kind in ("percentage", "children_share"))
            if kind == "count" and number != number.to_integral_value():
                raise ValueError(f"'{raw}': số lượng phải là số nguyên")
            return number
    elif kind in BOOLEAN_KINDS:
        if isinstance(raw, bool):
            return raw
        if isinstance(raw, int | float | Decimal) and raw in (0, 1):
            return bool(raw)
        if isinstance(raw, str):
            return parse_boolean(raw)
    elif kind == "choice":
        if isinstance(raw, str):
            return parse_choice(raw, choices or [])
    raise ValueError(f"'{raw}' không phải là giá trị hợp lệ cho chỉ tiêu loại {kind}")


def format_decimal(value: Decimal) -> str:
    """Vietnamese spelling: 1234.5 → "1.234,5"."""
    value = canonical_decimal(value)
    sign = "-" if value < 0 else ""
    integral, _, fraction = f"{abs(value):f}".partition(".")
    groups = []
    while len(integral) > 3:
        groups.insert(0, integral[-3:])
        integral = integral[:-3]
    groups.insert(0, integral)
    text = ".".join(groups)
    return f"{sign}{text},{fraction}" if fraction else f"{sign}{text}"


def format_value(value: Value | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "Đạt" if value else "Không đạt"
    if isinstance(value, Decimal):
        return format_decimal(value)
    return value


def json_value(value: Value | None) -> object:
    """JSON-friendly value: integral decimals become ints, others floats; bools and text as is."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
