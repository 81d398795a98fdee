from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.filter
def get(mapping: dict[str, Any] | None, key: str) -> Any:
    return (mapping or {}).get(key)


@register.filter
def is_chosen(value: Any, option: Any) -> bool:
    """Was `option` picked in a redisplayed form value (a string or a list)?"""
    if isinstance(value, (list, tuple)):
        return str(option) in [str(v) for v in value]
    return value is not None and str(value) == str(option)
