"""Re-aggregation across the 2025 merger on a hand-counted fixture (pure: runs without Django).

Old provinces P1 (a1, a2, a3) and P2 (b1, b2) merged into N1 (communes x1, x2, x3); P3 (c1) into
N2 (y1, y2). Successions: a1 → x1; a2 → x1; a3 → x1 (0.4) and x2 (0.6); b1 → x2 (share unknown);
b2 → x2 and x3 (shares unknown: halves); c1 → y1. Results: a1, a3, b2 meet the standard; a2 and c1
do not; b1 was not evaluated.

By hand: N1 has 5 old communes, 4 evaluated, 3 meeting (a1, a3, b2); through the successions
a1 gives x1 1.0, a3 gives 0.4 + 0.6, b2 gives 0.5 + 0.5 — 3.0 in N1. N2: 1 commune, 1 evaluated,
0 meeting, 0.0 via succession; N1 now has 3 communes, N2 2.
"""

from __future__ import annotations

import pytest

from nongthonmoi.reports.merger import (
    MergedRow,
    MergerError,
    OldCommune,
    Succession,
    province_map,
    reaggregate,
)

COMMUNES = [
    OldCommune("a1", "P1", True),
    OldCommune("a2", "P1", False),
    OldCommune("a3", "P1", True),
    OldCommune("b1", "P2", None),
    OldCommune("b2", "P2", True),
    OldCommune("c1", "P3", False),
]
SUCCESSIONS = [
    Succession("a1", "x1", 1.0),
    Succession("a2", "x1", 1.0),
    Succession("a3", "x1", 0.4),
    Succession("a3", "x2", 0.6),
    Succession("b1", "x2", None),
    Succession("b2", "x2", None),
    Succession("b2", "x3", None),
    Succession("c1", "y1", 1.0),
]
NEW_PROVINCE = {"x1": "N1", "x2": "N1", "x3": "N1", "y1": "N2", "y2": "N2"}


def test_old_provinces_map_whole_onto_new_ones() -> None:
    assert province_map(COMMUNES, SUCCESSIONS, NEW_PROVINCE) == {"P1": "N1", "P2": "N1", "P3": "N2"}


def test_results_re_aggregate_to_the_hand_counted_numbers() -> None:
    assert reaggregate(COMMUNES, SUCCESSIONS, NEW_PROVINCE) == [
        MergedRow("N1", ("P1", "P2"), 5, 4, 3, 3.0, 3),
        MergedRow("N2", ("P3",), 1, 1, 0, 0.0, 2),
    ]


def test_both_routes_agree_when_provinces_merged_whole() -> None:
    for row in reaggregate(COMMUNES, SUCCESSIONS, NEW_PROVINCE):
        assert row.meeting_via_succession == row.old_meeting


def test_an_old_province_split_across_new_provinces_is_an_error() -> None:
    split = [*SUCCESSIONS, Succession("c1", "x3", 0.5)]
    with pytest.raises(MergerError, match="P3"):
        province_map(COMMUNES, split, NEW_PROVINCE)


def test_the_input_order_does_not_change_the_result() -> None:
    forward = reaggregate(COMMUNES, SUCCESSIONS, NEW_PROVINCE)
    backward = reaggregate(COMMUNES[::-1], SUCCESSIONS[::-1], NEW_PROVINCE)
    assert forward == backward
