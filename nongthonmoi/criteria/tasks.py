"""Background work: recomputing stored evaluations for large batches of units."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from nongthonmoi.places.models import AdminUnit


@task()
def recompute_task(unit_ids: list[int], set_code: str, year: int) -> dict[str, Any]:
    from .services import do_recompute

    units = AdminUnit.objects.filter(pk__in=unit_ids).select_related("province")
    return do_recompute(units, set_code, year).as_dict()
