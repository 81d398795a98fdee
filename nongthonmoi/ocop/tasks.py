"""Background work of the OCOP module (django-tasks)."""

from __future__ import annotations

import datetime as dt

from django_tasks import task


@task()
def send_expiry_reminders(on: str | None = None) -> int:
    """Daily: remind producers and the province before certificates expire.

    `on` (ISO date) defaults to today; enqueue it once a day (`manage.py ocop_daily`, from cron)."""
    from .services import send_expiry_reminders as send

    return len(send(dt.date.fromisoformat(on) if on else None))
