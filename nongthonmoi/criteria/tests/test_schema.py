"""A bad set or overlay file gets an error naming the file and the line."""

from __future__ import annotations

import pytest

from nongthonmoi.criteria.loader import SetFileError, parse_overlay_text, parse_set_text
from nongthonmoi.criteria.tests.conftest import GROUP_SET


def _line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_it_names_the_line_of_an_unknown_comparator() -> None:
    bad = GROUP_SET.replace('comparator: "<="', 'comparator: "=<"')
    with pytest.raises(SetFileError) as caught:
        parse_set_text(bad, "sets/bad.yaml")
    line = _line_of(bad, 'comparator: "=<"')
    assert f"sets/bad.yaml:{line}:" in str(caught.value)
    assert "comparator" in str(caught.value)


def test_it_names_the_line_of_a_region_key_in_a_group_set() -> None:
    bad = GROUP_SET.replace('thresholds: {"1": 90, "2": 80, "3": 70}', "thresholds: {DBSH: 90}")
    with pytest.raises(SetFileError) as caught:
        parse_set_text(bad, "bad.yaml")
    message = str(caught.value)
    assert "DBSH" in message and "dimension group" in message
    # the problem is reported at the line of the bad key
    line = _line_of(bad, "thresholds: {DBSH: 90}")
    assert f"bad.yaml:{line}:" in message


def test_it_rejects_a_threshold_without_a_comparator() -> None:
    bad = GROUP_SET.replace('        comparator: "<="\n', "")
    with pytest.raises(SetFileError, match="no comparator"):
        parse_set_text(bad, "bad.yaml")


def test_it_rejects_a_number_threshold_on_a_yes_no_indicator() -> None:
    bad = GROUP_SET.replace("thresholds: {all: true}", "thresholds: {all: 5}")
    with pytest.raises(SetFileError, match="not Đạt/Không đạt"):
        parse_set_text(bad, "bad.yaml")


def test_it_reports_every_problem_at_once() -> None:
    bad = GROUP_SET.replace("kind: count", "kind: tally").replace(
        "status: verified", "status: ok", 1
    )
    with pytest.raises(SetFileError) as caught:
        parse_set_text(bad, "bad.yaml")
    assert len(caught.value.problems) >= 2


def test_it_names_the_line_of_a_yaml_syntax_error() -> None:
    bad = GROUP_SET.replace('name: "Giáo dục"', 'name: "Giáo dục\n    broken: [')
    with pytest.raises(SetFileError) as caught:
        parse_set_text(bad, "bad.yaml")
    assert "bad.yaml:" in str(caught.value) and "YAML" in str(caught.value)


def test_it_rejects_a_duplicate_key_with_its_line() -> None:
    bad = GROUP_SET.replace("version: 1\n", "version: 1\nversion: 2\n")
    with pytest.raises(SetFileError) as caught:
        parse_set_text(bad, "bad.yaml")
    assert f"bad.yaml:{_line_of(bad, 'version: 2')}:" in str(caught.value)


def test_it_rejects_a_duplicate_indicator_code() -> None:
    bad = GROUP_SET.replace('code: "2.2"', 'code: "2.1"')
    with pytest.raises(SetFileError, match="appears twice"):
        parse_set_text(bad, "bad.yaml")


def test_yaml_decimals_are_read_exactly() -> None:
    definition = parse_set_text(GROUP_SET.replace('"1": 2, "2": 5', '"1": 0.1, "2": 16.50'))
    indicator = definition.find_indicator("3.1")
    assert indicator is not None
    assert str(indicator.thresholds["1"]) == "0.1"
    assert str(indicator.thresholds["2"]) == "16.5"


def test_an_overlay_needs_a_decision_unless_it_is_illustrative() -> None:
    text = 'code: x\nbase_set: test-group\nprovince: "A"\nversion: 1\nindicators:\n  "2.1": {}\n'
    with pytest.raises(SetFileError, match="decision"):
        parse_overlay_text(text, "o.yaml")


def test_an_illustrative_overlay_must_carry_the_label() -> None:
    text = (
        'code: x\nbase_set: test-group\nprovince: "A"\nversion: 1\nillustrative: true\n'
        'label: "demo"\nindicators:\n  "2.1": {}\n'
    )
    with pytest.raises(SetFileError, match="Ngưỡng minh hoạ"):
        parse_overlay_text(text, "o.yaml")
