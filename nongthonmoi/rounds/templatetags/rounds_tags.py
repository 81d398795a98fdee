from __future__ import annotations

from typing import Any

from django import template

from nongthonmoi.rounds.queries import Inbox, inbox_for

register = template.Library()


@register.simple_tag(takes_context=True)
def rounds_inbox(context: Any) -> Inbox:
    """The home page's inbox; computed once per request."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return Inbox()
    cached: Inbox | None = getattr(request, "_rounds_inbox", None)
    if cached is None:
        cached = inbox_for(request.user)
        request._rounds_inbox = cached  # type: ignore[attr-defined]
    return cached


@register.filter
def slug(code: str) -> str:
    return code.replace(".", "-")


@register.filter
def tier_label(tier: str) -> str:
    from nongthonmoi.criteria.schema import TIER_LABELS_VI

    return TIER_LABELS_VI.get(tier, tier)
