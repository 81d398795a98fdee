"""Which reminders are due today (pure) — the daily e-mail job and the inbox share this rule.

Platform policy, not an official rule: remind 7 days and 1 day before the deadline, then on the
first day after it and every 7 days while the task stays overdue.
"""

from __future__ import annotations

import datetime as dt

DAYS_BEFORE = (7, 1)
OVERDUE_EVERY_DAYS = 7
INBOX_DAYS_AHEAD = 7


def reminder_kind(deadline: dt.date, done: bool, today: dt.date) -> str | None:
    if done:
        return None
    days_left = (deadline - today).days
    if days_left in DAYS_BEFORE:
        return f"due_in_{days_left}"
    days_late = -days_left
    if days_late >= 1 and (days_late - 1) % OVERDUE_EVERY_DAYS == 0:
        return "overdue"
    return None
