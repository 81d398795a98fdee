"""Pure rules: satisfaction, Wilson margin, verdicts, template and answer validation, rulebooks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nongthonmoi.feedback import questionnaire, rules, scoring
from nongthonmoi.feedback.scoring import Rate, Verdict


@given(
    st.integers(min_value=1, max_value=5000).flatmap(
        lambda n: st.tuples(st.integers(min_value=0, max_value=n), st.just(n))
    )
)
def test_the_wilson_interval_stays_in_0_1_and_contains_the_observed_rate(
    case: tuple[int, int],
) -> None:
    k, n = case
    low, high = scoring.wilson_interval(k, n)  # type: ignore[misc]
    assert 0 <= low <= k / n <= high <= 1


@given(st.integers(min_value=1, max_value=1000))
def test_more_answers_never_widen_the_margin_at_the_same_rate(n: int) -> None:
    small, large = Rate(n, 2 * n), Rate(2 * n, 4 * n)
    assert large.margin_points <= small.margin_points  # type: ignore[operator]


def test_a_perfect_score_still_has_a_margin() -> None:
    assert Rate(10, 10).margin_points > 0  # type: ignore[operator]
    assert Rate(10, 10).percent == 100.0


def test_the_wilson_interval_matches_a_worked_example() -> None:
    low, high = scoring.wilson_interval(80, 100)  # type: ignore[misc]
    assert round(low, 4) == 0.7112 and round(high, 4) == 0.8666


def test_it_rejects_impossible_counts() -> None:
    with pytest.raises(ValueError):
        scoring.wilson_interval(5, 3)


def test_no_answers_has_no_rate_and_says_so() -> None:
    assert Rate(0, 0).share is None and Rate(0, 0).interval is None
    assert scoring.margin_note(Rate(0, 0)) == "Chưa có câu trả lời."
    assert "±" in scoring.margin_note(Rate(3, 4))


@pytest.mark.parametrize(
    ("kind", "value", "expected"),
    [
        ("scale", 5, True),
        ("scale", 4, True),
        ("scale", 3, False),
        ("yesno", True, True),
        ("yesno", False, False),
        ("text", "tốt", None),
        ("multiple", ["a"], None),
        ("scale", None, None),
    ],
)
def test_which_answers_count_as_satisfied(kind: str, value: object, expected: bool | None) -> None:
    assert scoring.is_satisfied(kind, value) is expected


def test_a_single_choice_counts_only_with_declared_satisfied_choices() -> None:
    assert scoring.is_satisfied("single", "Tốt", ("Tốt",)) is True
    assert scoring.is_satisfied("single", "Kém", ("Tốt",)) is False
    assert scoring.is_satisfied("single", "Kém") is None


def test_the_threshold_is_inclusive_and_unknown_stays_unknown() -> None:
    assert scoring.verdict(Rate(80, 100), 80) == Verdict.MEETS
    assert scoring.verdict(Rate(79, 100), 80) == Verdict.BELOW
    assert scoring.verdict(Rate(99, 100), None) == Verdict.UNKNOWN_THRESHOLD
    assert scoring.verdict(Rate(0, 0), 80) == Verdict.NO_ANSWERS


def test_one_criterion_below_fails_recognition_even_if_other_thresholds_are_unknown() -> None:
    criteria = {"1": Rate(9, 10), "2": Rate(5, 10)}
    assert scoring.recognition_verdict(Rate(9, 10), criteria, None, 80) == Verdict.BELOW
    assert (
        scoring.recognition_verdict(Rate(9, 10), {"1": Rate(9, 10)}, None, 80)
        == Verdict.UNKNOWN_THRESHOLD
    )
    assert (
        scoring.recognition_verdict(
            Rate(9, 10), {"1": Rate(9, 10)}, None, 80, overall_applies=False
        )
        == Verdict.MEETS
    )


def test_coverage_compares_with_the_target_inclusively() -> None:
    assert scoring.Coverage(10, 4, 40).meets_target is True
    assert scoring.Coverage(10, 3, 40).meets_target is False
    assert scoring.Coverage(0, 0, 40).meets_target is None


def test_the_bundled_template_has_ten_criterion_items_one_overall_and_is_marked_illustrative() -> (
    None
):
    spec = questionnaire.bundled_templates()[0]
    assert spec.wording == "illustrative"
    assert sorted((q.criterion for q in spec.questions if q.criterion), key=int) == [
        str(n) for n in range(1, 11)
    ]
    assert [q.code for q in spec.questions if q.overall] == ["chung"]
    assert {q.kind for q in spec.questions} == {"single", "multiple", "scale", "yesno", "text"}


def test_a_broken_template_lists_every_problem() -> None:
    with pytest.raises(questionnaire.TemplateError) as err:
        questionnaire.parse_template(
            {
                "code": "x",
                "version": 1,
                "title": "t",
                "wording": "guess",
                "questions": [
                    {"code": "a", "kind": "single", "text": "A", "choices": ["one"]},
                    {"code": "a", "kind": "dropdown", "text": "B"},
                    {"code": "c", "kind": "text", "text": "C", "criterion": "1"},
                ],
            }
        )
    message = str(err.value)
    for fragment in ("wording", "ít nhất 2 lựa chọn", "bị trùng", "dropdown", "câu 3"):
        assert fragment in message


def test_answers_are_cleaned_and_every_problem_is_reported() -> None:
    questions = questionnaire.bundled_templates()[0].questions
    clean, problems = questionnaire.validate_answers(
        questions,
        {"biet-ntm": "no", "tc1": "5", "tc2": "9", "uu-tien": ["Nước sạch", "Khác lạ"], "zzz": "1"},
    )
    assert clean["biet-ntm"] is False and clean["tc1"] == 5
    assert any("zzz" in p for p in problems)
    assert any("1 đến 5" in p for p in problems)
    assert any("lựa chọn không hợp lệ" in p for p in problems)
    assert any("tc3" not in p and "bắt buộc" in p for p in problems)


def test_the_rulebooks_keep_unknown_numbers_empty() -> None:
    book = rules.all_rules()
    assert book["xa-2026-2030"].overall_percent is None and not book["xa-2026-2030"].is_known
    assert book["xa-trong-huyen-qd320"].per_criterion_percent == 80
    assert book["xa-trong-huyen-qd320"].is_known
    assert all(r.source for r in book.values())


def test_a_rulebook_with_a_number_marked_unknown_is_refused() -> None:
    with pytest.raises(rules.RuleError, match="unknown"):
        rules.parse_rules(
            {
                "rules": [
                    {
                        "code": "a",
                        "title": "t",
                        "status": "unknown",
                        "source": "s",
                        "overall_percent": 90,
                    }
                ]
            }
        )


def test_the_target_is_the_programme_forty_percent_with_its_source() -> None:
    target = rules.online_feedback_target()
    assert target.percent == 40 and "17/11/2022" in target.source


QUESTIONS = questionnaire.bundled_templates()[0].questions


@st.composite
def valid_answers(draw: st.DrawFn) -> dict[str, object]:
    raw: dict[str, object] = {}
    for q in QUESTIONS:
        if not q.required and draw(st.booleans()):
            continue
        if q.kind == "scale":
            raw[q.code] = str(draw(st.integers(1, 5)))
        elif q.kind == "yesno":
            raw[q.code] = draw(st.sampled_from(["yes", "no"]))
        elif q.kind == "single":
            raw[q.code] = draw(st.sampled_from(q.choices))
        elif q.kind == "multiple":
            raw[q.code] = draw(st.lists(st.sampled_from(q.choices), min_size=1, unique=True))
        else:
            raw[q.code] = draw(st.text(min_size=1, max_size=50).filter(str.strip))
    return raw


@given(valid_answers())
def test_every_complete_answer_is_accepted_and_kept_in_questionnaire_order(raw: dict) -> None:
    clean, problems = questionnaire.validate_answers(QUESTIONS, raw)
    assert problems == []
    assert set(clean) == set(raw)
    for q in QUESTIONS:
        if q.kind == "multiple" and q.code in clean:
            assert clean[q.code] == [c for c in q.choices if c in raw[q.code]]  # type: ignore[operator]


@given(valid_answers(), st.sampled_from([q.code for q in QUESTIONS if q.required]))
def test_leaving_out_any_required_question_is_refused(raw: dict, code: str) -> None:
    raw.pop(code, None)
    _, problems = questionnaire.validate_answers(QUESTIONS, raw)
    assert len(problems) == 1 and "bắt buộc" in problems[0]
