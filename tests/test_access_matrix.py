"""Access matrix: every scoped page and API read × every persona → expected allow or deny.

Generated from the URL configuration and the OpenAPI schema (nothing hand-picked): the expectation
for each URL comes from tests/url_samples.py (which unit the sample belongs to and the capability
the page needs), and the persona's roles. A page that shows more than it should, or refuses someone
it should serve, appears in the failure list with the persona, URL and status.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from nongthonmoi.accounts.models import ApiToken
from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import can

from .test_access_walk import api_operations, fill, page_patterns, target  # noqa: F401 (fixture)
from .url_samples import PUBLIC_API, REQUIRES, SCOPED, TARGET_UNIT, Target

pytestmark = pytest.mark.django_db
PERSONAS = [
    "anonymous",
    "officer_a",
    "officer_b",
    "approver",
    "other_approver",
    "central",
    "council_member",
    "editor",
    "admin",
]
ALLOWED = {200, 405}
DENIED = {403, 404, 405}


def expected_allowed(name: str, persona: object, persona_name: str, target: Target, units) -> bool:  # type: ignore[no-untyped-def]
    if persona_name == "anonymous":
        return False
    need = REQUIRES.get(name, "view")
    if need == "owner":
        return persona == target.officer_b
    unit = units.province if TARGET_UNIT.get(name) == "province" else target.commune_b
    return can(persona, Capability(need), unit)


def observed(client, persona, url: str, method: str = "GET") -> int:  # type: ignore[no-untyped-def]
    client.logout()
    if persona is not None:
        client.force_login(persona)
    response = client.generic(method, url)
    if response.status_code == 302 and "/accounts/login/" in response.get("Location", ""):
        return 401
    return response.status_code


def test_every_persona_gets_exactly_what_its_scope_allows_on_every_scoped_page(
    client, personas, units, target
) -> None:  # type: ignore[no-untyped-def]
    mismatches = []
    for name, _pattern in page_patterns():
        if name not in SCOPED:
            continue
        url = reverse(name, kwargs=SCOPED[name](target))
        for persona_name in PERSONAS:
            persona = None if persona_name == "anonymous" else getattr(personas, persona_name)
            status = observed(client, persona, url)
            allowed = expected_allowed(name, persona, persona_name, target, units)
            ok = status in ALLOWED if allowed else (status in DENIED or status == 401)
            if not ok:
                mismatches.append(
                    (persona_name, name, url, status, "should allow" if allowed else "should deny")
                )
    assert mismatches == []


def test_every_persona_gets_exactly_what_its_scope_allows_on_every_api_read(
    client, personas, units, target
) -> None:  # type: ignore[no-untyped-def]
    mismatches = []
    for method, path in api_operations(client):
        if method != "GET" or "{" not in path or f"{method} {path}" in PUBLIC_API:
            continue
        url = fill(path, target)
        for persona_name in PERSONAS:
            persona = None if persona_name == "anonymous" else getattr(personas, persona_name)
            status = observed(client, persona, url)
            allowed = persona is not None and can(persona, Capability.VIEW, target.commune_b)
            if re.search(r"\{(?!structure|code)\w+\}", path):
                # resources other than units: the walk checks officer A is denied; owners vary
                allowed = (
                    allowed
                    if persona_name in {"officer_a", "other_approver", "anonymous"}
                    else None
                )  # type: ignore[assignment]
            if allowed is None:
                continue
            ok = status == 200 if allowed else status in {401, 403, 404}
            if not ok:
                mismatches.append(
                    (persona_name, path, status, "should allow" if allowed else "should deny")
                )
    assert mismatches == []


def test_tokens_of_one_user_never_act_for_another(client, personas) -> None:  # type: ignore[no-untyped-def]
    _, raw = ApiToken.issue(personas.officer_a, "matrix")
    me = client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert me["username"] == personas.officer_a.username
