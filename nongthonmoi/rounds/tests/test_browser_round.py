"""A full reporting round in Chromium: enter with evidence, submit, return one value, fix,
resubmit, approve (values locked), scorecard updated, recognition recorded, public list."""

from __future__ import annotations

import datetime as dt

import pytest
from playwright.sync_api import expect

from nongthonmoi.criteria.loader import load_overlay_file
from tests.browser.conftest import browser, login, page, phone_page, screenshot  # noqa: F401

from .factories import PDF, open_round

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def round_2026(demo_world, settings, tmp_path):  # type: ignore[no-untyped-def]
    from nongthonmoi.accounts.models import User
    from nongthonmoi.demo import base
    from nongthonmoi.places.models import AdminUnit

    settings.DATA_DIR = tmp_path
    approver = User.objects.get(username="tinh.caobang")
    province = AdminUnit.objects.get(structure="2025", code=base.PROVINCE)
    communes = list(
        AdminUnit.objects.filter(structure="2025", code__in=[base.COMMUNE_A, base.COMMUNE_B])
    )
    # as in the demo, the province's stored thresholds are the illustrative overlay, so the
    # scorecard and the province dashboard judge with the thresholds the entry page shows
    from nongthonmoi.criteria import demo, services

    data = load_overlay_file(demo.OVERLAY_FILE).model_dump(mode="json")
    data.pop("version")
    services.do_save_overlay(approver, province, demo.SET_CODE, data, recompute=False)
    return open_round(approver, province, communes)


def switch_user(page, username: str) -> None:  # type: ignore[no-untyped-def]
    page.context.clear_cookies()
    login(page, username)


def type_value(page, slug: str, text: str, expected: str) -> None:  # type: ignore[no-untyped-def]
    field = page.locator(f"#v-{slug}")
    field.fill(text)
    field.dispatch_event("change")
    expect(page.locator(f"#st-{slug}")).to_contain_text(expected)


def test_a_full_reporting_round(page, round_2026, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.criteria.models import Evaluation, IndicatorValue
    from nongthonmoi.demo import base
    from nongthonmoi.rounds.models import Evidence, Recognition, RoundUnit

    base_url = page.base_url
    code_a = base.COMMUNE_A
    evidence_file = tmp_path / "bien-ban-kiem-tra.pdf"
    evidence_file.write_bytes(PDF)

    # 1. the commune officer finds the round in the inbox, enters values live, attaches evidence
    login(page, "xa.baolam")
    assert "Đến hạn" in page.inner_text("#inbox")
    page.click(f"#inbox a[href='/rounds/{round_2026.pk}/{code_a}/']")
    assert "Ngưỡng minh hoạ — không phải số liệu chính thức" in page.inner_text("main")
    type_value(page, "3-a", "2", "✗ Chưa đạt")  # below the illustrative threshold
    type_value(page, "3-a", "9", "✓ Đạt")
    type_value(page, "6-a", "3", "✓ Đạt")
    page.select_option("#v-3-b", "Đạt")
    expect(page.locator("#st-3-b")).to_contain_text("✓ Đạt")
    page.click("#i-3-a summary")
    page.set_input_files("#f-3-a", str(evidence_file))
    page.click("#i-3-a form[enctype] button")
    page.wait_for_load_state()
    assert "bien-ban-kiem-tra.pdf" in page.inner_text("#i-3-a")
    screenshot(page, "rounds-entry")
    page.click("#submit-report")
    page.wait_for_load_state()
    assert "Đã gửi báo cáo" in page.inner_text("main")

    # 2. the province returns one value with a comment
    switch_user(page, "tinh.caobang")
    assert "Chờ bạn xem xét" in page.inner_text("#inbox")
    page.click(f"#inbox a[href='/rounds/{round_2026.pk}/{code_a}/review/']")
    page.check("#flag-3-a")
    page.fill("#note-3-a", "Tốc độ tăng thu nhập chưa khớp biên bản")
    screenshot(page, "rounds-review")
    page.click("#return-button")
    page.wait_for_load_state()
    assert RoundUnit.objects.get(round=round_2026, unit__code=code_a).status == "returned"

    # 3. the officer sees it in the inbox, fixes the value and resubmits
    switch_user(page, "xa.baolam")
    inbox = page.inner_text("#inbox")
    assert "Bị trả lại — cần sửa" in inbox and "thông báo mới" in inbox
    page.click(f"#inbox a[href='/rounds/{round_2026.pk}/{code_a}/']")
    assert "Tốc độ tăng thu nhập chưa khớp biên bản" in page.inner_text("#i-3-a")
    screenshot(page, "rounds-returned")
    type_value(page, "3-a", "8,5", "✓ Đạt")
    page.click("#submit-report")
    page.wait_for_load_state()

    # 4. the province approves: values locked, summary, scorecard and province dashboard updated
    switch_user(page, "tinh.caobang")
    dashboard = (
        f"{base_url}/criteria/2025/{base.PROVINCE}/?set=xa-ntm-2026-2030&year=2026&basis=approved"
    )
    page.goto(dashboard)
    row = page.locator(f'table.communes tr[data-code="{code_a}"]')
    row_before = row.inner_text() if row.count() else ""
    assert "3.a" in row_before or not row_before  # nothing approved yet: no data (or no row)
    page.goto(f"{base_url}/rounds/{round_2026.pk}/{code_a}/review/")
    page.click("#approve-button")
    page.wait_for_load_state()
    assert "Phê duyệt" in page.inner_text("main") or "phê duyệt" in page.inner_text("main")
    values = IndicatorValue.objects.filter(unit__code=code_a, unit__structure="2025", year=2026)
    assert values.count() == 3 and all(v.locked and v.status == "approved" for v in values)
    assert values.get(indicator_code="3.a").value == "8.5"
    page.goto(f"{base_url}/rounds/{round_2026.pk}/")
    assert page.inner_text("#share-approved").startswith("50")
    page.wait_for_selector("#completeness-chart canvas")  # ECharts drew the chart
    screenshot(page, "rounds-completeness")
    assert Evaluation.objects.filter(unit__code=code_a, year=2026, basis="approved").exists()
    page.goto(f"{base_url}/criteria/2025/{code_a}/?set=xa-ntm-2026-2030&year=2026&basis=approved")
    scorecard = page.inner_text("main")
    assert "Phiếu đánh giá" in scorecard and "lưu lúc" in scorecard  # the stored, refreshed result
    screenshot(page, "rounds-scorecard-after-approval")
    stored = Evaluation.objects.get(unit__code=code_a, year=2026, basis="approved")
    page.goto(dashboard)
    row_after = page.locator(f'table.communes tr[data-code="{code_a}"]').inner_text()
    assert row_after != row_before
    assert f"{stored.criteria_met}/{stored.criteria_total}" in row_after
    assert "3.a" not in row_after  # approved and met: neither missing nor without data

    # 5. recognition: the approved evaluation falls short, so a documented override is required
    page.goto(f"{base_url}/rounds/{round_2026.pk}/{code_a}/review/")
    page.fill("#r-number", "1234/QĐ-UBND")
    page.fill("#r-date", dt.date(2026, 12, 20).isoformat())
    page.fill("#r-signer", "Chủ tịch UBND tỉnh")
    page.set_input_files("#r-file", str(evidence_file))
    page.click("#recognise-button")
    page.wait_for_load_state()
    assert "lý do ngoại lệ" in page.inner_text("main")
    assert not Recognition.objects.exists()
    page.fill("#r-number", "1234/QĐ-UBND")
    page.fill("#r-date", dt.date(2026, 12, 20).isoformat())
    page.fill("#r-signer", "Chủ tịch UBND tỉnh")
    page.fill("#r-override", "Thí điểm theo quyết định của UBND tỉnh")
    page.set_input_files("#r-file", str(evidence_file))
    page.click("#recognise-button")
    page.wait_for_load_state()
    assert "1234/QĐ-UBND" in page.inner_text("#recognition")
    recognition = Recognition.objects.get()
    assert recognition.is_override and recognition.decision_sha256
    assert Evidence.objects.count() == 1
    screenshot(page, "rounds-recognised")

    # the public list needs no login
    page.context.clear_cookies()
    page.goto(f"{base_url}/rounds/public/recognitions/?year=2026")
    assert "Xã Bảo Lâm" in page.inner_text("#public-recognitions")


def test_data_entry_fits_a_phone(phone_page, round_2026) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.demo import base

    page = phone_page
    login(page, "xa.baolam")
    response = page.goto(f"{page.base_url}/rounds/{round_2026.pk}/{base.COMMUNE_A}/")
    assert response is not None and response.status == 200
    type_value(page, "6-a", "3", "✓ Đạt")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    screenshot(page, "rounds-entry-phone")
    page.goto(f"{page.base_url}/")
    screenshot(page, "rounds-inbox-phone")
