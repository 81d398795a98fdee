from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from nongthonmoi.places import loading, queries
from nongthonmoi.places.models import AdminUnit, Level, Structure, UnitSuccession

pytestmark = pytest.mark.django_db


def test_it_loads_both_full_maps_with_the_official_counts() -> None:
    loading.load_all()
    assert queries.stats(Structure.NEW) == {"province": 34, "district": 0, "commune": 3321}
    assert queries.stats(Structure.OLD) == {"province": 63, "district": 696, "commune": 10051}


def test_units_stats_prints_the_counts_of_both_maps() -> None:
    loading.load_all()
    out = StringIO()
    call_command("units", "stats", stdout=out)
    text = out.getvalue()
    assert "2025 map: 34 provinces / 3,321 communes" in text
    assert "2021 map: 63 provinces / 696 districts / 10,051 communes" in text


def test_loading_twice_changes_nothing() -> None:
    loading.load_all()
    before = list(
        AdminUnit.objects.order_by("pk").values_list("pk", "name", "parent_id", "province_id")
    )
    links = UnitSuccession.objects.count()
    lines = loading.load_all()
    assert lines == [
        "2021: 0 created, 0 updated",
        "2025: 0 created, 0 updated",
        "succession: 0 links created",
    ]
    assert (
        list(AdminUnit.objects.order_by("pk").values_list("pk", "name", "parent_id", "province_id"))
        == before
    )
    assert UnitSuccession.objects.count() == links


def test_every_commune_of_the_old_map_knows_its_district_and_province(units) -> None:  # type: ignore[no-untyped-def]
    communes = AdminUnit.objects.filter(
        structure=Structure.OLD, level=Level.COMMUNE, province=units.old_province
    )
    assert communes.count() > 100
    assert not communes.filter(district__isnull=True).exists()
    assert set(communes.values_list("region", flat=True)) == {"TDMNPB"}


def test_all_communes_under_a_province_is_one_query(units, django_assert_num_queries) -> None:  # type: ignore[no-untyped-def]
    with django_assert_num_queries(1):
        count = len(list(queries.units_under(units.province, Level.COMMUNE)))
    assert count == 56


def test_old_communes_map_to_new_ones(units) -> None:  # type: ignore[no-untyped-def]
    predecessors = UnitSuccession.objects.filter(new=units.commune_a).select_related("old")
    names = {link.old.name for link in predecessors}
    # Xã Bảo Lâm (2025) was formed from communes of the old Bảo Lâm district
    assert names
    assert all(link.old.district_id == units.old_district.pk for link in predecessors)
