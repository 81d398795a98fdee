from __future__ import annotations

import pytest

from nongthonmoi.accounts.models import ApiToken

pytestmark = pytest.mark.django_db


def test_the_api_requires_authentication(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/units").status_code == 401


def test_unit_detail_is_scoped(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    assert client.get(f"/api/v1/units/2025/{units.commune_a.code}").json()["name"] == "Xã Bảo Lâm"
    assert client.get(f"/api/v1/units/2025/{units.commune_b.code}").status_code == 404


def test_children_and_list_are_scoped(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    children = client.get("/api/v1/units/2025/04/children").json()
    assert len(children) == 56
    assert {c["parent_code"] for c in children} == {"04"}
    listed = client.get("/api/v1/units", {"structure": "2025", "level": "province"}).json()
    assert [u["code"] for u in listed] == ["04"]


def test_search_works_without_diacritics(client, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.central)
    names = [u["name"] for u in client.get("/api/v1/units/search", {"q": "Cao Bang"}).json()]
    assert "Tỉnh Cao Bằng" in names


def test_a_bearer_token_authenticates(client, personas) -> None:  # type: ignore[no-untyped-def]
    _, raw = ApiToken.issue(personas.officer_a, "test")
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert me["username"] == "xa.baolam"
    assert me["assignments"][0]["unit_code"] == "01290"
    assert client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_openapi_docs_are_served(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/docs").status_code == 200
    assert "/api/v1/units" in client.get("/api/v1/openapi.json").json()["paths"]
