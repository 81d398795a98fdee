"""Writes to administrative units: permission-checked, transactional, audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import can
from nongthonmoi.core import audit
from nongthonmoi.core.exceptions import PermissionDeniedError

from .models import AdminUnit

ATTRIBUTE_FIELDS = [
    "region",
    "commune_group",
    "is_mountainous",
    "is_island",
    "is_border",
    "ethnic_area",
    "is_specially_difficult",
    "is_safe_zone",
    "attributes_note",
]


def do_set_unit_attributes(actor: Any, unit: AdminUnit, changes: dict[str, Any]) -> AdminUnit:
    """Set criteria-relevant attributes (group, region, flags) of a unit, recording who and when."""
    unknown = set(changes) - set(ATTRIBUTE_FIELDS)
    if unknown:
        raise ValueError(f"not attribute fields: {sorted(unknown)}")
    if not can(actor, Capability.MANAGE, unit):
        raise PermissionDeniedError("manage capability required on this unit")
    with transaction.atomic():
        locked = AdminUnit.objects.select_for_update().get(pk=unit.pk)
        before = audit.snapshot(locked, ATTRIBUTE_FIELDS)
        for name, value in changes.items():
            setattr(locked, name, value)
        locked.attributes_set_by = actor
        locked.attributes_set_at = timezone.now()
        locked.save()
        after = audit.snapshot(locked, ATTRIBUTE_FIELDS)
        if before != after:
            audit.record(
                actor, "places.set_attributes", locked, unit=locked, before=before, after=after
            )
    return locked
