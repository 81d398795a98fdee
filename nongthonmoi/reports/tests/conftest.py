from __future__ import annotations

import pytest


@pytest.fixture
def immediate_tasks(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "ENQUEUE_ON_COMMIT": False,
        }
    }
    return settings


@pytest.fixture
def private_dir(settings, tmp_path):  # type: ignore[no-untyped-def]
    """Report files of a test go to a temporary directory."""
    from nongthonmoi.reports.models import Generation

    for name in ("xlsx", "pdf"):
        storage = Generation._meta.get_field(name).storage
        storage._location = str(tmp_path)  # type: ignore[attr-defined]
        storage.__dict__.pop("base_location", None)
        storage.__dict__.pop("location", None)
    return tmp_path
