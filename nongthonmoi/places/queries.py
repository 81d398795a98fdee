"""Reads over administrative units."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from nongthonmoi.core.text import fold

from .models import AdminUnit, Level, Structure


def units_under(unit: AdminUnit, level: str | None = None) -> QuerySet[AdminUnit]:
    """All units strictly below `unit` (optionally of one level): one indexed query."""
    qs = AdminUnit.objects.filter(structure=unit.structure)
    if unit.level == Level.PROVINCE:
        qs = qs.filter(province=unit).exclude(pk=unit.pk)
    elif unit.level == Level.DISTRICT:
        qs = qs.filter(district=unit).exclude(pk=unit.pk)
    else:
        return qs.none()
    return qs.filter(level=level) if level else qs


def stats(structure: str) -> dict[str, int]:
    counts = dict(
        AdminUnit.objects.filter(structure=structure)
        .values_list("level")
        .annotate(n=Count("id"))
        .values_list("level", "n")
    )
    return {level: counts.get(level, 0) for level in Level.values}


def search(query: str, structure: str | None = None) -> QuerySet[AdminUnit]:
    """Name search with or without diacritics: 'Cao Bang' finds 'Cao Bằng'."""
    terms = fold(query).split()
    qs = AdminUnit.objects.all()
    if structure:
        qs = qs.filter(structure=structure)
    condition = Q()
    for term in terms:
        condition &= Q(name_folded__contains=term)
    return qs.filter(condition).select_related("province", "district").order_by("level", "name")


def child_counts(unit: AdminUnit | None, structure: str) -> dict[int, dict[str, int]]:
    """For each child of `unit` (or each province), how many districts and communes it holds."""
    if unit is None:
        field = "province_id"
        qs = AdminUnit.objects.filter(structure=structure).exclude(level=Level.PROVINCE)
    elif unit.level == Level.PROVINCE and structure == Structure.OLD:
        field = "district_id"
        qs = AdminUnit.objects.filter(structure=structure, province=unit, level=Level.COMMUNE)
    else:
        return {}
    result: dict[int, dict[str, int]] = {}
    for key, level, n in (
        qs.values_list(field, "level").annotate(n=Count("id")).values_list(field, "level", "n")
    ):
        result.setdefault(key, {})[level] = n
    return result
