"""Template helpers of the portal, also used by the site's home page."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django import template
from django.urls import NoReverseMatch, reverse

from .. import counters, queries

register = template.Library()


@register.simple_tag
def url_if_exists(name: str) -> str:
    """The URL of a named page, or "" when that module has not published it (yet)."""
    return _url_if_exists(name)


@lru_cache(maxsize=64)
def _url_if_exists(name: str) -> str:
    # the URL configuration is fixed for the life of the process: remember failures too
    try:
        return reverse(name)
    except NoReverseMatch:
        return ""


@register.simple_tag
def cover_url(article: Any, size: str = "large") -> str:
    """Versioned cover URL (the version lets the image be cached for a year)."""
    field = article.cover_thumb if size == "thumb" else article.cover
    if not field:
        return ""
    version = int(article.updated_at.timestamp()) if article.updated_at else 0
    return reverse("portal:cover", kwargs={"pk": article.pk, "size": size}) + f"?v={version}"


@register.simple_tag
def portal_latest(limit: int = 4) -> list[Any]:
    return queries.latest(limit)


@register.simple_tag
def portal_visitor_stats() -> counters.VisitorStats:
    return counters.visitor_stats()


@register.filter
def thousands(value: int | None) -> str:
    """1731 -> "1.731" (Vietnamese thousands separator)."""
    return f"{int(value or 0):,}".replace(",", ".")


@register.filter
def clean_html(body: str) -> str:
    """Sanitised again at render time: rows changed outside save() still never carry a script."""
    from django.utils.safestring import mark_safe

    from ..richtext import sanitize

    return mark_safe(sanitize(body or ""))  # noqa: S308 - nh3 allow-list output
