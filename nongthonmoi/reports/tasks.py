"""Background generation of a report's files (django-tasks)."""

from __future__ import annotations

from django_tasks import task


@task()
def generate_report(generation_id: int) -> str:
    from .runner import run_generation

    return run_generation(generation_id)
