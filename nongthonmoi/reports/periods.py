"""Reporting periods: a six-month half, a calendar year, or the 2021–2025 phase. Pure."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

PHASE_2021_2025 = (2021, 2025)


@dataclass(frozen=True)
class Period:
    kind: str  # "half_year" | "year" | "phase"
    year: int  # the last year covered (2025 for the phase)
    half: int | None = None  # 1 or 2 for half_year

    @property
    def start(self) -> dt.date:
        if self.kind == "phase":
            return dt.date(PHASE_2021_2025[0], 1, 1)
        if self.kind == "half_year" and self.half == 2:
            return dt.date(self.year, 7, 1)
        return dt.date(self.year, 1, 1)

    @property
    def end(self) -> dt.date:
        if self.kind == "half_year" and self.half == 1:
            return dt.date(self.year, 6, 30)
        return dt.date(self.year, 12, 31)

    @property
    def years(self) -> list[int]:
        first = PHASE_2021_2025[0] if self.kind == "phase" else self.year
        return list(range(first, self.year + 1))

    def label(self) -> str:
        if self.kind == "half_year":
            return f"6 tháng {'đầu' if self.half == 1 else 'cuối'} năm {self.year}"
        if self.kind == "phase":
            return f"giai đoạn {PHASE_2021_2025[0]}–{PHASE_2021_2025[1]}"
        return f"năm {self.year}"

    def as_of(self, today: dt.date) -> dt.date:
        """The day stock figures are counted on: the period's end, or today if not over yet."""
        return min(self.end, today)
