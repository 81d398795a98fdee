"""`{% ocop_inbox as inbox %}`: what the user has to do in the OCOP procedure (home-page panel)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

register = template.Library()


@register.simple_tag(takes_context=True)
def ocop_inbox(context: dict[str, Any]) -> dict[str, Any]:
    from nongthonmoi.ocop.queries import inbox_for

    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"total": 0}
    return inbox_for(user, timezone.localdate())
