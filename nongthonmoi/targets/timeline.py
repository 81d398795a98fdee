"""Gantt-like rows: each task's bar as left/width percentages of a window (pure)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Bar:
    task: Any
    left: float
    width: float
    state: str  # open / in_progress / done / overdue
    clipped_start: bool
    clipped_end: bool


def timeline_rows(tasks: list[Any], today: dt.date, start: dt.date, end: dt.date) -> dict[str, Any]:
    span = max((end - start).days + 1, 1)
    bars = []
    for task in tasks:
        first = max(task.start_date, start)
        last = min(task.deadline, end)
        if last < first:
            continue
        left = (first - start).days / span * 100
        width = max(((last - first).days + 1) / span * 100, 0.8)
        bars.append(
            Bar(
                task,
                round(left, 2),
                round(min(width, 100 - left), 2),
                task.display_state(today),
                task.start_date < start,
                task.deadline > end,
            )
        )
    months = [dt.date(start.year, m, 1) for m in range(1, 13)] if start.month == 1 else []
    marker = (today - start).days / span * 100 if start <= today <= end else None
    return {
        "bars": bars,
        "months": months,
        "today": round(marker, 2) if marker is not None else None,
    }
