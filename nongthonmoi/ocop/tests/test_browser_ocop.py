"""Acceptance: a product goes from the producer's registration to a 4★ certificate with a QR link.

No QR decoder (zbarimg, pyzbar) is installed on this machine, so the test reads the link that the
QR code carries from the certificate PDF (the code is drawn as a link to the same URL, made by
segno from that URL) and opens it.
"""

from __future__ import annotations

import io
import re
import zlib
from pathlib import Path

import pytest
from PIL import Image

from nongthonmoi.ocop.tests.factories import LOCAL_CHECKS, answers_for
from tests.browser.conftest import (  # noqa: F401 (fixtures)
    SCREENSHOTS,
    browser,
    keep_for_docs,
    login,
    page,
    phone_page,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pdf_links(data: bytes) -> list[str]:
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return [m.decode() for c in chunks for m in re.findall(rb"/URI\s*\(([^)]*)\)", c)]


def as_user(browser, base_url: str, username: str, viewport=(1280, 900)):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": viewport[0], "height": viewport[1]}, locale="vi-VN"
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = base_url
    login(page, username)
    return page


def keep(name: str) -> None:
    keep_for_docs(name)


def photo_file(tmp_path: Path) -> Path:
    path = tmp_path / "mien-dong.png"
    image = Image.new("RGB", (2400, 1800), (200, 170, 120))
    for x in range(0, 2400, 40):
        for y in range(0, 1800, 600):
            image.putpixel((x, y), (40, 90, 40))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_a_product_is_registered_checked_scored_and_certified_four_stars_with_a_qr_link(  # type: ignore[no-untyped-def]
    page, browser, live_server, tmp_path
) -> None:
    base = live_server.url
    # 1. the producer registers itself and its product, adds a photo and submits a dossier
    login(page, "chuthe.baolam")
    page.goto(base + "/ocop/")
    page.click("text=Đăng ký chủ thể")
    page.fill("#id_name", "HTX Miến dong Phia Đén")
    page.select_option("#id_kind", "cooperative")
    page.fill("#id_legal_representative", "Nông Thị Mai")
    page.check("#id_representative_is_woman")
    page.check("#id_representative_is_ethnic_minority")
    page.click("main button[type=submit]")
    page.click("text=Đăng ký sản phẩm mới")
    page.fill("#id_name", "Miến dong Phia Đén")
    page.select_option("#id_set_number", "6")
    page.fill("#id_description", "Miến dong làm thủ công từ củ dong riềng trồng tại xã.")
    page.fill("#id_packaging", "Túi 500 g")
    page.fill("#id_shop_links_text", "Shopee | https://shopee.vn/mien-dong-phia-den")
    page.click("main button[type=submit]")
    page.set_input_files("#id_photo", str(photo_file(tmp_path)))
    page.click("main button[value=photo]")
    assert page.locator(".ocop-photos img").count() == 1
    page.click("text=Lập hồ sơ đánh giá")
    page.fill("#id_self_assessment", "Tự đánh giá: khoảng 80 điểm, đủ hồ sơ ATTP.")
    page.click("main button[type=submit]")
    page.click("#submit-dossier")
    assert "chờ xã kiểm tra" in page.inner_text("#dossier-status")
    dossier_url = page.url

    # 2. the commune officer checks the five local criteria and forwards the dossier
    officer = as_user(browser, base, "xa.baolam")
    officer.goto(dossier_url)
    for name in LOCAL_CHECKS:
        officer.check(f"input[name={name}][value=yes]")
    officer.click("#forward-form button[value=forward]")
    assert "đề nghị lên tỉnh" in officer.inner_text("#dossier-status")
    officer.context.close()

    # 3. the secretary opens a session with the three members
    secretary = as_user(browser, base, "ocop.thuky")
    secretary.goto(base + "/ocop/sessions/new/")
    secretary.fill("#id_title", "Phiên đánh giá đợt 2")
    for box in secretary.locator("#id_members input[type=checkbox]").all():
        label = secretary.locator(f"label[for='{box.get_attribute('id')}']").inner_text()
        if "Đàm Thị Thư" in label:
            box.uncheck()
    secretary.click("main button[type=submit]")
    session_url = secretary.url

    # 4. three members score on a tablet or a laptop
    for number, (username, target) in enumerate(
        [("ocop.tv1", 78), ("ocop.tv2", 80), ("ocop.tv3", 83)], start=1
    ):
        member = as_user(
            browser, base, username, viewport=(800, 1280) if number == 1 else (1280, 900)
        )
        member.goto(session_url)
        member.click("text=Chấm điểm")
        for code, value in answers_for(6, stars=4, target=target).items():
            member.check(f"input[name='c_{code}'][value='{value}']")
        assert f"Tổng {target}" in member.inner_text("#score-total")  # live total (static JS)
        if number == 1:  # the top of the sheet as a member sees it on a tablet
            member.locator("input[name='c_1.5']").first.scroll_into_view_if_needed()
            SCREENSHOTS.mkdir(exist_ok=True)
            member.screenshot(path=str(SCREENSHOTS / "ocop-score-tablet.png"))
            keep("ocop-score-tablet")
        member.click("#score-form button[type=submit]")
        assert "Sửa phiếu của tôi" in member.inner_text("main")
        member.context.close()

    # 5. the secretary sees the sheets, averages and spreads, and closes the session
    secretary.goto(session_url)
    assert "Chênh lệch" in secretary.inner_text("main")
    secretary.fill("#id_decision_number", "1520/QĐ-UBND")
    secretary.click("#close-form button[type=submit]")
    assert "Đã kết thúc" in secretary.inner_text("#session-status")
    assert "Được công nhận" in secretary.inner_text("main")
    screenshot(secretary, "ocop-session-closed")
    keep("ocop-session-closed")

    # 6. the product has 4★ and a certificate PDF whose QR link opens its public page
    page.goto(base + "/ocop/")
    page.click("td a >> text='Miến dong Phia Đén'")
    assert page.locator("h1 .ocop-stars").inner_text() == "★★★★"
    pdf_href = page.locator("a:has-text('PDF')").first.get_attribute("href")
    response = page.request.get(base + pdf_href)
    assert response.headers["content-type"] == "application/pdf"
    links = pdf_links(response.body())
    public = [link for link in links if "/ocop/san-pham/" in link]
    assert public and public[0].startswith(base)
    anonymous = browser.new_context(
        viewport={"width": 360, "height": 740}, is_mobile=True, locale="vi-VN"
    )
    phone = anonymous.new_page()
    phone.goto(public[0])
    assert "Miến dong Phia Đén" in phone.inner_text("h1")
    assert phone.locator("h1 .ocop-stars").inner_text() == "★★★★"
    assert "1520/QĐ-UBND" in phone.inner_text("#certificate-validity")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "ocop-public-product-phone")
    keep("ocop-public-product-phone")
    phone.goto(base + "/ocop/danh-muc/?q=mien dong")
    assert "1 sản phẩm" in phone.inner_text("#result-count")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(phone, "ocop-catalogue-phone")
    keep("ocop-catalogue-phone")
    anonymous.close()
    secretary.context.close()


def test_the_demo_catalogue_works_on_a_phone_with_small_photos(phone_page) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.ocop import demo

    demo.load()
    page = phone_page
    page.goto(page.base_url + "/ocop/danh-muc/")
    assert "4 sản phẩm" in page.inner_text("#result-count")
    images = page.locator(".ocop-cards img")
    assert images.count() == 4
    page.wait_for_function(
        "[...document.querySelectorAll('.ocop-cards img')].every(i => i.complete && i.naturalWidth > 0)"
    )
    assert page.evaluate("document.querySelector('.ocop-cards img').naturalWidth") == 400
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "ocop-demo-catalogue-phone")
    keep("ocop-demo-catalogue-phone")
    page.fill("#id_q", "mat ong bac ha")
    page.click("form[role=search] button[type=submit]")
    assert "1 sản phẩm" in page.inner_text("#result-count")
    page.click(".ocop-cards a")
    assert "Mật ong bạc hà Lý Bôn" in page.inner_text("h1")
