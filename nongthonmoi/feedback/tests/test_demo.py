from __future__ import annotations

import pytest

from nongthonmoi.feedback import demo
from nongthonmoi.feedback.models import Answer, Response, Survey
from nongthonmoi.feedback.queries import dashboard, online_feedback_coverage

pytestmark = pytest.mark.django_db


def test_the_demo_is_deterministic_idempotent_and_shows_both_verdicts(units) -> None:  # type: ignore[no-untyped-def]
    demo.load()
    first = sorted(
        Answer.objects.values_list(
            "response__submission_uuid", "question__code", "number", "choice"
        )
    )
    counts = (Survey.objects.count(), Response.objects.count())
    assert demo.load() == ["feedback: demo surveys already present"]
    assert (Survey.objects.count(), Response.objects.count()) == counts
    closed = Survey.objects.get(title=demo.CLOSED_TITLE)
    assert closed.is_closed()
    verdicts = {row.verdict.value for row in dashboard(closed)}
    assert {"meets", "below"} <= verdicts
    assert online_feedback_coverage(units.province)["covered"] >= 1
    Answer.objects.all().delete()
    Response.objects.all().delete()
    Survey.objects.all().delete()
    demo.load()
    again = sorted(
        Answer.objects.values_list(
            "response__submission_uuid", "question__code", "number", "choice"
        )
    )
    assert again == first
