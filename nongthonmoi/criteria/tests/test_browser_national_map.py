"""Browser: the national view draws the geographic province map on a desktop and on a phone."""

from __future__ import annotations

import json

import pytest

from nongthonmoi.criteria import demo
from tests.browser.conftest import browser, login, page, phone_page, screenshot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
QUERY = f"?set={demo.SET_CODE}&year={demo.YEAR}"


@pytest.fixture
def national_results(demo_world):  # type: ignore[no-untyped-def]
    demo.load()


def _map_drawn(page) -> dict:  # type: ignore[no-untyped-def]
    login(page, "trunguong")
    page.goto(f"{page.base_url}/criteria/national/{QUERY}")
    page.wait_for_selector("#map-provinces svg path", state="attached")
    assert page.is_visible("#province-map-card")
    assert page.locator(".ptile").count() == 34  # the tile cartogram stays below the map
    box = page.locator("#map-provinces svg").bounding_box()
    assert box is not None and box["width"] > 0 and box["height"] > 0
    fills = page.eval_on_selector_all(
        "#map-provinces svg path", "paths => paths.map(p => p.getAttribute('fill'))"
    )
    return {"box": box, "fills": set(fills)}


def test_the_national_map_draws_the_provinces_in_colour(page, national_results) -> None:  # type: ignore[no-untyped-def]
    drawn = _map_drawn(page)
    assert "#d9d9d9" in drawn["fills"]  # provinces without results are grey
    assert drawn["fills"] & {"#1f6f43", "#3d8b5a", "#7fb88f", "#c3e0c9", "#eef6f0"}
    page.locator("#province-map-card").scroll_into_view_if_needed()
    screenshot(page, "criteria-national-map")
    areas = json.loads(page.inner_text("#criteria-map"))
    cao_bang = next(area for area in areas if area["code"] == "04")
    assert sum(1 for area in areas if area["colour"] == cao_bang["colour"]) == 1
    # a handle, not a locator: the highlight on hover changes the fill the selector matches
    province = page.locator(
        f'#map-provinces svg path[fill="{cao_bang["colour"]}"]'
    ).element_handle()
    province.hover()
    page.wait_for_selector("#map-provinces >> text=Tỉnh Cao Bằng")  # the tooltip
    province.click()
    page.wait_for_url("**/criteria/2025/04/?set=*")


def test_the_national_map_fits_a_phone(phone_page, national_results) -> None:  # type: ignore[no-untyped-def]
    drawn = _map_drawn(phone_page)
    assert drawn["box"]["width"] <= 360
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    screenshot(phone_page, "criteria-national-map-phone")
