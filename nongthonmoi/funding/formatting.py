"""Vietnamese number display: '.' groups thousands, ',' marks decimals (5,0; 1.000.000)."""

from __future__ import annotations

from decimal import Decimal


def format_decimal_vi(value: Decimal | int) -> str:
    """Keep the written precision: Decimal('5.0') → '5,0'; 155 → '155'; 1234.5 → '1.234,5'."""
    text = format(value, "f") if isinstance(value, Decimal) else str(value)
    sign = "-" if text.startswith("-") else ""
    whole, _, fraction = text.lstrip("-").partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}{grouped},{fraction}" if fraction else f"{sign}{grouped}"


def format_money_vi(amount: int) -> str:
    """An amount in đồng with thousands dots: 39632000000000 → '39.632.000.000.000'."""
    return format_decimal_vi(amount)
