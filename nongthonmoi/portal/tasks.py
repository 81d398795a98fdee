"""Background work: move the cached view and visitor counts into the database."""

from __future__ import annotations

from django_tasks import task

from . import counters


@task()
def flush_counters() -> dict[str, int]:
    views, days = counters.flush()
    return {"views": views, "days": days}
