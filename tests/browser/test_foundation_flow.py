from __future__ import annotations

import pytest

from .conftest import login, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_approver_logs_in_browses_province_to_commune_and_switches_language(page) -> None:  # type: ignore[no-untyped-def]
    login(page, "tinh.caobang")
    assert "Hoàng Thị Bằng" in page.inner_text("header")
    page.click("nav >> text=Đơn vị hành chính")
    page.click("text=Tỉnh Cao Bằng")
    assert page.inner_text("h1").startswith("Tỉnh Cao Bằng")
    page.click("td >> text=Xã Bảo Lâm")
    assert page.inner_text("h1").startswith("Xã Bảo Lâm")
    assert "Tỉnh Cao Bằng" in page.inner_text(".breadcrumb")
    screenshot(page, "commune-vi")
    page.click("button[value=en]")
    page.wait_for_load_state()
    assert page.inner_text("nav.site-nav").startswith("Home")
    assert "Administrative units" in page.inner_text("nav.site-nav")
    screenshot(page, "commune-en")
    page.click("button[value=vi]")
    page.wait_for_load_state()
    assert "Trang chủ" in page.inner_text("nav.site-nav")


def test_a_commune_officer_on_a_phone_sees_only_their_commune(phone_page) -> None:  # type: ignore[no-untyped-def]
    page = phone_page
    login(page, "xa.baolam")
    page.goto(page.base_url + "/units/")
    rows = page.locator("tbody tr")
    assert rows.count() == 1
    assert "Xã Bảo Lâm" in rows.first.inner_text()
    response = page.goto(page.base_url + "/units/2025/01294/")
    assert response is not None and response.status == 404
    # nothing overflows a 360-px screen horizontally
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "phone-units")
