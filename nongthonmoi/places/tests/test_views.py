from __future__ import annotations

import pytest
from django.urls import reverse

from nongthonmoi.core.models import AuditEntry
from nongthonmoi.places.models import AdminUnit

pytestmark = pytest.mark.django_db


def detail_url(unit: AdminUnit) -> str:
    return reverse("places:detail", args=[unit.structure, unit.code])


def test_the_unit_browser_requires_login(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get(reverse("places:index"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_a_province_approver_browses_province_to_commune(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    index = client.get(reverse("places:index"))
    assert "Tỉnh Cao Bằng" in index.content.decode()
    assert "Tỉnh Lạng Sơn" not in index.content.decode()
    province = client.get(detail_url(units.province))
    assert province.status_code == 200
    assert "Xã Bảo Lâm" in province.content.decode()
    commune = client.get(detail_url(units.commune_a))
    assert commune.status_code == 200
    assert "Tỉnh Cao Bằng" in commune.content.decode()  # breadcrumb


def test_the_old_map_shows_districts_with_commune_counts(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.central)
    page = client.get(detail_url(units.old_province)).content.decode()
    assert "Huyện Bảo Lâm" in page
    assert "Số xã" in page


def test_it_returns_404_for_another_commune(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    assert client.get(detail_url(units.commune_a)).status_code == 200
    assert client.get(detail_url(units.commune_b)).status_code == 404
    assert client.get(detail_url(units.province)).status_code == 404


def test_search_only_returns_units_in_scope(client, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    page = client.get(reverse("places:search"), {"q": "Ly Bon"}).content.decode()
    assert "Xã Lý Bôn" not in page
    page = client.get(reverse("places:search"), {"q": "bao lam"}).content.decode()
    assert "Xã Bảo Lâm" in page


def test_an_approver_sets_commune_attributes_and_it_is_audited(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    url = reverse("places:attributes", args=["2025", units.commune_a.code])
    response = client.post(
        url,
        {"region": "", "commune_group": "2", "ethnic_area": "", "attributes_note": "QĐ 12/QĐ-UBND"},
    )
    assert response.status_code == 302
    unit = AdminUnit.objects.get(pk=units.commune_a.pk)
    assert unit.commune_group == 2
    assert unit.attributes_set_by == personas.approver
    entry = AuditEntry.objects.get(action="places.set_attributes", unit=unit)
    assert entry.actor == personas.approver
    assert entry.after["commune_group"] == 2
    assert entry.before["commune_group"] != 2


def test_a_commune_officer_cannot_set_attributes(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    url = reverse("places:attributes", args=["2025", units.commune_a.code])
    before = AdminUnit.objects.get(pk=units.commune_a.pk).commune_group
    response = client.post(url, {"commune_group": "1"})
    assert response.status_code == 404
    assert AdminUnit.objects.get(pk=units.commune_a.pk).commune_group == before
    assert not AuditEntry.objects.filter(action="places.set_attributes").exists()
