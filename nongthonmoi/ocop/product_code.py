"""OCOP product codes ``T-X-STT-year`` as printed on every sheet of QĐ 26/2026 (pure).

"Mã số sản phẩm (T)-(X)-(STT)-20…: T: Mã tỉnh - X: Mã xã - STT: Số thứ tự sản phẩm do xã lập
thống kê - Năm đánh giá. Mã đơn vị hành chính theo Quyết định số 19/2025/QĐ-TTg."

Public API: ``ProductCode`` (``.province``, ``.commune``, ``.number``, ``.year``, ``str()``),
``parse_product_code(text) -> ProductCode`` (raises ``ProductCodeError`` listing every problem) and
``format_product_code(province, commune, number, year) -> str``.  The code widths (2-digit province,
5-digit commune) come from the rulebook data, where their status is recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nongthonmoi.ocop.rulebook import load_rulebook


class ProductCodeError(ValueError):
    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class ProductCode:
    province: str  # T: mã tỉnh
    commune: str  # X: mã xã
    number: int  # STT: số thứ tự do xã lập
    year: int  # năm đánh giá

    def __str__(self) -> str:
        return f"{self.province}-{self.commune}-{self.number}-{self.year}"


def _widths(rulebook_code: str) -> tuple[int, int]:
    spec = load_rulebook(rulebook_code).raw.get("product_code") or {}
    return int(spec.get("province_code_digits", 2)), int(spec.get("commune_code_digits", 5))


def parse_product_code(text: str, *, rulebook: str = "qd-26-2026") -> ProductCode:
    """Parse ``T-X-STT-year`` (e.g. ``01-00004-12-2026``); leading zeros of STT are accepted."""
    province_digits, commune_digits = _widths(rulebook)
    cleaned = re.sub(r"\s+", "", text or "")
    pieces = cleaned.split("-")
    if len(pieces) != 4:
        raise ProductCodeError(
            [f"Mã sản phẩm “{text}” phải có 4 phần T-X-STT-năm, có {len(pieces)} phần"]
        )
    province, commune, number, year = pieces
    problems = []
    if not re.fullmatch(rf"\d{{{province_digits}}}", province):
        problems.append(f"mã tỉnh (T) “{province}” phải gồm {province_digits} chữ số")
    if not re.fullmatch(rf"\d{{{commune_digits}}}", commune):
        problems.append(f"mã xã (X) “{commune}” phải gồm {commune_digits} chữ số")
    if not re.fullmatch(r"\d{1,6}", number) or int(number) == 0:
        problems.append(f"số thứ tự (STT) “{number}” phải là số nguyên dương")
    if not re.fullmatch(r"20\d{2}", year):  # the sheet prints "-20……"
        problems.append(f"năm đánh giá “{year}” phải là năm 20xx (4 chữ số)")
    if problems:
        raise ProductCodeError([f"Mã sản phẩm “{text}”: {p}" for p in problems])
    return ProductCode(province, commune, int(number), int(year))


def format_product_code(
    province: str | int, commune: str | int, number: int, year: int, *, rulebook: str = "qd-26-2026"
) -> str:
    """Canonical form: codes zero-padded to their width, STT without padding."""
    province_digits, commune_digits = _widths(rulebook)
    text = f"{int(province):0{province_digits}d}-{int(commune):0{commune_digits}d}-{number}-{year}"
    return str(parse_product_code(text, rulebook=rulebook))
