"""Browser: the national annual report is generated in the background; the page polls and shows
progress until the download links appear."""

from __future__ import annotations

import threading

import pytest
from django.db import connections
from playwright.sync_api import expect

from nongthonmoi.reports.models import Generation, GenerationStatus, Report
from tests.browser.conftest import browser, login, page, phone_page, screenshot  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def run_worker_once() -> None:
    """The database task worker, in a thread: process what is queued, then stop."""
    from django_tasks.backends.database.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["default"],
        interval=0.1,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="browser-test",
    )
    try:
        worker.run()  # signals are only for the command's main thread; not needed here
    finally:
        connections.close_all()


def test_the_national_annual_report_generates_in_the_background_with_progress(
    page, settings, private_dir
) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.database.DatabaseBackend"}}
    login(page, "trunguong")
    page.goto(page.base_url + "/reports/?year=2026")
    create = page.locator("form[action$='/reports/create/']")
    create.locator("select[name=definition]").select_option("bao-cao-nam")
    create.locator("input[name=year]").fill("2026")
    create.locator("select[name=province]").select_option("")
    create.locator("button[type=submit]").click()
    page.wait_for_url("**/reports/*/")
    report = Report.objects.get(definition_code="bao-cao-nam", province__isnull=True, year=2026)

    page.click("[data-test=generate]")
    progress = page.locator("progress.report-progress")
    expect(progress).to_be_visible()
    expect(page.locator(".generation")).to_contain_text("Đang chờ")
    assert page.locator("[data-test=download-pdf]").count() == 0
    generation = report.generations.get()
    assert generation.status == GenerationStatus.QUEUED  # nothing ran inside the request
    screenshot(page, "reports-progress")

    worker = threading.Thread(target=run_worker_once)
    worker.start()
    # the same page, without reloading, polls the status until the links replace the bar
    expect(page.locator("[data-test=download-pdf]")).to_be_visible(timeout=60_000)
    worker.join(timeout=60)
    expect(progress).to_have_count(0)
    screenshot(page, "reports-done")
    assert Generation.objects.get(pk=generation.pk).status == GenerationStatus.DONE
    href = page.locator("[data-test=download-pdf]").get_attribute("href") or ""
    response = page.request.get(page.base_url + href)
    assert response.status == 200 and response.body()[:5] == b"%PDF-"


def test_a_province_report_fits_a_phone_screen(phone_page, personas, units) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.reports import services

    report = services.do_create_report(
        personas.approver, "bao-cao-6-thang", 2026, 1, units.province
    )
    page = phone_page
    login(page, "tinh.caobang")
    for path in ("/reports/?year=2026", f"/reports/{report.pk}/"):
        page.goto(page.base_url + path)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, path
    assert "Khó khăn, vướng mắc" in page.inner_text("main")
    screenshot(page, "reports-phone")
