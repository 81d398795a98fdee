"""On-track / at-risk / off-track from the trajectory to the deadline (pure, no Django).

The rule (documented in docs and the board's legend):
1. Without an actual value the status is NO_DATA.
2. The expected value in `year` follows a straight line from the baseline (baseline year) to the
   target (target year): before the baseline year it is the baseline, from the target year on it is
   the target. Without a known baseline there is no line to follow, so the expected value is the
   target itself (the conservative reading: never assume a starting point nobody recorded).
3. For "at least" targets: ON_TRACK if actual >= expected; AT_RISK if actual >= expected - tolerance;
   otherwise OFF_TRACK. "At most" targets mirror it (actual <= expected; <= expected + tolerance).
4. The tolerance is data: the target's own tolerance, or a share of the expected value (policy).
   A target with no target value (status unknown) is NOT_SET: it is shown but never judged.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class Status(StrEnum):
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OFF_TRACK = "off_track"
    NO_DATA = "no_data"
    NOT_SET = "not_set"


LABELS_VI = {
    Status.ON_TRACK: "Đúng tiến độ",
    Status.AT_RISK: "Có nguy cơ chậm",
    Status.OFF_TRACK: "Chậm tiến độ",
    Status.NO_DATA: "Chưa có số liệu",
    Status.NOT_SET: "Chưa có chỉ tiêu số",
}


@dataclass(frozen=True)
class Trajectory:
    target_value: Decimal | None
    target_year: int
    baseline: Decimal | None = None
    baseline_year: int | None = None
    at_most: bool = False
    tolerance: Decimal | None = None
    default_tolerance_share: Decimal = Decimal("0.1")


def expected_value(t: Trajectory, year: int) -> Decimal | None:
    if t.target_value is None:
        return None
    if t.baseline is None or t.baseline_year is None or year >= t.target_year:
        return t.target_value
    if year <= t.baseline_year:
        return t.baseline
    span = Decimal(t.target_year - t.baseline_year)
    return t.baseline + (t.target_value - t.baseline) * Decimal(year - t.baseline_year) / span


def tolerance_for(t: Trajectory, expected: Decimal) -> Decimal:
    if t.tolerance is not None:
        return t.tolerance
    return abs(expected) * t.default_tolerance_share


def assess(t: Trajectory, actual: Decimal | None, year: int) -> Status:
    expected = expected_value(t, year)
    if expected is None:
        return Status.NOT_SET
    if actual is None:
        return Status.NO_DATA
    tolerance = tolerance_for(t, expected)
    if t.at_most:
        if actual <= expected:
            return Status.ON_TRACK
        return Status.AT_RISK if actual <= expected + tolerance else Status.OFF_TRACK
    if actual >= expected:
        return Status.ON_TRACK
    return Status.AT_RISK if actual >= expected - tolerance else Status.OFF_TRACK
