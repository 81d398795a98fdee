"""On a 360-px phone: scan link → answer → thank-you; offline answers are kept and sent later;
the results page shows the answer after the survey closes."""

from __future__ import annotations

import pytest

from nongthonmoi.feedback import services
from nongthonmoi.feedback.models import Answer, Response
from tests.browser.conftest import browser, login, page, phone_page, screenshot  # noqa: F401 (fixtures)

from .factories import open_survey, place_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def survey(phone_page, units, personas):  # type: ignore[no-untyped-def]
    return open_survey(units, personas)


def fill(page) -> None:  # type: ignore[no-untyped-def]
    page.check('input[name="biet-ntm"][value="yes"]')
    for n in range(1, 11):
        page.check(f'input[name="tc{n}"][value="5"]')
    page.check('input[name="chung"][value="4"]')
    page.check('input[name="uu-tien"][value="Nước sạch"]')
    page.fill('textarea[name="y-kien"]', "Đường làng sạch đẹp hơn trước")


def test_a_resident_answers_on_a_phone_and_sees_the_published_result(
    phone_page, survey, units, personas
) -> None:  # type: ignore[no-untyped-def]
    page = phone_page
    place = place_of(survey, units.commune_a)
    page.goto(f"{page.base_url}/surveys/s/{place.token}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # large touch targets: every answer row and the send button at least 44 px high and wide
    heights = page.eval_on_selector_all(
        "label.opt, #fb-send", "els => els.map(e => e.getBoundingClientRect().height)"
    )
    assert len(heights) > 50 and min(heights) >= 44
    assert page.locator("#fb-send").bounding_box()["width"] >= 300
    fill(page)
    screenshot(page, "feedback-form-phone")
    page.click("#fb-send")
    page.wait_for_url(f"{page.base_url}/surveys/s/{place.token}/cam-on/")
    assert "Cảm ơn" in page.inner_text("#thanks")
    screenshot(page, "feedback-thanks-phone")
    assert Response.objects.filter(survey=survey).count() == 1
    assert page.evaluate("localStorage.getItem('ntm-fb-pending')") == "[]"

    services.do_moderate(personas.approver, Answer.objects.get(question__code="y-kien"), "approved")
    services.do_close_survey(personas.approver, survey)
    page.goto(f"{page.base_url}/surveys/ket-qua/{survey.pk}/{units.commune_a.code}/")
    assert page.inner_text("#answers-count") == "1"
    assert "100" in page.inner_text("#overall-rate")
    assert "Đường làng sạch đẹp hơn trước" in page.content()
    page.wait_for_selector("#fb-chart canvas")
    screenshot(page, "feedback-results-phone")


def test_an_answer_given_offline_is_kept_and_sent_when_the_network_returns(
    phone_page, survey, units
) -> None:  # type: ignore[no-untyped-def]
    page = phone_page
    place = place_of(survey, units.commune_b)
    page.goto(f"{page.base_url}/surveys/s/{place.token}/")
    fill(page)
    page.context.set_offline(True)
    page.click("#fb-send")
    page.wait_for_function(
        "document.getElementById('fb-status').textContent.includes('lưu trên máy')"
    )
    assert "ntm-fb-pending" in page.evaluate("Object.keys(localStorage).join(',')")
    assert Response.objects.filter(survey=survey).count() == 0
    screenshot(page, "feedback-offline-phone")
    page.context.set_offline(False)
    page.wait_for_url(f"{page.base_url}/surveys/s/{place.token}/cam-on/", timeout=30_000)
    assert Response.objects.filter(survey=survey).count() == 1


def test_the_province_dashboard_shows_every_commune_with_its_chart(page) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.feedback import demo
    from nongthonmoi.feedback.models import Survey

    demo.load()
    survey = Survey.objects.get(title=demo.CLOSED_TITLE)
    login(page, "tinh.caobang")
    page.goto(f"{page.base_url}/surveys/{survey.pk}/")
    page.wait_for_selector("#fb-dashboard canvas")
    assert "Chưa đạt" in page.content() and "Đạt" in page.content()
    screenshot(page, "feedback-dashboard")
    page.goto(f"{page.base_url}/surveys/")
    screenshot(page, "feedback-index")
