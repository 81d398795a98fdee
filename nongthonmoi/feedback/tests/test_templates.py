"""Survey templates are versioned data: a version is stored once and never edited; new wording is
a new version, and surveys already opened keep the questions they were opened with."""

from __future__ import annotations

import dataclasses

import pytest

from nongthonmoi.feedback import questionnaire, services
from nongthonmoi.feedback.models import SurveyTemplate

from .factories import open_survey

pytestmark = pytest.mark.django_db


def reworded(spec: questionnaire.TemplateSpec, text: str, **changes: object):  # type: ignore[no-untyped-def]
    first = dataclasses.replace(spec.questions[0], text=text)
    return dataclasses.replace(spec, questions=(first, *spec.questions[1:]), **changes)


def test_a_version_is_stored_once_and_never_edited() -> None:
    spec = questionnaire.bundled_templates()[0]
    stored = services.ensure_template(spec)
    assert services.ensure_template(spec).pk == stored.pk
    again = services.ensure_template(reworded(spec, "Câu hỏi đã sửa?", title="Tên khác"))
    assert again.pk == stored.pk
    assert SurveyTemplate.objects.filter(code=spec.code).count() == 1
    stored.refresh_from_db()
    assert stored.title == spec.title
    assert stored.questions.order_by("position").first().text == spec.questions[0].text
    assert stored.questions.count() == len(spec.questions)


def test_new_wording_is_a_new_version_and_open_surveys_keep_theirs(units, personas) -> None:  # type: ignore[no-untyped-def]
    spec = questionnaire.bundled_templates()[0]
    survey = open_survey(units, personas)
    old = survey.template
    new = services.ensure_template(
        reworded(spec, "Ông/bà có biết xã đang xây dựng NTM không?", version=spec.version + 1)
    )
    assert new.pk != old.pk and (new.code, new.version) == (old.code, old.version + 1)
    assert new.questions.order_by("position").first().text.startswith("Ông/bà")
    survey.refresh_from_db()
    assert survey.template_id == old.pk
    assert survey.template.questions.order_by("position").first().text == spec.questions[0].text
