"""Deadlines of QĐ 26/2026 from procedure.yaml (pure: runs without Django)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nongthonmoi.ocop import procedure

D = dt.date


@pytest.mark.parametrize(
    ("forwarded", "round_", "decided_before"),
    [
        (D(2026, 1, 5), (2026, 1), D(2026, 6, 30)),
        (D(2026, 4, 30), (2026, 1), D(2026, 6, 30)),
        (D(2026, 5, 1), (2026, 2), D(2026, 12, 30)),
        (D(2026, 10, 30), (2026, 2), D(2026, 12, 30)),
        (D(2026, 10, 31), (2027, 1), D(2027, 6, 30)),
    ],
)
def test_a_forwarded_dossier_falls_into_the_round_of_article_5(
    forwarded: dt.date, round_: tuple[int, int], decided_before: dt.date
) -> None:
    found = procedure.province_round(forwarded)
    assert (found.year, found.number) == round_
    assert found.decided_before == decided_before


def test_the_commune_has_fifteen_working_days_skipping_weekends() -> None:
    # Monday 1 June 2026 + 15 working days = Monday 22 June 2026
    assert procedure.commune_deadline(D(2026, 6, 1)) == D(2026, 6, 22)
    # received on a Saturday: counting starts on Monday
    assert procedure.commune_deadline(D(2026, 6, 6)) == D(2026, 6, 26)


@given(st.dates(min_value=D(2020, 1, 1), max_value=D(2040, 12, 31)))
def test_the_commune_deadline_is_a_weekday_three_weeks_away(day: dt.date) -> None:
    deadline = procedure.commune_deadline(day)
    assert deadline.weekday() < 5
    assert 19 <= (deadline - day).days <= 21


def test_a_certificate_is_valid_thirty_six_months() -> None:
    assert procedure.certificate_valid_until(D(2026, 6, 25)) == D(2029, 6, 24)
    assert procedure.certificate_valid_until(D(2028, 2, 29)) == D(2031, 2, 27)


def test_the_re_evaluation_window_is_180_to_120_days_before_expiry() -> None:
    first, last = procedure.reevaluation_window(D(2029, 6, 24))
    assert (D(2029, 6, 24) - first).days == 180
    assert (D(2029, 6, 24) - last).days == 120


def test_article_12_keeps_the_old_rules_for_dossiers_filed_before_22_may_2026() -> None:
    first = procedure.transitional_rule(D(2026, 5, 21), "first")
    assert first is not None and first.rulebook == "qd-148-2023"
    assert first.finish_by == D(2026, 7, 21)  # 60 days
    again = procedure.transitional_rule(D(2026, 5, 1), "reevaluation")
    assert again is not None and again.finish_by == D(2026, 6, 21)  # 30 days
    assert procedure.transitional_rule(D(2026, 5, 22), "first") is None


def test_reminder_stages_come_from_the_data_file() -> None:
    assert procedure.load_procedure().reminder_stages == (
        ("window_open", 180),
        ("window_closing", 135),
    )
