from __future__ import annotations

import io
from typing import Any

import pytest
from openpyxl import Workbook


@pytest.fixture
def catalogue(db):  # type: ignore[no-untyped-def]
    from nongthonmoi.targets.loading import sync_catalogue

    sync_catalogue()


@pytest.fixture
def immediate_tasks(settings):  # type: ignore[no-untyped-def]
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "ENQUEUE_ON_COMMIT": False,
        }
    }


def xlsx(rows: list[list[Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
