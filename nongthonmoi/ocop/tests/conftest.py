"""Uploaded files of OCOP tests (public photos in MEDIA_ROOT, private evidence in
DATA_DIR/private) go to a temporary folder, not to the project's data."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _media_in_tmp(request, tmp_path):  # type: ignore[no-untyped-def]
    if not request.config.pluginmanager.hasplugin("django"):
        return
    settings = request.getfixturevalue("settings")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.DATA_DIR = tmp_path


def pytest_ignore_collect(collection_path, config):  # type: ignore[no-untyped-def]
    """Without the Django plugin (`pytest -p no:django`), run only the pure tests."""
    if config.pluginmanager.hasplugin("django"):
        return None
    name = collection_path.name
    return name.startswith(("test_django_", "test_browser_")) or None
