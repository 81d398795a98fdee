"""The trajectory rule at its edges (pure)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nongthonmoi.targets.status import Status, Trajectory, assess, expected_value

LINE = Trajectory(
    target_value=D(80), target_year=2025, baseline=D(40), baseline_year=2021, tolerance=D(5)
)


def test_the_expected_value_follows_a_straight_line_from_baseline_to_target() -> None:
    assert expected_value(LINE, 2021) == D(40)
    assert expected_value(LINE, 2023) == D(60)
    assert expected_value(LINE, 2025) == D(80)


def test_the_expected_value_is_clamped_before_the_baseline_and_after_the_deadline() -> None:
    assert expected_value(LINE, 2019) == D(40)
    assert expected_value(LINE, 2030) == D(80)


@pytest.mark.parametrize(
    ("actual", "status"),
    [
        (D(60), Status.ON_TRACK),  # exactly on the line
        (D("59.99"), Status.AT_RISK),
        (D(55), Status.AT_RISK),  # exactly expected - tolerance
        (D("54.99"), Status.OFF_TRACK),
        (None, Status.NO_DATA),
    ],
)
def test_at_least_targets_are_judged_against_the_line_with_tolerance(actual, status) -> None:  # type: ignore[no-untyped-def]
    assert assess(LINE, actual, 2023) is status


@pytest.mark.parametrize(
    ("actual", "status"),
    [(D(0), Status.ON_TRACK), (D(2), Status.AT_RISK), (D(3), Status.OFF_TRACK)],
)
def test_at_most_targets_mirror_the_rule(actual, status) -> None:  # type: ignore[no-untyped-def]
    below15 = Trajectory(D(0), 2025, at_most=True, tolerance=D(2))
    assert assess(below15, actual, 2025) is status


def test_without_a_baseline_the_target_itself_is_expected() -> None:
    no_baseline = Trajectory(D(70), 2025, tolerance=D(5))
    assert expected_value(no_baseline, 2023) == D(70)
    assert assess(no_baseline, D(66), 2023) is Status.AT_RISK


def test_without_a_target_value_the_status_is_not_set() -> None:
    assert assess(Trajectory(None, 2025), D(50), 2024) is Status.NOT_SET


def test_the_default_tolerance_is_a_share_of_the_expected_value() -> None:
    t = Trajectory(D(80), 2025, default_tolerance_share=D("0.1"))
    assert assess(t, D(72), 2025) is Status.AT_RISK
    assert assess(t, D("71.9"), 2025) is Status.OFF_TRACK


@given(st.integers(2021, 2025), st.decimals(0, 100, places=2))
def test_reaching_the_target_is_always_on_track(year: int, extra: D) -> None:
    assert assess(LINE, D(80) + extra, year) is Status.ON_TRACK
