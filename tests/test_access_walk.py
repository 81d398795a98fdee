"""Walk the whole URL list and the whole API as officer A against commune B's resources."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from nongthonmoi.accounts.models import ApiToken

from .url_samples import (
    API_PARAMS,
    EXCLUDED_PREFIXES,
    MAY_NAME_OTHER_UNITS,
    PUBLIC,
    PUBLIC_API,
    REQUIRES,
    SCOPED,
    TARGET_UNIT,
    Target,
)

pytestmark = pytest.mark.django_db
DENIED = {403, 404, 405}


def walk(resolver: URLResolver | None = None, namespace: str = "") -> list[tuple[str, URLPattern]]:
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            found.extend(walk(entry, inner))
        elif entry.name:
            found.append((f"{namespace}{entry.name}", entry))
    return found


def has_params(pattern: URLPattern) -> bool:
    return bool(pattern.pattern.regex.groupindex)


def page_patterns() -> list[tuple[str, URLPattern]]:
    return [(name, p) for name, p in walk() if not name.startswith(tuple(EXCLUDED_PREFIXES))]


@pytest.fixture
def target(personas, units) -> Target:  # type: ignore[no-untyped-def]
    token, _ = ApiToken.issue(personas.officer_b, "b")
    from nongthonmoi.ocop.tests.factories import commune_b_sample

    ocop = commune_b_sample(units, personas)
    from nongthonmoi.rounds.tests.factories import access_walk_objects

    rounds = access_walk_objects(units.commune_b, personas.officer_b)
    from nongthonmoi.funding.tests.factories import commune_b_sample as funding_b
    from nongthonmoi.portal.tests.factories import access_walk_article
    from nongthonmoi.reports.tests.factories import access_walk_report
    from nongthonmoi.targets.tests.factories import access_walk_objects as targets_b

    return Target(
        commune_b=units.commune_b,
        officer_b=personas.officer_b,
        token_b=token,
        ocop=ocop,
        rounds=rounds,
        portal_article=access_walk_article(units),
        report=access_walk_report(units, personas),
        funding=funding_b(units),
        targets=targets_b(units, personas),
        feedback_survey=__import__(
            "nongthonmoi.feedback.tests.factories", fromlist=["x"]
        ).access_walk_survey(units, personas),
    )


def test_every_parameterised_page_is_known_to_the_walk() -> None:
    unknown = [
        name
        for name, p in page_patterns()
        if has_params(p) and name not in SCOPED and name not in PUBLIC
    ]
    assert unknown == [], f"add these URL names to tests/url_samples.py: {unknown}"


def test_officer_a_is_denied_every_page_of_commune_b(client, personas, target) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    leaks = []
    for name, _pattern in page_patterns():
        if name not in SCOPED:
            continue
        url = reverse(name, kwargs=SCOPED[name](target))
        status = client.get(url).status_code
        if status not in DENIED:
            leaks.append((name, url, status))
    assert leaks == []


def test_officer_b_reaches_the_same_pages(client, personas, target) -> None:  # type: ignore[no-untyped-def]
    """The walk above is only meaningful if the URLs are real: B's own officer gets them."""
    client.force_login(personas.officer_b)
    for name, _pattern in page_patterns():
        if name not in SCOPED or REQUIRES.get(name) not in (None, "owner") or name in TARGET_UNIT:
            continue  # pages needing more than view, or on B's province: see the access matrix
        status = client.get(reverse(name, kwargs=SCOPED[name](target))).status_code
        assert status in {200, 405}, (name, status)


def test_pages_without_parameters_never_show_commune_b_to_officer_a(
    client, personas, units
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    b_name = units.commune_b.name
    for name, pattern in page_patterns():
        if has_params(pattern) and name not in PUBLIC:
            continue
        url = (
            reverse(name, kwargs=PUBLIC[name](None))
            if name in PUBLIC and has_params(pattern)
            else reverse(name)
        )  # type: ignore[arg-type]
        response = client.get(url, {"q": "Lý Bôn", "unit": units.commune_b.code})
        assert response.status_code < 500, (name, response.status_code)
        if name not in MAY_NAME_OTHER_UNITS and response.get("Content-Type", "").startswith(
            "text/html"
        ):
            assert b_name not in response.content.decode(), name


def test_admin_pages_send_non_staff_to_the_admin_login(client, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    response = client.get("/admin/places/adminunit/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def api_operations(client) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    schema = client.get("/api/v1/openapi.json").json()
    return [(method.upper(), path) for path, ops in schema["paths"].items() for method in ops]


def fill(path: str, target: Target) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        assert name in API_PARAMS, (
            f"add the API path parameter {{{name}}} to API_PARAMS in tests/url_samples.py"
        )
        return str(API_PARAMS[name](target))

    return re.sub(r"\{(\w+)\}", value, path)


def test_officer_a_is_denied_every_api_operation_on_commune_b(
    client, personas, units, target
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    leaks = []
    for method, path in api_operations(client):
        if "{" not in path or f"{method} {path}" in PUBLIC_API:
            continue
        url = fill(path, target)
        response = client.generic(method, url)
        if response.status_code not in DENIED:
            leaks.append((method, url, response.status_code))
    assert leaks == []


def test_officer_a_reaches_the_unit_operations_of_commune_a(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    for method, path in api_operations(client):
        if method != "GET" or set(re.findall(r"\{(\w+)\}", path)) != {"structure", "code"}:
            continue
        url = path.replace("{structure}", "2025").replace("{code}", units.commune_a.code)
        assert client.get(url).status_code == 200, url


def test_api_lists_and_searches_never_return_commune_b_to_officer_a(
    client, personas, units
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    for method, path in api_operations(client):
        if "{" in path or method != "GET":
            continue
        response = client.get(path, {"q": "Lý Bôn"})
        assert response.status_code < 500, path
        assert units.commune_b.code not in response.content.decode(), path
