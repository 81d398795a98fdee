"""End to end in Chromium: the seed's conference becomes tasks; one goes overdue, the other is done.

The clock: the live server runs in this process, so the test pins "today" for deadlines with the
setting `TARGETS_TODAY` (read by nongthonmoi.targets.clock.today). time-machine would move the
server's clock too, but Chromium keeps the real one and would drop cookies "expired" in 2022.
"""

from __future__ import annotations

import datetime as dt

import pytest

from tests.browser.conftest import (  # noqa: F401 (fixtures)
    browser,
    login,
    page,
    phone_page,
    screenshot,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def departments(demo_world):  # type: ignore[no-untyped-def]
    from nongthonmoi.targets.demo import ensure_department_users
    from nongthonmoi.targets.loading import sync_catalogue

    sync_catalogue()
    return ensure_department_users()


def add_task(page, conclusion: int, title: str, org: str, owner: str, deadline: str) -> None:  # type: ignore[no-untyped-def]
    page.select_option("#id_task-conclusion", index=conclusion)  # 0 is "---------"
    page.fill("#id_task-title", title)
    page.fill("#id_task-assignee_org", org)
    page.select_option("#id_task-assignee_unit", label="Tỉnh Cao Bằng (04)")
    page.fill("#id_task-owner", owner)
    page.fill("#id_task-start_date", "2022-11-21")
    page.fill("#id_task-deadline", deadline)
    page.click("#task-form button[type=submit]")
    page.wait_for_load_state()


def test_a_conference_assigns_tasks_one_goes_overdue_and_the_other_is_done(
    page, departments, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.TARGETS_TODAY = dt.date(2022, 11, 18)
    login(page, "tinh.caobang")
    page.goto(page.base_url + "/targets/conferences/")
    page.fill(
        "#id_title", "Hội nghị trực tuyến triển khai Chương trình MTQG XDNTM giai đoạn 2021–2025"
    )
    page.fill("#id_held_on", "2022-11-17")
    page.fill("#id_chair", "Thứ trưởng Bộ Nông nghiệp và Phát triển nông thôn Trần Thành Nam")
    page.check("#id_is_online")
    page.select_option("#id_unit", label="Tỉnh Cao Bằng (04)")
    page.select_option("#id_bridge_points", label="Tỉnh Cao Bằng")
    page.fill(
        "#id_conclusions",
        "Tập huấn, kết nối du lịch nông thôn: 70% chủ cơ sở, 80% lao động được tập huấn\n"
        "Các bộ, ngành, địa phương xây dựng kế hoạch cụ thể triển khai thực hiện chương trình",
    )
    page.click("#new-conference button[type=submit]")
    page.wait_for_load_state()
    assert "Trần Thành Nam" in page.inner_text("main")
    assert "Tỉnh Cao Bằng" in page.inner_text("dl.props")
    add_task(
        page,
        1,
        "Tổ chức tập huấn du lịch nông thôn đợt 1",
        "Sở Văn hoá, Thể thao và Du lịch",
        "so.vhttdl.caobang",
        "2022-12-15",
    )
    add_task(
        page,
        2,
        "Xây dựng kế hoạch triển khai chương trình của tỉnh",
        "Sở Nông nghiệp và Môi trường",
        "so.nnmt.caobang",
        "2023-03-31",
    )
    rows = page.locator("table.tasks tbody tr")
    assert rows.count() == 2
    assert "Chưa thực hiện" in rows.first.inner_text()
    screenshot(page, "targets-conference")

    settings.TARGETS_TODAY = dt.date(2022, 12, 20)  # past the first deadline only
    login(page, "so.vhttdl.caobang")
    inbox = page.locator("#targets-inbox")
    assert "Tổ chức tập huấn du lịch nông thôn đợt 1" in inbox.inner_text()
    assert "Quá hạn" in inbox.inner_text()
    assert "Xây dựng kế hoạch triển khai" not in inbox.inner_text()
    screenshot(page, "targets-inbox")

    login(page, "so.nnmt.caobang")
    assert page.locator("#targets-inbox").count() == 0  # nothing due within a week
    page.goto(page.base_url + "/targets/tasks/")
    page.click("text=Xây dựng kế hoạch triển khai chương trình của tỉnh")
    page.select_option("#id_state", "done")
    page.fill("#id_note", "Đã ban hành kế hoạch (minh hoạ)")
    page.click("#task-update button[type=submit]")
    page.wait_for_load_state()
    assert "Hoàn thành" in page.inner_text("#task-state")

    login(page, "tinh.caobang")
    page.goto(page.base_url + "/targets/tasks/?state=overdue")
    listed = page.inner_text("table.tasks")
    assert "đợt 1" in listed and "Xây dựng kế hoạch triển khai" not in listed
    page.goto(page.base_url + "/targets/timeline/?year=2022")
    assert page.locator(".gantt-bar.state-overdue").count() == 1
    screenshot(page, "targets-timeline")


def test_the_demo_board_of_cao_bang_shows_the_rural_tourism_targets(page, departments) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.targets import demo

    demo.load()
    login(page, "tinh.caobang")
    page.goto(page.base_url + "/targets/2025/04/")
    owners = page.locator('tr[data-target="DLNT-CHU-CO-SO"]')
    workers = page.locator('tr[data-target="DLNT-LAO-DONG"]')
    assert "75" in owners.inner_text() and "Đúng tiến độ" in owners.inner_text()
    assert "77" in workers.inner_text() and "Có nguy cơ chậm" in workers.inner_text()
    page.wait_for_selector('.sparkline[data-code="DLNT-LAO-DONG"] svg')
    screenshot(page, "targets-board")
    page.click('tr[data-target="DLNT-LAO-DONG"] >> text=80% lao động')
    assert "Xã Bảo Lâm" in page.inner_text("main")


def test_the_board_and_the_timeline_fit_a_phone(phone_page, departments) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.targets import demo

    demo.load()
    page = phone_page
    login(page, "tinh.caobang")
    for path in ["/targets/2025/04/", "/targets/timeline/?year=2026", "/targets/conferences/"]:
        page.goto(page.base_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    page.goto(page.base_url + "/targets/2025/04/")
    screenshot(page, "targets-board-phone")
