"""Product codes T-X-STT-year (printed on every sheet of QĐ 26/2026)."""

from __future__ import annotations

import re

import pytest

from nongthonmoi.ocop.product_code import (
    ProductCode,
    ProductCodeError,
    format_product_code,
    parse_product_code,
)


def test_it_parses_province_commune_number_and_year() -> None:
    code = parse_product_code("04-01279-12-2026")
    assert code == ProductCode(province="04", commune="01279", number=12, year=2026)
    assert str(code) == "04-01279-12-2026"


def test_it_accepts_spaces_and_leading_zeros_in_the_number() -> None:
    assert str(parse_product_code(" 04 - 01279 - 007 - 2026 ")) == "04-01279-7-2026"


def test_formatter_pads_the_administrative_codes() -> None:
    assert format_product_code(4, 1279, 3, 2026) == "04-01279-3-2026"
    assert format_product_code("20", "06253", 1, 2027) == "20-06253-1-2027"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("04-01279-12", "4 phần"),
        ("4-01279-12-2026", "mã tỉnh (T)"),
        ("04-1279-12-2026", "mã xã (X)"),
        ("04-01279-0-2026", "số thứ tự (STT)"),
        ("04-01279-x-2026", "số thứ tự (STT)"),
        ("04-01279-12-1999", "năm đánh giá"),
        ("04-01279-12-26", "năm đánh giá"),
    ],
)
def test_it_rejects_malformed_codes_naming_the_part(text: str, message: str) -> None:
    with pytest.raises(ProductCodeError, match=re.escape(message)):
        parse_product_code(text)


def test_it_lists_every_problem_at_once() -> None:
    with pytest.raises(ProductCodeError) as caught:
        parse_product_code("4-12-0-99")
    assert len(caught.value.problems) == 4
