"""Let the pure OCOP tests run with ``pytest -p no:django`` as well as under pytest-django."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _clear_axes_cache(request: pytest.FixtureRequest) -> None:
    # Overrides the root fixture of the same name: same effect under pytest-django, and a no-op
    # when Django is not loaded (the root version would fail without settings).
    if request.config.pluginmanager.hasplugin("django"):
        from django.core.cache import cache

        cache.clear()


@pytest.fixture(autouse=True)
def _fast_passwords(request: pytest.FixtureRequest) -> None:
    # Overrides the root fixture of the same name, which needs pytest-django's ``settings``.
    if request.config.pluginmanager.hasplugin("django"):
        settings = request.getfixturevalue("settings")
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
