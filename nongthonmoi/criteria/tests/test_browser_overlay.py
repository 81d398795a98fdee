"""Browser: a province approver edits an overlay threshold and a commune's scorecard changes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from nongthonmoi.criteria import demo, services
from nongthonmoi.criteria.models import IndicatorValue
from nongthonmoi.criteria.queries import resolved_set_for
from nongthonmoi.places.models import AdminUnit
from tests.browser.conftest import browser, login, page, phone_page, screenshot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
QUERY = f"?set={demo.SET_CODE}&year={demo.YEAR}"


@pytest.fixture
def criteria_world(demo_world):  # type: ignore[no-untyped-def]
    demo.load()
    commune = AdminUnit.objects.get(structure="2025", code="01290")
    group = str(commune.commune_group)
    threshold = resolved_set_for(commune.province, demo.SET_CODE).definition.find_indicator("8.a")
    value = threshold.thresholds[group] + 5  # met under the current (illustrative) threshold
    IndicatorValue.objects.update_or_create(
        unit=commune,
        set_code=demo.SET_CODE,
        year=demo.YEAR,
        indicator_code="8.a",
        defaults={"value": str(value), "number": Decimal(value), "status": "approved"},
    )
    services.recompute_units([commune.pk], demo.SET_CODE, demo.YEAR)
    return commune, group, value


def chip(page, code: str):  # type: ignore[no-untyped-def]
    return page.locator(f'#scorecard a[data-indicator="{code}"]')


def test_an_approver_raises_a_threshold_and_the_commune_scorecard_changes(
    page, criteria_world
) -> None:  # type: ignore[no-untyped-def]
    commune, group, value = criteria_world
    login(page, "tinh.caobang")
    scorecard = f"{page.base_url}/criteria/2025/{commune.code}/{QUERY}"
    page.goto(scorecard)
    assert chip(page, "8.a").get_attribute("data-status") == "met"
    met_before = page.inner_text('[data-testid="criteria-met"]')
    assert "Ngưỡng minh hoạ — không phải số liệu chính thức" in page.inner_text("main")
    chip(page, "8.a").click()  # htmx loads the explanation into the side card
    page.wait_for_selector('#indicator-detail [data-indicator="8.a"]')
    assert f"nhóm {group}" in page.inner_text("#indicator-detail")
    screenshot(page, "criteria-scorecard-before")

    page.click("text=Ngưỡng áp dụng cho xã")
    page.click("text=Sửa ngưỡng của tỉnh")
    page.fill(f'input[name="t-8.a-{group}"]', str(value + 10))
    screenshot(page, "criteria-overlay-edit")
    page.click("button:has-text('Lưu phiên bản mới')")
    page.wait_for_selector("text=Đã lưu phiên bản 2")

    page.goto(scorecard)
    assert chip(page, "8.a").get_attribute("data-status") == "not_met"
    assert page.inner_text('[data-testid="criteria-met"]') != met_before or (
        page.locator('[data-criterion="8"]').get_attribute("data-status") == "not_met"
    )
    chip(page, "8.a").click()
    page.wait_for_selector('#indicator-detail [data-testid="shortfall"]')
    assert "còn thiếu 10 điểm phần trăm" in page.inner_text("#indicator-detail")
    screenshot(page, "criteria-scorecard-after")


def test_the_scorecard_and_dashboard_fit_a_phone(phone_page, criteria_world) -> None:  # type: ignore[no-untyped-def]
    page = phone_page
    commune, _group, _value = criteria_world
    login(page, "tinh.caobang")
    page.goto(f"{page.base_url}/criteria/2025/{commune.code}/{QUERY}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "criteria-phone-scorecard")
    page.goto(f"{page.base_url}/criteria/2025/04/{QUERY}")
    page.wait_for_selector("#chart-met svg")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "criteria-phone-province")


def test_the_national_view_shows_the_province_cartogram(page, criteria_world) -> None:  # type: ignore[no-untyped-def]
    login(page, "trunguong")
    page.goto(f"{page.base_url}/criteria/national/{QUERY}")
    assert page.locator(".ptile").count() == 34
    page.wait_for_selector("#chart-provinces svg")
    screenshot(page, "criteria-national")
    page.goto(f"{page.base_url}/criteria/2025/04/{QUERY}")
    page.wait_for_selector("#chart-missed svg")
    screenshot(page, "criteria-province")
