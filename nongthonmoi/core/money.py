"""Money formatting in Vietnamese conventions (amounts are integer đồng)."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

BILLION = 1_000_000_000
MILLION = 1_000_000


def group_digits(value: int) -> str:
    """1234567 -> '1.234.567' (Vietnamese thousands separator is a dot)."""
    sign = "-" if value < 0 else ""
    return sign + f"{abs(value):,}".replace(",", ".")


def format_decimal(value: Decimal, places: int) -> str:
    quantum = Decimal(1).scaleb(-places)
    rounded = value.quantize(quantum, rounding=ROUND_HALF_UP)
    whole, _, frac = f"{abs(rounded):f}".partition(".")
    text = group_digits(int(whole))
    if frac.strip("0"):
        text += "," + frac.rstrip("0")
    return ("-" if rounded < 0 else "") + text


def format_vnd(amount: int) -> str:
    """Show đồng as tỷ/triệu đồng: 39_632_000_000_000 -> '39.632 tỷ đồng'."""
    if abs(amount) >= BILLION:
        return f"{format_decimal(Decimal(amount) / BILLION, 3)} tỷ đồng"
    if abs(amount) >= MILLION:
        return f"{format_decimal(Decimal(amount) / MILLION, 3)} triệu đồng"
    return f"{group_digits(amount)} đồng"
