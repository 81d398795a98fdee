"""Uploaded files of OCOP tests go to a temporary folder, not to the project's media."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(request, tmp_path):  # type: ignore[no-untyped-def]
    if not request.config.pluginmanager.hasplugin("django"):
        return
    request.getfixturevalue("settings").MEDIA_ROOT = str(tmp_path / "media")


def pytest_ignore_collect(collection_path, config):  # type: ignore[no-untyped-def]
    """Without the Django plugin (`pytest -p no:django`), run only the pure tests."""
    if config.pluginmanager.hasplugin("django"):
        return None
    name = collection_path.name
    return name.startswith(("test_django_", "test_browser_")) or None
