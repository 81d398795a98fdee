"""Module navigation: each app registers its entries in AppConfig.ready(), so no app edits base.html."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class NavItem:
    label: Any  # a lazy translation string
    url_name: str
    order: int = 50
    # None: shown to everyone; otherwise a predicate on the user
    visible: Callable[[Any], bool] | None = field(default=None, compare=False)


_ITEMS: dict[str, NavItem] = {}


def register(item: NavItem) -> None:
    _ITEMS[item.url_name] = item


def items_for(user: Any) -> list[NavItem]:
    return sorted(
        (item for item in _ITEMS.values() if item.visible is None or item.visible(user)),
        key=lambda item: item.order,
    )
