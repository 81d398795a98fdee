"""How unit figures add up (pure)."""

from __future__ import annotations

from decimal import Decimal as D

from nongthonmoi.targets.aggregation import UnitFigure, aggregate
from nongthonmoi.targets.catalogue import Aggregation


def test_a_sum_adds_the_units_values_and_skips_missing_ones() -> None:
    result = aggregate(
        Aggregation.SUM, [UnitFigure("a", D(3)), UnitFigure("b", D(4)), UnitFigure("c")]
    )
    assert result.value == D(7)
    assert result.units_with_data == 2


def test_a_ratio_of_sums_is_not_the_mean_of_the_ratios() -> None:
    figures = [
        UnitFigure("a", numerator=D(1), denominator=D(1)),  # 100%
        UnitFigure("b", numerator=D(1), denominator=D(9)),  # 11%
    ]
    result = aggregate(Aggregation.RATIO_OF_SUMS, figures, scale=D(100))
    assert result.value == D(20)
    assert (result.numerator, result.denominator) == (D(2), D(10))


def test_a_ratio_with_a_zero_denominator_has_no_value() -> None:
    result = aggregate(
        Aggregation.RATIO_OF_SUMS, [UnitFigure("a", numerator=D(0), denominator=D(0))]
    )
    assert result.value is None


def test_a_share_counts_the_units_meeting_the_condition() -> None:
    figures = [UnitFigure(c, D(v)) for c, v in [("a", 1), ("b", 0), ("c", 1), ("d", 1)]]
    result = aggregate(Aggregation.SHARE_MEETING, figures)
    assert result.value == D(75)
    assert (result.numerator, result.denominator) == (D(3), D(4))


def test_a_share_may_count_units_without_data_as_not_meeting() -> None:
    figures = [UnitFigure("a", D(1)), UnitFigure("b")]
    assert aggregate(Aggregation.SHARE_MEETING, figures).value == D(100)
    assert aggregate(
        Aggregation.SHARE_MEETING, figures, count_missing_as_not_meeting=True
    ).value == D(50)
