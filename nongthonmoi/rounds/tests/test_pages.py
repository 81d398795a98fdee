"""Every page renders for the people who should see it, and not for the others."""

from __future__ import annotations

import pytest
from django.urls import reverse

from nongthonmoi.criteria.models import IndicatorValue

from .. import services
from ..models import ValueChange
from .factories import open_round, pdf, round_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def round_(personas, units):  # type: ignore[no-untyped-def]
    return open_round(personas.approver, units.province, [units.commune_a, units.commune_b])


def test_the_index_lists_rounds_and_offers_approvers_to_open_one(client, personas, round_) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    page = client.get(reverse("rounds:index")).content.decode()
    assert round_.title in page and "Mở đợt báo cáo mới" in page
    client.force_login(personas.officer_a)
    page = client.get(reverse("rounds:index")).content.decode()
    assert round_.title in page and "Mở đợt báo cáo mới" not in page


def test_an_approver_opens_a_round_through_the_form(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    response = client.post(
        reverse("rounds:open"),
        {
            "province": units.province.pk,
            "set_code": "xa-ntm-2026-2030",
            "year": 2027,
            "opens_on": "2027-01-01",
            "due_on": "2027-03-31",
            "illustrative_overlay": "cao-bang-2026.yaml",
        },
    )
    assert response.status_code == 302
    from ..models import Round

    created = Round.objects.get(year=2027)
    assert created.illustrative_overlay == "cao-bang-2026.yaml" and created.units.count() > 2


def test_the_entry_page_shows_this_communes_threshold_labelled_illustrative(
    client, personas, units, round_
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    response = client.get(reverse("rounds:entry", args=[round_.pk, units.commune_a.code]))
    page = response.content.decode()
    assert response.status_code == 200
    group = units.commune_a.commune_group
    assert f"(nhóm {group})" in page and "minh hoạ" in page
    assert "Ngưỡng minh hoạ — không phải số liệu chính thức" in page
    assert 'hx-post="/rounds/' in page
    assert len(response.content) < 120_000  # small enough for a slow phone connection


def test_htmx_save_returns_the_status_fragment_and_the_new_version(
    client, personas, units, round_
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    url = reverse("rounds:save_value", args=[round_.pk, units.commune_a.code, "3.a"])
    response = client.post(
        url, {"value": "9", "comment": "", "version": "0"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="st-3-a"' in body and "Đạt" in body and 'id="ver-3-a" value="1"' in body
    assert len(body) < 2000
    stale = client.post(url, {"value": "1", "comment": "", "version": "0"}, HTTP_HX_REQUEST="true")
    assert stale.status_code == 409 and "Xung đột" in stale.content.decode()
    assert IndicatorValue.objects.get(unit=units.commune_a, indicator_code="3.a").value == "9"


def test_a_value_below_the_threshold_shows_not_met_with_the_shortfall(
    client, personas, units, round_
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    url = reverse("rounds:save_value", args=[round_.pk, units.commune_a.code, "3.a"])
    body = client.post(url, {"value": "1", "version": "0"}, HTTP_HX_REQUEST="true").content.decode()
    assert "Chưa đạt" in body and "còn thiếu" in body


def test_evidence_is_stored_with_its_checksum_and_fake_files_are_refused(
    client, personas, units, round_
) -> None:  # type: ignore[no-untyped-def]
    import hashlib

    from django.core.files.uploadedfile import SimpleUploadedFile

    from ..models import Evidence
    from .factories import PDF

    client.force_login(personas.officer_a)
    url = reverse("rounds:add_evidence", args=[round_.pk, units.commune_a.code, "3.a"])
    client.post(url, {"file": pdf()})
    item = Evidence.objects.get()
    assert item.sha256 == hashlib.sha256(PDF).hexdigest() and item.kind == "pdf"
    fake = SimpleUploadedFile(
        "virus.pdf", b"MZ\x90\x00this is an exe", content_type="application/pdf"
    )
    response = client.post(url, {"file": fake}, follow=True)
    assert "không phải là tệp .pdf thật" in response.content.decode()
    assert Evidence.objects.count() == 1
    download = client.get(reverse("rounds:evidence", args=[item.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    client.force_login(personas.officer_b)
    assert client.get(reverse("rounds:evidence", args=[item.pk])).status_code == 404


def test_review_page_shows_last_years_value_and_lets_the_province_return_one_value(
    client, personas, units, round_
) -> None:  # type: ignore[no-untyped-def]
    ru = round_unit(round_, units.commune_a)
    IndicatorValue.objects.create(
        unit=units.commune_a, set_code=round_.set_code, year=2025, indicator_code="3.a", value="4"
    )
    services.do_save_value(personas.officer_a, ru, "3.a", "5", "", 0)
    services.do_submit(personas.officer_a, ru)
    client.force_login(personas.approver)
    page = client.get(
        reverse("rounds:review", args=[round_.pk, units.commune_a.code])
    ).content.decode()
    assert 'name="flag_3.a"' in page and ">4<" in page
    client.post(
        reverse("rounds:return", args=[round_.pk, units.commune_a.code]),
        {"flag_3.a": "on", "note_3.a": "Kiểm tra lại", "comment": ""},
    )
    assert round_unit(round_, units.commune_a).status == "returned"


def test_officer_a_gets_404_on_commune_b_pages_and_403_on_actions(
    client, personas, units, round_
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    code = units.commune_b.code
    for name in ("rounds:entry", "rounds:review", "rounds:history"):
        assert client.get(reverse(name, args=[round_.pk, code])).status_code == 404
    assert (
        client.post(reverse("rounds:approve", args=[round_.pk, units.commune_a.code])).status_code
        == 403
    )
    assert (
        client.post(
            reverse("rounds:save_value", args=[round_.pk, code, "3.a"]),
            {"value": "1", "version": 0},
        ).status_code
        == 404
    )


def test_history_lists_who_changed_what(client, personas, units, round_) -> None:  # type: ignore[no-untyped-def]
    ru = round_unit(round_, units.commune_a)
    services.do_save_value(personas.officer_a, ru, "3.a", "5", "", 0)
    services.do_save_value(personas.officer_a, ru, "3.a", "6", "", 1)
    client.force_login(personas.approver)
    page = client.get(
        reverse("rounds:history", args=[round_.pk, units.commune_a.code])
    ).content.decode()
    assert "5 → 6" in page and ValueChange.objects.count() == 2


def test_round_detail_shows_completeness_and_chart_data(
    client, personas, units, round_, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    ru = round_unit(round_, units.commune_a)
    services.do_save_value(personas.officer_a, ru, "3.a", "5", "", 0)
    services.do_submit(personas.officer_a, ru)
    client.force_login(personas.approver)
    with django_assert_max_num_queries(25):
        page = client.get(reverse("rounds:detail", args=[round_.pk])).content.decode()
    assert 'id="completeness-data"' in page and "50,0%" in page


def test_the_home_inbox_counts_returned_reports(client, personas, units, round_) -> None:  # type: ignore[no-untyped-def]
    ru = round_unit(round_, units.commune_a)
    services.do_save_value(personas.officer_a, ru, "3.a", "5", "", 0)
    services.do_submit(personas.officer_a, ru)
    services.do_return(personas.approver, round_unit(round_, units.commune_a), "Thiếu minh chứng")
    client.force_login(personas.officer_a)
    page = client.get(reverse("home")).content.decode()
    assert (
        "Hộp việc báo cáo" in page and "Bị trả lại — cần sửa" in page and "Thiếu minh chứng" in page
    )


def test_notifications_page_marks_everything_read(client, personas, units, round_) -> None:  # type: ignore[no-untyped-def]
    from ..models import Notification

    Notification.objects.create(user=personas.officer_a, text="x")
    client.force_login(personas.officer_a)
    assert "x" in client.get(reverse("rounds:notifications")).content.decode()
    client.post(reverse("rounds:notifications"))
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_public_recognition_list_needs_no_login(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get(reverse("rounds:public_recognitions")).status_code == 200
    assert client.get("/api/v1/rounds/recognitions/public").status_code == 200


def test_the_api_inbox_and_unit_status(client, personas, units, round_) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    data = client.get("/api/v1/rounds/inbox").json()
    assert [r["unit_code"] for r in data["due"]] == [units.commune_a.code]
    assert (
        client.get(f"/api/v1/rounds/units/2025/{units.commune_a.code}").json()[0]["status"]
        == "not_started"
    )
    assert client.get(f"/api/v1/rounds/units/2025/{units.commune_b.code}").status_code == 404


def test_entry_and_review_pages_use_a_bounded_number_of_queries(
    client, personas, units, round_, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    ru = round_unit(round_, units.commune_a)
    for code in ("3.a", "6.a", "8.a"):
        services.do_save_value(personas.officer_a, ru, code, "5", "", 0)
    client.force_login(personas.officer_a)
    client.post(
        reverse("rounds:add_evidence", args=[round_.pk, units.commune_a.code, "3.a"]),
        {"file": pdf()},
    )
    with django_assert_max_num_queries(20):
        assert (
            client.get(reverse("rounds:entry", args=[round_.pk, units.commune_a.code])).status_code
            == 200
        )
    client.force_login(personas.approver)
    with django_assert_max_num_queries(30):
        assert (
            client.get(reverse("rounds:review", args=[round_.pk, units.commune_a.code])).status_code
            == 200
        )
    with django_assert_max_num_queries(20):
        assert client.get(reverse("home")).status_code == 200


def test_a_bad_year_in_the_open_form_is_a_message_not_an_error(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    response = client.post(
        reverse("rounds:open"),
        {
            "province": units.province.pk,
            "set_code": "xa-ntm-2026-2030",
            "year": "hai nghìn",
            "opens_on": "2026-01-01",
            "due_on": "2026-03-31",
        },
        follow=True,
    )
    assert response.status_code == 200 and "ngoài thời hạn" in response.content.decode()


def test_the_index_shows_completeness_per_round(client, personas, units, round_) -> None:  # type: ignore[no-untyped-def]
    ru = round_unit(round_, units.commune_a)
    services.do_save_value(personas.officer_a, ru, "3.a", "5", "", 0)
    services.do_submit(personas.officer_a, ru)
    client.force_login(personas.central)
    page = client.get(reverse("rounds:index")).content.decode()
    assert round_.title in page and "50,0%" in page


def test_the_decision_file_is_served_to_the_unit_scope_only(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    from .factories import PDF, access_walk_objects

    objects = access_walk_objects(units.commune_b, personas.officer_b)
    url = reverse("rounds:decision_file", args=[objects.recognition.pk])
    client.force_login(personas.officer_b)
    assert b"".join(client.get(url).streaming_content) == PDF
    client.force_login(personas.officer_a)
    assert client.get(url).status_code == 404


def test_on_the_2021_map_the_district_reviews_first_then_the_province(
    client, personas, units
) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.places.models import AdminUnit

    commune = (
        AdminUnit.objects.filter(structure="2021", district=units.old_district, level="commune")
        .order_by("code")
        .first()
    )
    round_ = open_round(
        personas.approver,
        units.old_province,
        [commune],
        set_code="xa-ntm-2021-2025",
        year=2024,
        overlay="",
    )
    ru = round_unit(round_, commune)
    services.do_save_value(personas.admin, ru, "15.3", "20", "", 0)
    services.do_submit(personas.admin, ru)
    url = reverse("rounds:review", args=[round_.pk, commune.code])
    client.force_login(personas.district_reviewer)
    page = client.get(url).content.decode()
    assert 'id="verify-button"' in page and 'id="return-button"' in page
    client.force_login(personas.approver)
    page = client.get(url).content.decode()
    assert 'id="approve-button"' not in page and 'id="return-button"' in page
    client.force_login(personas.district_reviewer)
    client.post(reverse("rounds:verify", args=[round_.pk, commune.code]), {"comment": "ok"})
    page = client.get(url).content.decode()
    assert 'id="return-button"' not in page
    client.force_login(personas.approver)
    assert 'id="approve-button"' in client.get(url).content.decode()
