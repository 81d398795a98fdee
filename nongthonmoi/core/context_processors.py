from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse

from .navigation import items_for


def navigation(request: HttpRequest) -> dict[str, Any]:
    entries = []
    for item in items_for(request.user):
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append(
            {"label": item.label, "url": url, "active": request.path.startswith(url) and url != "/"}
        )
    return {"nav_items": entries}
