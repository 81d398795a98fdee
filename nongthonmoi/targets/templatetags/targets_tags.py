from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.utils.translation import gettext as _

from nongthonmoi.targets import queries
from nongthonmoi.targets.clock import today
from nongthonmoi.targets.reminders import INBOX_DAYS_AHEAD

register = template.Library()


def state_labels() -> dict[str, str]:
    return {
        "open": _("Chưa thực hiện"),
        "in_progress": _("Đang thực hiện"),
        "done": _("Hoàn thành"),
        "overdue": _("Quá hạn"),
    }


@register.simple_tag
def task_state(task: Any, on: dt.date | None = None) -> tuple[str, str]:
    """(state key, label) with "overdue" derived from the clock."""
    state = task.display_state(on or today())
    return state, state_labels()[state]


@register.inclusion_tag("targets/_inbox.html", takes_context=True)
def targets_inbox(context: Any) -> dict[str, Any]:
    """The home page's reminder panel; renders nothing when nothing is due or late."""
    request = context.get("request")
    user = getattr(request, "user", None)
    overdue, soon = queries.inbox_tasks(user, today(), days_ahead=INBOX_DAYS_AHEAD)
    return {"overdue": overdue, "soon": soon}
