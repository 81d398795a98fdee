"""Browser: the province runs a what-if, saves it as a decision, records a disbursement,
publishes the year, and the public page shows the right disbursement rate."""

from __future__ import annotations

import pytest

from nongthonmoi.funding.models import AllocationDecision, Disbursement, PublishedYear
from nongthonmoi.funding.queries import format_rate
from nongthonmoi.funding.tests.test_import_django import HEADER, xlsx
from tests.browser.conftest import browser, login, page, phone_page, screenshot  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
COMMUNE_A = "01290"
DECISION = "12/2026/QĐ-UBND"


def test_the_province_allocates_disburses_publishes_and_the_public_sees_the_rate(
    page,
    browser,  # noqa: F811
) -> None:  # type: ignore[no-untyped-def]
    login(page, "tinh.caobang")
    page.click("nav >> text=Vốn")
    page.click("main li >> nth=0 >> a")
    page.click("text=Tính phân bổ (what-if)")
    page.select_option("#rule", "qd-16-2026")
    page.fill("#year", "2026")
    page.select_option("#fund_kind", "recurrent")
    page.fill("#total", "1.000.000.000")
    page.click("[data-testid=compute]")
    assert page.locator("[data-testid=comparison] tbody tr").count() > 10

    # what-if: a larger total, side by side with the current one, differences highlighted
    page.fill("#new_total", "1.200.000.000")
    page.click("[data-testid=compute]")
    assert page.locator("td.diff.more").count() > 0
    assert "1.200.000.000" in page.inner_text("[data-testid=comparison] tfoot")
    screenshot(page, "funding-whatif")

    page.fill("#id_decision_number", DECISION)
    page.fill("#id_decision_date", "2026-03-10")
    page.click("[data-testid=save-decision]")
    page.wait_for_selector(".messages")
    assert page.url.endswith("/funding/2025/04/?year=2026&fund_kind=recurrent")
    assert "Đã lưu quyết định" in page.inner_text(".messages")
    lines = AllocationDecision.objects.filter(decision_number=DECISION)
    assert sum(line.amount for line in lines) == 1_200_000_000

    # a disbursement for commune A: a quarter of its allocation
    line = lines.get(to_unit__code=COMMUNE_A)
    paid = line.amount // 4
    page.click(f"tr[data-code='{COMMUNE_A}'] a")
    page.click("text=Ghi giải ngân")
    page.fill("#id_date", "2026-04-15")
    page.fill("#id_amount", str(paid))
    page.click("[data-testid=save-disbursement]")
    assert "Đã ghi khoản giải ngân" in page.inner_text(".messages")
    assert Disbursement.objects.get().amount == paid
    screenshot(page, "funding-commune")

    # a bad disbursement report is refused whole, with every problem by row and column
    page.goto(page.base_url + "/funding/2025/04/disbursements/import/")
    page.set_input_files(
        "#id_file",
        files=[
            {
                "name": "bao-cao.xlsx",
                "mimeType": "application/octet-stream",
                "buffer": xlsx(
                    HEADER,
                    [COMMUNE_A, DECISION, "recurrent", "20/04/2026", "năm triệu"],
                    [COMMUNE_A, "99/QĐ", "recurrent", "21/04/2026", 1_000_000],
                ),
            }
        ],
    )
    page.click("main button[type=submit]")
    problems = page.inner_text(".problems")
    assert "dòng 2, cột amount" in problems and "dòng 3, cột decision_number" in problems
    assert Disbursement.objects.count() == 1
    screenshot(page, "funding-import-errors")

    # the province publishes 2026
    page.goto(page.base_url + "/funding/2025/04/?year=2026")
    page.click("[data-testid=publish]")
    assert page.locator("[data-testid=published]").is_visible()
    assert PublishedYear.objects.filter(year=2026, withdrawn_at__isnull=True).count() == 1
    screenshot(page, "funding-province")

    # anyone, without logging in, sees the rate
    visitor = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    public = visitor.new_page()
    public.goto(page.base_url + "/funding/public/")
    assert format_rate(1_200_000_000, paid) in public.inner_text("[data-testid=published]")
    public.click("[data-testid=published] td:nth-child(2) a")
    row = public.locator(f"tr[data-code='{COMMUNE_A}'][data-kind='recurrent']")
    assert row.locator("td.rate").inner_text() == format_rate(line.amount, paid)
    assert public.inner_text("[data-testid=rate]") == format_rate(1_200_000_000, paid)
    assert DECISION in public.inner_text("[data-testid=money-table]")
    public.wait_for_selector("#funding-chart svg")
    screenshot(public, "funding-public")
    visitor.close()


def test_the_public_page_fits_a_phone(phone_page, demo_world) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.funding import demo

    demo.load()
    phone_page.goto(phone_page.base_url + "/funding/public/2025/04/?year=2026")
    phone_page.wait_for_selector("#funding-chart svg")
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone_page, "funding-public-phone")


def test_the_what_if_fits_a_phone(phone_page) -> None:  # type: ignore[no-untyped-def]
    login(phone_page, "tinh.caobang")
    phone_page.goto(
        phone_page.base_url
        + "/funding/2025/04/whatif/?rule=qd-16-2026&year=2026&fund_kind=investment"
        + "&total=1000000000&new_total=1100000000"
    )
    assert phone_page.locator("[data-testid=comparison]").is_visible()
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone_page, "funding-whatif-phone")
