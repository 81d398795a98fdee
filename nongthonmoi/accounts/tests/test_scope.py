from __future__ import annotations

import pytest

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import can, filter_for, get_unit_or_404, units_for
from nongthonmoi.core.models import AuditEntry
from nongthonmoi.places.models import AdminUnit, Level, Structure

pytestmark = pytest.mark.django_db


def test_a_commune_officer_sees_their_commune_and_its_old_predecessors_only(
    personas, units
) -> None:  # type: ignore[no-untyped-def]
    scoped = units_for(personas.officer_a)
    assert scoped.filter(pk=units.commune_a.pk).exists()
    assert not scoped.filter(pk=units.commune_b.pk).exists()
    assert not scoped.filter(pk=units.province.pk).exists()
    old = scoped.filter(structure=Structure.OLD)
    assert old.exists()
    assert set(old.values_list("level", flat=True)) == {Level.COMMUNE}


def test_a_province_approver_covers_the_province_on_both_maps(personas, units) -> None:  # type: ignore[no-untyped-def]
    scoped = units_for(personas.approver)
    assert scoped.filter(structure=Structure.NEW, level=Level.COMMUNE).count() == 56
    assert scoped.filter(pk=units.old_province.pk).exists()
    assert scoped.filter(pk=units.old_district.pk).exists()
    assert not scoped.filter(pk=units.other_province.pk).exists()


def test_a_district_reviewer_covers_only_their_old_district(personas, units) -> None:  # type: ignore[no-untyped-def]
    scoped = units_for(personas.district_reviewer)
    assert scoped.filter(structure=Structure.NEW).count() == 0
    assert set(scoped.values_list("district_id", flat=True)) == {units.old_district.pk}


def test_national_roles_cover_everything(personas) -> None:  # type: ignore[no-untyped-def]
    assert units_for(personas.central).count() == AdminUnit.objects.count()
    assert units_for(personas.admin).count() == AdminUnit.objects.count()


def test_capabilities_follow_roles(personas, units) -> None:  # type: ignore[no-untyped-def]
    assert can(personas.officer_a, Capability.ENTER_DATA, units.commune_a)
    assert not can(personas.officer_a, Capability.APPROVE, units.commune_a)
    assert can(personas.approver, Capability.APPROVE, units.commune_a)
    assert not can(personas.other_approver, Capability.APPROVE, units.commune_a)
    assert not can(personas.central, Capability.ENTER_DATA, units.commune_a)
    assert can(personas.central, Capability.VIEW, units.commune_b)
    assert not can(None, Capability.VIEW, units.commune_a)


def test_get_unit_or_404_hides_units_outside_scope(personas, units) -> None:  # type: ignore[no-untyped-def]
    from django.http import Http404

    assert get_unit_or_404(personas.officer_a, "2025", units.commune_a.code) == units.commune_a
    with pytest.raises(Http404):
        get_unit_or_404(personas.officer_a, "2025", units.commune_b.code)


def test_filter_for_limits_any_queryset_by_its_unit(personas, units) -> None:  # type: ignore[no-untyped-def]
    AuditEntry.objects.create(action="x", object_type="t", unit=units.commune_a)
    AuditEntry.objects.create(action="x", object_type="t", unit=units.commune_b)
    visible = filter_for(personas.officer_a, AuditEntry.objects.all())
    assert list(visible.values_list("unit_id", flat=True)) == [units.commune_a.pk]
