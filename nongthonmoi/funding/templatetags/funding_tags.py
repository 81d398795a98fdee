"""Money in pages: `{{ amount|dong }}` → 1.234.000, `{{ amount|vnd }}` → 1,234 tỷ đồng."""

from __future__ import annotations

from typing import Any

from django import template

from nongthonmoi.core.money import format_vnd, group_digits

register = template.Library()


@register.filter
def dong(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return group_digits(int(value))


@register.filter
def vnd(value: Any) -> str:
    if value is None or value == "":
        return "—"
    return format_vnd(int(value))


@register.filter
def signed_dong(value: Any) -> str:
    value = int(value or 0)
    return ("+" if value > 0 else "") + group_digits(value)


@register.filter
def coefficient(value: Any) -> str:
    """Decimal coefficient with a Vietnamese decimal comma and no trailing zeros."""
    if value is None:
        return "—"
    text = f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)
    return text.replace(".", ",")
