"""End to end in Chromium: an editor writes, a reviewer publishes, readers count once a day."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from tests.browser.conftest import (  # noqa: F401 (fixtures)
    browser,
    keep_for_docs,
    login,
    page,
    phone_page,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Xã Lý Bôn khánh thành nhà văn hoá thôn"


def _jpeg() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (1800, 1000), (40, 120, 70)).save(out, "JPEG")
    return out.getvalue()


def _context(browser, live_server, agent: str):  # type: ignore[no-untyped-def]
    context = browser.new_context(
        viewport={"width": 1280, "height": 900}, locale="vi-VN", user_agent=agent
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.base_url = live_server.url  # type: ignore[attr-defined]
    return context, page


def _views(page) -> int:  # type: ignore[no-untyped-def]
    return int(page.inner_text("[data-testid=views]").replace(".", ""))


def test_an_article_with_a_script_is_published_without_it_and_views_count_once_per_visitor(
    page, browser, live_server
) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.portal.defaults import ensure_categories

    ensure_categories()
    # the editor writes a draft with a cover image and a script in the body
    login(page, "bientap")
    page.goto(page.base_url + "/portal/bien-tap/moi/")
    page.fill("#id_title", TITLE)
    page.select_option("#id_category", label="Tin tức - Sự kiện")
    page.fill("#id_summary", "Nhà văn hoá mới phục vụ sinh hoạt cộng đồng.")
    page.fill(
        "#id_body",
        "<p>Sáng nay, thôn tổ chức lễ khánh thành.</p><script>window.__pwned = true</script>"
        '<p onclick="window.__pwned = true">Bà con phấn khởi.</p>',
    )
    page.set_input_files(
        "#id_cover_upload", files=[{"name": "anh.jpg", "mimeType": "image/jpeg", "buffer": _jpeg()}]
    )
    page.fill("#id_cover_caption", "Nhà văn hoá thôn mới khánh thành.")
    page.fill("#id_source", "Theo Baocaobang.vn")
    page.click("button[name=save]")
    page.wait_for_selector("text=Đã lưu bản nháp")
    edit_url = page.url
    page.click("text=Gửi duyệt")
    page.wait_for_selector("text=Đã gửi bài để duyệt")

    # the reviewer publishes it
    reviewer_context, reviewer = _context(browser, live_server, "Reviewer")
    login(reviewer, "duyetbai")
    reviewer.goto(edit_url)
    reviewer.click("button[name=publish]")
    reviewer.wait_for_selector("text=Đã xuất bản bài viết")
    article_url = reviewer.get_attribute("text=Xem trên Cổng", "href")
    reviewer_context.close()

    # a reader sees it, without the script, with the resized cover
    reader_context, reader = _context(browser, live_server, "Reader A")
    reader.goto(page.base_url + "/portal/")
    reader.click(f"text={TITLE}")
    assert reader.inner_text("h1") == TITLE
    body_html = reader.inner_html(".story-body")
    assert (
        "script" not in body_html
        and "onclick" not in body_html
        and "Bà con phấn khởi." in body_html
    )
    assert reader.evaluate("window.__pwned === undefined")
    assert reader.evaluate("document.querySelector('.story-cover img').naturalWidth") == 1280
    assert "Theo Baocaobang.vn" in reader.inner_text(".story")
    first = _views(reader)
    reader.reload()
    assert _views(reader) == first  # same visitor, same day
    screenshot(reader, "portal-article")

    other_context, other = _context(browser, live_server, "Reader B")
    other.goto(page.base_url + article_url)
    assert _views(other) == first + 1
    other.reload()
    assert _views(other) == first + 1
    reader.reload()
    assert _views(reader) == first + 1
    other_context.close()
    reader_context.close()


@pytest.mark.parametrize("width,height", [(1366, 900), (360, 740)])
def test_the_portal_home_looks_like_a_provincial_portal(
    browser, live_server, demo_world, width, height
) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.portal import demo

    demo.load()
    context = browser.new_context(
        viewport={"width": width, "height": height},
        locale="vi-VN",
        is_mobile=width < 600,
        has_touch=width < 600,
    )
    page = context.new_page()
    page.goto(live_server.url + "/portal/")
    assert "Hội nghị trực tuyến" in page.inner_text("main")
    assert "Thống kê truy cập" in (page.text_content("aside") or "")
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    # every image has an alternative text (decorative thumbnails carry alt="")
    assert page.evaluate("[...document.images].every(img => img.hasAttribute('alt'))")
    name = f"portal-home-{width}"
    screenshot(page, name)
    keep_for_docs(name)
    context.close()


def test_the_survey_results_fit_a_phone_and_lead_to_each_commune_page(
    phone_page, demo_world
) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.feedback import demo as feedback_demo

    feedback_demo.load()  # a closed survey with answers in six communes, and an open one
    page = phone_page
    page.goto(page.base_url + "/portal/khao-sat/")
    assert page.text_content("h1") == "Kết quả khảo sát sự hài lòng của người dân"
    assert page.locator("table.survey-table").count() == 1  # the open survey is not listed
    assert page.locator("table.survey-table tbody tr").count() == 6
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    # every column of the table is visible without scrolling it sideways
    assert page.evaluate(
        "[...document.querySelectorAll('.table-wrap')].every(w => w.scrollWidth <= w.clientWidth)"
    )
    screenshot(page, "portal-survey-results-360")
    rate = page.inner_text("table.survey-table tbody tr:first-child .survey-rate")
    page.click("table.survey-table tbody tr:first-child a")
    assert page.inner_text("#overall-rate") == rate
