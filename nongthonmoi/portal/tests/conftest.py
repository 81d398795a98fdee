"""Portal test settings: export files go to a fresh folder per test (never the shared DATA_DIR)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _exports_in_tmp(request, tmp_path):  # type: ignore[no-untyped-def]
    if not request.config.pluginmanager.hasplugin("django"):
        return
    request.getfixturevalue("settings").DATA_DIR = tmp_path
