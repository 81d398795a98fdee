"""Shared fixtures: the demo world (Cao Bằng and Lạng Sơn on both maps) and personas.

The test database gets the demo provinces once per session. Transactional tests (browser, live
server) flush the database afterwards, so they ask for `demo_world`, which reloads it if needed.
"""

from __future__ import annotations

import os

import pytest

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by fixtures and
# the live server are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

DEMO_PROVINCES = {"04", "20"}  # Cao Bằng, Lạng Sơn


def _load_world() -> None:
    from nongthonmoi.demo import base
    from nongthonmoi.places import loading
    from nongthonmoi.places.models import AdminUnit

    if not AdminUnit.objects.filter(code=base.COMMUNE_B).exists():
        loading.load_all(only_provinces=DEMO_PROVINCES)
        base.load()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        _load_world()


@pytest.fixture
def demo_world(django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        _load_world()


@pytest.fixture(autouse=True)
def _django_test_defaults(request):  # type: ignore[no-untyped-def]
    """Fast password hashing and a clean cache (login lockouts live there) for each test.

    Skipped when pure modules are tested without Django (`pytest -p no:django --noconftest`).
    """
    if not request.config.pluginmanager.hasplugin("django"):
        return
    from django.core.cache import cache

    settings = request.getfixturevalue("settings")
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    cache.clear()


class Personas:
    """The demo users by the part they play in tests."""

    def __init__(self) -> None:
        from nongthonmoi.accounts.models import User

        get = User.objects.get
        self.admin = get(username="quantri")
        self.central = get(username="trunguong")
        self.approver = get(username="tinh.caobang")
        self.other_approver = get(username="tinh.langson")
        self.officer_a = get(username="xa.baolam")
        self.officer_b = get(username="xa.lybon")
        self.district_reviewer = get(username="huyen.baolam")
        self.council_member = get(username="ocop.tv1")
        self.council_secretary = get(username="ocop.thuky")
        self.producer = get(username="chuthe.baolam")
        self.editor = get(username="bientap")
        self.reviewer = get(username="duyetbai")

    def all(self) -> dict[str, object]:
        return dict(vars(self))


@pytest.fixture
def personas(db) -> Personas:  # type: ignore[no-untyped-def]
    return Personas()


@pytest.fixture
def units(db):  # type: ignore[no-untyped-def]
    from types import SimpleNamespace

    from nongthonmoi.demo import base
    from nongthonmoi.places.models import AdminUnit

    def get(structure: str, code: str) -> AdminUnit:
        return AdminUnit.objects.get(structure=structure, code=code)

    return SimpleNamespace(
        province=get("2025", base.PROVINCE),
        other_province=get("2025", base.OTHER_PROVINCE),
        commune_a=get("2025", base.COMMUNE_A),
        commune_b=get("2025", base.COMMUNE_B),
        old_province=get("2021", base.PROVINCE),
        old_district=get("2021", base.OLD_DISTRICT),
    )


def pytest_sessionfinish(session, exitstatus):  # type: ignore[no-untyped-def]
    import sys

    module = sys.modules.get("tests.browser.conftest")
    if module is not None:
        module.close_shared_browser()
