"""Scoring one sheet and aggregating a council (pure)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nongthonmoi.ocop.rulebook import load_rulebook
from nongthonmoi.ocop.scoring import AnswerError, aggregate_council, score_sheet


@pytest.fixture(scope="module")
def qd26():
    return load_rulebook("qd-26-2026")


def best_answers(rulebook, set_number: int) -> dict[str, Decimal]:
    return {c.code: max(c.offered_points) for c in rulebook.sheet(set_number).criteria}


def minimum_answers(rulebook, set_number: int) -> dict[str, Decimal]:
    """Every criterion at its highest starred minimum (or its lowest option if unmarked)."""
    answers = {}
    for criterion in rulebook.sheet(set_number).criteria:
        marks = criterion.minimums
        answers[criterion.code] = max(marks.values()) if marks else min(criterion.offered_points)
    return answers


@pytest.mark.parametrize("set_number", range(1, 27))
def test_the_best_option_everywhere_scores_100_and_5_stars(qd26, set_number: int) -> None:
    scored = score_sheet(qd26, set_number, best_answers(qd26, set_number))
    assert scored.parts == {"A": 40, "B": 25, "C": 35}
    assert scored.total == 100
    assert scored.stars == 5
    assert scored.unmet_minimums == ()
    assert scored.result.certifying_level == "ministry"


def test_part_totals_add_the_chosen_points(qd26) -> None:
    answers = best_answers(qd26, 1)
    answers.update({"1.1": 1, "4.3": 2, "12": 1})  # −2 in A, −3 in B, −2 in C
    scored = score_sheet(qd26, 1, answers)
    assert scored.parts == {"A": 38, "B": 22, "C": 33}
    assert scored.total == Decimal(93)
    assert all(isinstance(v, Decimal) for v in scored.parts.values())


def test_a_4_star_minimum_missed_caps_a_high_total_at_3_stars(qd26) -> None:
    answers = best_answers(qd26, 1)
    answers["6.1"] = 1  # "Không đồng đều, chấp nhận được"; **** needs "Đồng đều" (2)
    scored = score_sheet(qd26, 1, answers)
    assert scored.total == 99
    assert [(u.criterion, u.for_stars) for u in scored.unmet_minimums] == [("6.1", 4)]
    assert scored.stars == 3
    assert scored.result.band_stars == 5


def test_a_criterion_below_several_marks_is_listed_once_per_level(qd26) -> None:
    answers = best_answers(qd26, 1)
    answers["4.1"] = 1  # below ***(2), ****(3) and *****(5)
    scored = score_sheet(qd26, 1, answers)
    assert [(u.criterion, u.for_stars, u.required) for u in scored.unmet_minimums] == [
        ("4.1", 3, 2),
        ("4.1", 4, 3),
        ("4.1", 5, 5),
    ]
    assert scored.stars == 2 and not scored.result.certified


def test_meeting_every_minimum_exactly_keeps_the_band(qd26) -> None:
    scored = score_sheet(qd26, 1, minimum_answers(qd26, 1))
    assert scored.unmet_minimums == ()
    assert scored.stars == scored.result.band_stars


def test_it_names_every_missing_unknown_and_impossible_criterion(qd26) -> None:
    answers = best_answers(qd26, 1)
    del answers["2.3"]
    answers["1.1"] = 4  # the sheet offers 1, 2, 3
    answers["13"] = 1  # set 1 stops at 12
    answers["3.2"] = "nhiều"
    with pytest.raises(AnswerError) as caught:
        score_sheet(qd26, 1, answers)
    problems = {p.criterion: p.message for p in caught.value.problems}
    assert set(problems) == {"2.3", "1.1", "13", "3.2"}
    assert "chưa chấm" in problems["2.3"]
    assert "4 điểm không có trong phiếu (chọn: 0, 1, 2, 3)" == problems["1.1"]
    assert "không có trong phiếu bộ sản phẩm 1" in problems["13"]
    assert "phải là số" in problems["3.2"]


def test_an_unticked_criterion_scores_zero_even_without_a_printed_zero(qd26) -> None:
    answers = best_answers(qd26, 1)
    answers["3.3"] = 0  # under 25 % local labour: no box applies
    assert score_sheet(qd26, 1, answers).total == 97


def test_booleans_are_not_points(qd26) -> None:
    answers = best_answers(qd26, 1)
    answers["1.7"] = True
    with pytest.raises(AnswerError, match="1.7"):
        score_sheet(qd26, 1, answers)


def test_unknown_set_is_a_clear_error(qd26) -> None:
    with pytest.raises(KeyError, match="bộ sản phẩm 27"):
        score_sheet(qd26, 27, {})


def test_rejected_dossier_scores_but_is_not_certified(qd26) -> None:
    scored = score_sheet(qd26, 1, best_answers(qd26, 1), rejected=True)
    assert scored.total == 100 and not scored.result.certified


def test_council_average_per_criterion_total_and_disagreements(qd26) -> None:
    high = best_answers(qd26, 1)
    low = dict(high, **{"4.3": Decimal(2), "6.2": Decimal(3)})
    council = aggregate_council(qd26, 1, {"An": high, "Bình": high, "Chi": low})
    assert council.members["Chi"].total == 96
    assert council.average.total == (Decimal(100) + 100 + 96) / 3
    assert council.average.points["4.3"] == Decimal(12) / 3
    assert [(d.criterion, d.spread) for d in council.disagreements] == [("4.3", 3), ("6.2", 1)]
    assert council.disagreements[0].by_member == {"An": 5, "Bình": 5, "Chi": 2}
    assert council.average.stars == 5


def test_council_minimums_are_checked_on_the_average(qd26) -> None:
    high = best_answers(qd26, 1)
    weak = dict(high, **{"6.1": Decimal(0)})
    # 6.1 average (2 + 0) / 2 = 1 < 2 needed for 4★: capped at 3★ despite a 99 average.
    council = aggregate_council(qd26, 1, {"An": high, "Bình": weak})
    assert council.average.total == 99
    assert [(u.criterion, u.for_stars) for u in council.average.unmet_minimums] == [("6.1", 4)]
    assert council.average.stars == 3


def test_council_errors_name_member_and_criterion(qd26) -> None:
    bad = best_answers(qd26, 1)
    bad["1.1"] = 9
    with pytest.raises(AnswerError, match=r"phiếu của Bình"):
        aggregate_council(qd26, 1, {"An": best_answers(qd26, 1), "Bình": bad})
    with pytest.raises(ValueError, match="chưa có phiếu"):
        aggregate_council(qd26, 1, {})


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=26), st.data())
def test_any_valid_sheet_totals_its_parts_and_stays_within_100(set_number: int, data) -> None:
    rulebook = load_rulebook("qd-26-2026")
    sheet = rulebook.sheet(set_number)
    answers = {
        c.code: data.draw(st.sampled_from(sorted(c.offered_points)), label=c.code)
        for c in sheet.criteria
    }
    scored = score_sheet(rulebook, set_number, answers)
    assert scored.total == sum(answers.values())
    assert scored.total == sum(scored.parts.values())
    for part in sheet.parts:
        assert 0 <= scored.parts[part.code] <= part.max
    assert scored.stars <= scored.result.band_stars
