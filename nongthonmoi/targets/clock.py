"""Today's date for deadlines. Tests may pin it with `settings.TARGETS_TODAY = date(...)`.

time-machine also works (it moves `timezone.now`); the setting exists for the browser test, whose
live server shares this process but whose Chromium keeps the real clock for cookies.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    pinned = getattr(settings, "TARGETS_TODAY", None)
    return pinned if pinned is not None else timezone.localdate()
