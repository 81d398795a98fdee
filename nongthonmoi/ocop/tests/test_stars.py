"""The star function (Điều 3.3 QĐ 26/2026): bands, starred minimums, certifying level."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nongthonmoi.ocop.rulebook import load_rulebook
from nongthonmoi.ocop.scoring import stars_for


@pytest.mark.parametrize(
    ("total", "stars"),
    [
        ("0", 1),
        ("29.99", 1),
        ("30", 2),
        ("49.99", 2),
        ("50", 3),
        ("69.99", 3),
        ("70", 4),
        ("89.99", 4),
        ("90", 5),
        ("100", 5),
    ],
)
def test_band_edges(total: str, stars: int) -> None:
    assert stars_for(Decimal(total)).stars == stars


def test_floats_are_read_as_typed_not_as_binary_fractions() -> None:
    assert stars_for(89.99).stars == 4
    assert stars_for(69.99).stars == 3


@pytest.mark.parametrize(
    ("total", "certified", "level"),
    [("49.99", False, None), ("50", True, "province"), ("89.99", True, "province"),
     ("90", True, "ministry")],
)  # fmt: skip
def test_only_3_stars_and_up_are_certified_province_for_3_4_ministry_for_5(
    total: str, certified: bool, level: str | None
) -> None:
    result = stars_for(Decimal(total))
    assert result.certified is certified
    assert result.certifying_level == level


def test_a_failed_3_star_minimum_means_not_certified_whatever_the_total() -> None:
    result = stars_for(Decimal(95), unmet_levels={3})
    assert result.stars == 2
    assert result.band_stars == 5
    assert result.capped_by_minimums
    assert not result.certified
    assert result.certifying_level is None


def test_a_failed_4_star_minimum_caps_at_3_stars() -> None:
    result = stars_for(Decimal(85), unmet_levels={4})
    assert (result.stars, result.certified, result.certifying_level) == (3, True, "province")


def test_a_failed_5_star_minimum_caps_at_4_stars_and_stays_with_the_province() -> None:
    result = stars_for(Decimal(92), unmet_levels={5})
    assert (result.stars, result.certifying_level) == (4, "province")


def test_minimums_are_cumulative_a_failed_3_star_minimum_blocks_4_and_5() -> None:
    # 4★ and 5★ minimums met but a *** one failed: still not certified.
    assert stars_for(Decimal(92), unmet_levels={3}).stars == 2
    assert stars_for(Decimal(92), unmet_levels={4, 5}).stars == 3
    assert stars_for(Decimal(92), unmet_levels={3, 5}).stars == 2


def test_minimums_do_not_raise_a_low_band() -> None:
    assert stars_for(Decimal(40), unmet_levels={5}).stars == 2
    assert stars_for(Decimal(10), unmet_levels={3}).stars == 1
    assert not stars_for(Decimal(55), unmet_levels={4}).capped_by_minimums


def test_a_rejected_dossier_is_not_certified() -> None:
    result = stars_for(Decimal(80), rejected=True)
    assert result.rejected and not result.certified and result.stars == 4


@pytest.mark.parametrize("total", ["-0.01", "100.01", "NaN"])
def test_it_rejects_totals_outside_0_to_100(total: str) -> None:
    with pytest.raises(ValueError, match="Tổng điểm"):
        stars_for(total)


def test_it_rejects_an_unknown_minimum_level() -> None:
    with pytest.raises(ValueError, match="3, 4, 5"):
        stars_for(Decimal(60), unmet_levels={2})


def test_bands_come_from_the_rulebook_data() -> None:
    qd148 = load_rulebook("qd-148-2023")
    assert stars_for(Decimal(70), rulebook=qd148).stars == 4
    # Under 148 before Decision 1489 (06/07/2025) the district certified 3★.
    before = stars_for(Decimal(60), rulebook=qd148, on=dt.date(2024, 1, 1))
    after = stars_for(Decimal(60), rulebook=qd148, on=dt.date(2025, 8, 1))
    assert (before.certifying_level, after.certifying_level) == ("district", "province")
    assert stars_for(Decimal(75), rulebook=qd148, on=dt.date(2024, 1, 1)).certifying_level == (
        "province"
    )


totals = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
levels = st.sets(st.sampled_from([3, 4, 5]))


@given(totals, totals, levels)
def test_more_points_never_mean_fewer_stars(a: Decimal, b: Decimal, unmet: set[int]) -> None:
    low, high = sorted((a, b))
    assert stars_for(low, unmet_levels=unmet).stars <= stars_for(high, unmet_levels=unmet).stars


@given(totals, levels, levels)
def test_meeting_more_minimums_never_means_fewer_stars(
    total: Decimal, unmet: set[int], extra: set[int]
) -> None:
    assert (
        stars_for(total, unmet_levels=unmet | extra).stars
        <= stars_for(total, unmet_levels=unmet).stars
    )


@given(totals, levels)
def test_stars_never_exceed_the_band_and_certification_means_3_plus(
    total: Decimal, unmet: set[int]
) -> None:
    result = stars_for(total, unmet_levels=unmet)
    assert 1 <= result.stars <= result.band_stars
    assert result.certified == (result.stars >= 3)
