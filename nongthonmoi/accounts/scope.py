"""The one scoping rule: which administrative units a user may see or act on.

Every view and API endpoint that shows or changes private data goes through this module
(`units_for`, `filter_for`, `get_unit_or_404`, `can`); none builds its own filter.

An assignment covers its unit and every unit below it on the same map. An assignment on the 2025
map also covers the matching part of the 2021 map through the succession table (the old provinces
merged into a new province; the old communes merged into a new commune), so staff keep access to
their 2021–2025 history. An assignment without a unit covers the whole nation.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Model, Q, QuerySet
from django.http import Http404

from nongthonmoi.places.models import AdminUnit, Level, Structure, UnitSuccession

from .roles import CAPABILITIES, Capability, Role

M = TypeVar("M", bound=Model)
_ALL = "all"
_ASSIGNMENTS = "_scope_assignments"  # per-user-object cache of the assignments read


def _roles_with(capability: Capability) -> list[str]:
    return [role.value for role, caps in CAPABILITIES.items() if capability in caps]


def _coverage(unit: AdminUnit) -> Q:
    if unit.level == Level.PROVINCE:
        q = Q(province_id=unit.pk)
    elif unit.level == Level.DISTRICT:
        q = Q(district_id=unit.pk)
    else:
        q = Q(pk=unit.pk)
    if unit.structure == Structure.NEW:
        if unit.level == Level.PROVINCE:
            old_provinces = (
                AdminUnit.objects.filter(
                    structure=Structure.OLD,
                    level=Level.COMMUNE,
                    successors__new__province_id=unit.pk,
                )
                .values("province_id")
                .distinct()
            )
            q |= Q(structure=Structure.OLD, province_id__in=old_provinces)
        else:
            q |= Q(pk__in=UnitSuccession.objects.filter(new_id=unit.pk).values("old_id"))
    return q


def _scope_q(user: Any, capability: Capability) -> Q | str | None:
    """A Q over AdminUnit, the marker _ALL, or None when the user has no such scope."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return None
    cache: dict[Capability, Q | str | None] = user.__dict__.setdefault("_scope_cache", {})
    if capability in cache:
        return cache[capability]
    if user.is_superuser:
        cache[capability] = _ALL
        return _ALL
    if _ASSIGNMENTS not in user.__dict__:
        # one query per request for all capabilities (pages ask for several)
        prime_assignments(user, list(user.assignments.select_related("unit")))
    roles = set(_roles_with(capability))
    assignments = [a for a in user.__dict__[_ASSIGNMENTS] if a.role in roles]
    result: Q | str | None = None
    for assignment in assignments:
        if assignment.unit is None:
            result = _ALL
            break
        q = _coverage(assignment.unit)
        result = q if result is None else result | q  # type: ignore[operator]
    cache[capability] = result
    return result


def prime_assignments(user: Any, assignments: list[Any]) -> None:
    """Hand over `user`'s assignments (all of them, units selected) already read in bulk, so
    that scope checks on this user object cost no further query (lists of many users)."""
    user.__dict__[_ASSIGNMENTS] = assignments
    user.__dict__.pop("_scope_cache", None)


def units_for(user: Any, capability: Capability = Capability.VIEW) -> QuerySet[AdminUnit]:
    """Units on which `user` holds `capability`."""
    q = _scope_q(user, capability)
    if q is None:
        return AdminUnit.objects.none()
    if q == _ALL:
        return AdminUnit.objects.all()
    return AdminUnit.objects.filter(q)  # type: ignore[arg-type]


def filter_for(
    user: Any,
    queryset: QuerySet[M],
    *,
    unit_field: str = "unit",
    capability: Capability = Capability.VIEW,
) -> QuerySet[M]:
    """Restrict any queryset whose rows belong to a unit (via `unit_field`) to the user's scope."""
    q = _scope_q(user, capability)
    if q is None:
        return queryset.none()
    if q == _ALL:
        return queryset
    return queryset.filter(**{f"{unit_field}__in": AdminUnit.objects.filter(q).values("pk")})  # type: ignore[arg-type]


def can(user: Any, capability: Capability, unit: AdminUnit | None) -> bool:
    """May `user` use `capability` on `unit`? (unit None = a national-level object)."""
    q = _scope_q(user, capability)
    if q is None:
        return False
    if q == _ALL:
        return True
    if unit is None:
        return False
    return AdminUnit.objects.filter(q, pk=unit.pk).exists()  # type: ignore[arg-type]


def has_capability_anywhere(user: Any, capability: Capability) -> bool:
    return _scope_q(user, capability) is not None


def is_national(user: Any, capability: Capability = Capability.VIEW) -> bool:
    return _scope_q(user, capability) == _ALL


def get_unit_or_404(
    user: Any, structure: str, code: str, capability: Capability = Capability.VIEW
) -> AdminUnit:
    """The unit, if the user holds `capability` on it; otherwise 404 (never reveal it exists)."""
    try:
        return units_for(user, capability).get(structure=structure, code=code)
    except AdminUnit.DoesNotExist as exc:
        raise Http404("unit not in scope") from exc


def roles_of(user: Any) -> set[Role]:
    if not getattr(user, "is_authenticated", False):
        return set()
    return {Role(r) for r in user.assignments.values_list("role", flat=True)}
