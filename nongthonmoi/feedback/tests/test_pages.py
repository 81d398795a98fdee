"""Pages: public form (size, offline script), thanks, results after close, officers' dashboard,
commune results, poster, moderation, export, online services; scope on each."""

from __future__ import annotations

import csv
import io
import re
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse

from nongthonmoi.core.models import AuditEntry
from nongthonmoi.feedback import services
from nongthonmoi.feedback.models import Answer, OnlineService, Response, Survey

from .factories import answers, open_survey, payload, place_of

pytestmark = pytest.mark.django_db
FORM_BUDGET = 50 * 1024


def pdf_links(data: bytes) -> list[str]:
    """Link targets of a (compressed) PDF."""
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return [m.decode() for c in chunks for m in re.findall(rb"/URI\s*\(([^)]*)\)", c)]


def send(client, survey, place, **kw):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/surveys/{survey.pk}/responses",
        payload(place, **kw),
        content_type="application/json",
    )


def test_the_public_form_with_its_css_and_js_weighs_less_than_50_kb(
    client, units, personas
) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    response = client.get(
        reverse("feedback:form", kwargs={"token": place_of(survey, units.commune_a).token})
    )
    assert response.status_code == 200
    html = response.content
    assets = re.findall(rb'(?:href|src)="/static/([^"]+)"', html)
    assert {a.decode() for a in assets} == {"feedback/form.css", "feedback/form.js"}
    size = len(html) + sum(Path(finders.find(a.decode())).stat().st_size for a in assets)
    assert size < FORM_BUDGET, size
    text = html.decode()
    assert "Gửi ý kiến" in text and 'name="website"' in text and units.commune_a.name in text
    assert "ntm_fb_device" in response.cookies


def test_the_form_works_without_javascript_and_redirects_to_thanks(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    place = place_of(survey, units.commune_a)
    page = client.get(reverse("feedback:form", kwargs={"token": place.token})).content.decode()
    form_uuid = re.search(r'id="fb-uuid" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    data = {"submission_uuid": form_uuid, **answers(score=4)}
    first = client.post(reverse("feedback:form", kwargs={"token": place.token}), data)
    again = client.post(reverse("feedback:form", kwargs={"token": place.token}), data)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == reverse("feedback:thanks", kwargs={"token": place.token})
    assert Response.objects.count() == 1
    thanks = client.get(first["Location"])
    assert "Cảm ơn" in thanks.content.decode()


def test_a_form_with_missing_answers_is_shown_again_with_the_problems_and_the_choices(
    client, units, personas
) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    place = place_of(survey, units.commune_a)
    response = client.post(
        reverse("feedback:form", kwargs={"token": place.token}),
        {"submission_uuid": "3b0b7f9a-4f4e-4b1e-8f0a-9d9a8c0f1e11", "tc1": "4"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert "bắt buộc trả lời" in text
    assert 'name="tc1" value="4" checked' in text
    assert "3b0b7f9a-4f4e-4b1e-8f0a-9d9a8c0f1e11" in text


def test_an_unknown_token_is_404(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/surveys/s/doan-bua/").status_code == 404


def test_results_are_public_only_after_the_survey_closes_and_show_approved_text_only(
    client, units, personas
) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    place = place_of(survey, units.commune_a)
    send(client, survey, place, answers=answers(5, text="Đường làng sạch đẹp"))
    send(client, survey, place, answers=answers(2, text="Gọi 0912345678 ông Nam"))
    url = reverse(
        "feedback:public_results", kwargs={"survey_id": survey.pk, "code": units.commune_a.code}
    )
    assert "công bố sau khi" in client.get(url).content.decode()
    good, bad = Answer.objects.filter(question__code="y-kien").order_by("pk")
    services.do_moderate(personas.approver, good, "approved")
    services.do_moderate(personas.approver, bad, "rejected")
    services.do_close_survey(personas.approver, survey)
    text = client.get(url).content.decode()
    assert 'id="answers-count">2<' in text
    assert "Đường làng sạch đẹp" in text and "0912345678" not in text
    assert "50,0%" in text  # one of two satisfied overall (Vietnamese decimal comma)
    assert "Sai số ±" in text and "Wilson" in text


def test_the_province_dashboard_shows_each_commune_with_counts_and_verdicts(
    client, units, personas, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    for _ in range(3):
        send(client, survey, place_of(survey, units.commune_a))
    client.force_login(personas.approver)
    with django_assert_max_num_queries(25):
        response = client.get(reverse("feedback:detail", kwargs={"survey_id": survey.pk}))
    text = response.content.decode()
    assert response.status_code == 200
    assert units.commune_a.name in text and units.commune_b.name in text
    assert 'id="total-answers">3<' in text
    assert "Đạt" in text and "Chưa có phiếu" in text
    assert "fb-dashboard-data" in text


def test_officers_of_a_commune_see_only_their_commune(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    client.force_login(personas.officer_a)
    assert (
        client.get(reverse("feedback:detail", kwargs={"survey_id": survey.pk})).status_code == 404
    )
    own = reverse("feedback:commune", kwargs={"survey_id": survey.pk, "code": units.commune_a.code})
    other = reverse(
        "feedback:commune", kwargs={"survey_id": survey.pk, "code": units.commune_b.code}
    )
    assert client.get(own).status_code == 200
    assert client.get(other).status_code == 404
    index = client.get(reverse("feedback:index")).content.decode()
    assert units.commune_a.name in index and units.commune_b.name not in index


def test_the_poster_is_a_pdf_with_the_commune_link(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    client.force_login(personas.approver)
    response = client.get(
        reverse("feedback:poster", kwargs={"survey_id": survey.pk, "code": units.commune_a.code})
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    # the QR code (drawn as a link to the same address, made by segno from it) opens the form
    place = place_of(survey, units.commune_a)
    form_url = "http://testserver" + reverse("feedback:form", kwargs={"token": place.token})
    assert set(pdf_links(response.content)) == {form_url}
    client.logout()
    form = client.get(form_url)
    assert form.status_code == 200 and units.commune_a.name in form.content.decode()
    client.force_login(personas.officer_a)
    denied = reverse(
        "feedback:poster", kwargs={"survey_id": survey.pk, "code": units.commune_b.code}
    )
    assert client.get(denied).status_code == 404


def test_a_province_manager_opens_a_survey_for_chosen_communes(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    page = client.get(reverse("feedback:new"))
    assert page.status_code == 200
    template = services.ensure_bundled_templates()[0]
    response = client.post(
        reverse("feedback:new"),
        {
            "province": units.province.pk,
            "template": template.pk,
            "title": "Đợt 1/2026",
            "opens_on": "2026-01-01",
            "closes_on": "2026-03-31",
            "rule_code": "xa-2026-2030",
            "commune_codes": f"{units.commune_a.code}, {units.commune_b.code}",
        },
    )
    survey = Survey.objects.get(title="Đợt 1/2026")
    assert response.status_code == 302
    assert set(survey.communes.values_list("commune__code", flat=True)) == {
        units.commune_a.code,
        units.commune_b.code,
    }
    assert len({c.token for c in survey.communes.all()}) == 2
    assert AuditEntry.objects.filter(action="feedback.open_survey").exists()


def test_opening_a_survey_with_bad_input_lists_every_problem(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    template = services.ensure_bundled_templates()[0]
    response = client.post(
        reverse("feedback:new"),
        {
            "province": units.province.pk,
            "template": template.pk,
            "title": "Sai",
            "opens_on": "2026-03-01",
            "closes_on": "2026-01-01",
            "rule_code": "xa-2026-2030",
            "commune_codes": "99999",
        },
    )
    text = response.content.decode()
    assert "Ngày đóng phải sau ngày mở" in text and "Chọn ít nhất một xã" in text
    assert not Survey.objects.filter(title="Sai").exists()


def test_commune_officers_cannot_open_or_close_surveys(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    client.force_login(personas.officer_a)
    assert client.get(reverse("feedback:new")).status_code == 403
    other_province = personas.other_approver
    client.force_login(other_province)
    assert (
        client.post(reverse("feedback:close", kwargs={"survey_id": survey.pk})).status_code == 404
    )
    client.force_login(personas.central)
    assert (
        client.post(reverse("feedback:close", kwargs={"survey_id": survey.pk})).status_code == 403
    )
    survey.refresh_from_db()
    assert survey.closed_at is None


def test_closing_a_survey_publishes_and_is_audited(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    client.force_login(personas.approver)
    client.post(reverse("feedback:close", kwargs={"survey_id": survey.pk}))
    survey.refresh_from_db()
    assert survey.closed_at is not None and survey.is_closed()
    assert AuditEntry.objects.filter(action="feedback.close_survey").count() == 1


def test_moderation_queue_approves_and_rejects(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    send(
        client,
        survey,
        place_of(survey, units.commune_b),
        answers=answers(4, text="Cần thêm đèn đường"),
    )
    client.force_login(personas.approver)
    url = reverse("feedback:moderation", kwargs={"survey_id": survey.pk})
    assert "Cần thêm đèn đường" in client.get(url).content.decode()
    answer = Answer.objects.get(question__code="y-kien")
    client.post(url, {"answer_id": answer.pk, "decision": "approved"})
    answer.refresh_from_db()
    assert answer.moderation == "approved" and answer.moderated_by == personas.approver
    assert 'id="queue-empty"' in client.get(url).content.decode()
    client.force_login(personas.officer_b)
    assert client.get(url).status_code == 404


def test_the_export_is_anonymous_by_construction(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    place = place_of(survey, units.commune_a)
    body = payload(
        place, answers=answers(4, text="chưa duyệt"), contact_opt_in=True, phone="0912345678"
    )
    send(client, survey, place, **{k: v for k, v in body.items() if k != "token"})
    client.force_login(personas.approver)
    response = client.get(reverse("feedback:export", kwargs={"survey_id": survey.pk, "fmt": "csv"}))
    content = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:3] == ["ma_xa", "ten_xa", "ngay"]
    assert len(rows) == 2 and rows[1][0] == units.commune_a.code
    stored = Response.objects.get()
    for secret in (
        str(stored.submission_uuid),
        stored.ip_hash,
        stored.device_hash,
        "0912345678",
        "chưa duyệt",
    ):
        assert secret not in content
    xlsx = client.get(reverse("feedback:export", kwargs={"survey_id": survey.pk, "fmt": "xlsx"}))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    assert (
        client.get(
            reverse("feedback:export", kwargs={"survey_id": survey.pk, "fmt": "pdf"})
        ).status_code
        == 404
    )


def test_the_province_records_online_services_and_sees_the_coverage(
    client, units, personas
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    url = reverse("feedback:services", kwargs={"code": units.province.code})
    assert client.get(url).status_code == 200
    client.post(
        url,
        {
            "code": units.commune_a.code,
            "provides": "on",
            "description": "Cấp giấy khai sinh trực tuyến",
        },
    )
    record = OnlineService.objects.get(commune=units.commune_a)
    assert record.provides and record.description == "Cấp giấy khai sinh trực tuyến"
    assert AuditEntry.objects.filter(action="feedback.online_service").exists()
    client.force_login(personas.officer_a)
    assert client.get(url).status_code == 404


def test_the_index_shows_the_coverage_against_the_forty_percent_target(
    client, units, personas
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.central)
    text = client.get(reverse("feedback:index")).content.decode()
    assert 'id="coverage"' in text and "≥ 40%" in text


def test_the_menu_links_to_the_surveys(client, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    assert reverse("feedback:index") in client.get("/").content.decode()


def test_settings_keep_the_secret_out_of_the_hash_salt_default() -> None:
    from nongthonmoi.feedback.privacy import salted_hash

    assert salted_hash("ip", "1.2.3.4") != salted_hash("device", "1.2.3.4")
    assert settings.SECRET_KEY not in salted_hash("ip", "1.2.3.4")


def test_the_index_lists_open_surveys_with_commune_and_answer_counts(
    client, units, personas, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    send(client, survey, place_of(survey, units.commune_a))
    client.force_login(personas.approver)
    with django_assert_max_num_queries(30):
        text = client.get(reverse("feedback:index")).content.decode()
    assert survey.title in text and "đang mở" in text
    assert '<td class="num">2</td><td class="num">1</td>' in text


def test_the_commune_page_stays_within_a_fixed_number_of_queries(
    client, units, personas, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    for score in (5, 4, 2):
        send(
            client, survey, place_of(survey, units.commune_b), answers=answers(score, text="ý kiến")
        )
    client.force_login(personas.officer_b)
    url = reverse("feedback:commune", kwargs={"survey_id": survey.pk, "code": units.commune_b.code})
    with django_assert_max_num_queries(25):
        response = client.get(url)
    text = response.content.decode()
    assert response.status_code == 200 and 'id="answers-count">3<' in text
    assert "3 ý kiến chờ duyệt" in text and place_of(survey, units.commune_b).token in text


def test_officer_pages_send_anonymous_visitors_to_the_login(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    for url in (
        reverse("feedback:index"),
        reverse("feedback:detail", kwargs={"survey_id": survey.pk}),
        reverse("feedback:export", kwargs={"survey_id": survey.pk, "fmt": "csv"}),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_closed_survey_form_says_so_and_links_to_the_results(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    services.do_close_survey(personas.approver, survey)
    place = place_of(survey, units.commune_a)
    text = client.get(reverse("feedback:form", kwargs={"token": place.token})).content.decode()
    assert "không mở" in text and 'id="fb-form"' not in text
    assert (
        reverse(
            "feedback:public_results", kwargs={"survey_id": survey.pk, "code": units.commune_a.code}
        )
        in text
    )


def test_the_province_sees_who_asked_to_be_contacted_without_their_answers(
    client, units, personas
) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    send(
        client,
        survey,
        place_of(survey, units.commune_b),
        contact_opt_in=True,
        phone="0912345678",
        answers=answers(2, text="Đèn đường hỏng"),
    )
    client.force_login(personas.approver)
    text = client.get(
        reverse("feedback:contacts", kwargs={"survey_id": survey.pk})
    ).content.decode()
    assert "0912345678" in text and units.commune_b.name in text
    assert "Đèn đường hỏng" not in text
    client.force_login(personas.central)  # sees the province, may not manage it
    assert (
        client.get(reverse("feedback:contacts", kwargs={"survey_id": survey.pk})).status_code == 403
    )
    client.force_login(personas.officer_b)
    assert (
        client.get(reverse("feedback:contacts", kwargs={"survey_id": survey.pk})).status_code == 404
    )
