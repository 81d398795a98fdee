"""The central level (Điều 4.1.b, 7.4): the result of a dossier the province forwarded at ≥ 90
points is recorded, and a 5★ result becomes a certificate like the province's."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.core.models import AuditEntry
from nongthonmoi.ocop import procedure, services
from nongthonmoi.ocop.models import Certificate, CertificateStatus, Dossier, DossierStatus, Product
from nongthonmoi.ocop.tests.factories import (
    answers_for,
    certify,
    forwarded_dossier,
    make_producer,
    make_product,
)

pytestmark = pytest.mark.django_db
TODAY = dt.datetime(2026, 12, 15, 9, 0)
HELD_ON = dt.date(2026, 11, 20)
DECIDED = dt.date(2026, 12, 10)


@pytest.fixture(autouse=True)
def _frozen_day():  # type: ignore[no-untyped-def]
    with time_machine.travel(TODAY, tick=False):
        yield


def to_ministry(personas, units, product: Product | None = None, kind: str = "first") -> Dossier:  # type: ignore[no-untyped-def]
    """A dossier the provincial council scored at 5★ (≥ 90), forwarded to the ministry."""
    from django.contrib.auth import get_user_model

    members = [get_user_model().objects.get(username=f"ocop.tv{i}") for i in (1, 2, 3)]
    if product is None:
        product = make_product(make_producer(units.commune_a, personas.producer))
    dossier = forwarded_dossier(personas, product, kind=kind, self_assessment="Tự đánh giá 95 điểm")
    session = services.do_create_session(
        personas.council_secretary,
        units.province,
        title="Phiên 2/2026",
        held_on=HELD_ON,
        member_ids=[m.pk for m in members],
        dossier_ids=[dossier.pk],
    )
    for member in members:
        services.do_submit_sheet(member, session, dossier, answers=answers_for(6, stars=5))
    services.do_close_session(
        personas.council_secretary, session, decision_number="9/QĐ-UBND", decided_on=HELD_ON
    )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.TO_MINISTRY
    return dossier


@pytest.fixture
def forwarded(personas, units) -> Dossier:  # type: ignore[no-untyped-def]
    return to_ministry(personas, units)


def record(user, dossier: Dossier, **overrides):  # type: ignore[no-untyped-def]
    values = {
        "decision_number": "1234/QĐ-BNNMT",
        "decision_date": DECIDED,
        "stars": 5,
        "note": "",
        **overrides,
    }
    return services.do_record_central_result(user, dossier, **values)


# -- service ---------------------------------------------------------------------------------------


def test_a_five_star_decision_issues_the_certificate_for_36_months(personas, forwarded) -> None:  # type: ignore[no-untyped-def]
    dossier = record(personas.approver, forwarded)
    assert dossier.status == DossierStatus.CERTIFIED
    assert dossier.result_stars == 5
    certificate = Certificate.objects.get(dossier=dossier)
    assert certificate.stars == 5
    assert certificate.decision_number == "1234/QĐ-BNNMT"
    assert certificate.decided_on == DECIDED
    assert certificate.valid_until == dt.date(2029, 12, 9)
    assert certificate.valid_until == procedure.certificate_valid_until(DECIDED)
    assert certificate.province == forwarded.product.province
    assert Product.objects.get(pk=forwarded.product_id).stars == 5
    assert dossier.result["central"]["province_stars"] == 5
    assert dossier.result["total"] == forwarded.result["total"]  # the province's result is kept
    entry = AuditEntry.objects.get(action="ocop.central_result_recorded")
    assert entry.actor == personas.approver
    assert entry.object_id == str(dossier.pk)
    assert entry.unit == forwarded.product.province
    assert entry.before == {"status": "to_ministry", "result_stars": 5}
    assert entry.after["status"] == "certified"
    assert entry.after["certificate"] == certificate.pk
    assert entry.after["central"]["decided_on"] == "2026-12-10"
    assert dossier.events.filter(action="central_result").exists()


def test_the_council_secretary_and_the_administrator_may_record_it_too(
    personas, units, forwarded
) -> None:  # type: ignore[no-untyped-def]
    assert services.may_record_central_result(personas.admin, forwarded)
    record(personas.council_secretary, forwarded)
    assert Certificate.objects.filter(dossier=forwarded, stars=5).exists()


@pytest.mark.parametrize(
    "persona", ["producer", "officer_a", "other_approver", "council_member", "central"]
)
def test_others_may_not_record_the_central_result(personas, forwarded, persona) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDeniedError):
        record(getattr(personas, persona), forwarded)
    forwarded.refresh_from_db()
    assert forwarded.status == DossierStatus.TO_MINISTRY
    assert not Certificate.objects.filter(dossier=forwarded).exists()
    assert not AuditEntry.objects.filter(action="ocop.central_result_recorded").exists()


# -- inbox -----------------------------------------------------------------------------------------


def test_the_inbox_lists_the_dossier_for_those_who_may_record_it(
    client, personas, forwarded
) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.ocop.queries import inbox_for

    today = TODAY.date()
    for who in ("approver", "council_secretary", "admin"):
        user = getattr(personas, who)
        assert services.may_record_central_result(user, forwarded)
        assert [d.pk for d in inbox_for(user, today)["to_central"]] == [forwarded.pk], who
    for who in ("producer", "officer_a", "other_approver", "council_member", "central"):
        assert inbox_for(getattr(personas, who), today)["to_central"] == [], who
    client.force_login(personas.approver)
    page = client.get(reverse("ocop:index")).content.decode()
    assert "Hồ sơ chờ kết quả cấp trung ương" in page
    assert reverse("ocop:central_result", kwargs={"pk": forwarded.pk}) in page
    record(personas.approver, forwarded)
    assert inbox_for(personas.approver, today)["to_central"] == []


def test_only_a_dossier_forwarded_to_the_ministry_takes_a_central_result(
    personas, units, forwarded
) -> None:  # type: ignore[no-untyped-def]
    other = make_product(make_producer(units.commune_a, personas.producer), name="Trà xanh")
    draft = services.do_create_dossier(personas.producer, other, kind="first", self_assessment="x")
    with pytest.raises(ValidationFailed, match="đã gửi Hội đồng cấp trung ương"):
        record(personas.approver, draft)
    record(personas.approver, forwarded)
    with pytest.raises(ValidationFailed, match="đã được ghi"):
        record(personas.approver, forwarded)  # a stale copy: the locked re-read refuses it
    with pytest.raises(ValidationFailed, match="đã gửi Hội đồng cấp trung ương"):
        record(personas.approver, Dossier.objects.get(pk=forwarded.pk))
    assert Certificate.objects.filter(dossier=forwarded).count() == 1


def test_under_ninety_at_the_centre_the_province_recognises_the_central_stars(
    personas, forwarded
) -> None:  # type: ignore[no-untyped-def]
    dossier = record(personas.approver, forwarded, stars=4, decision_number="88/QĐ-UBND")
    assert dossier.status == DossierStatus.CERTIFIED
    assert dossier.result_stars == 4
    assert dossier.result["central"]["province_stars"] == 5
    certificate = Certificate.objects.get(dossier=dossier)
    assert (certificate.stars, certificate.decision_number) == (4, "88/QĐ-UBND")
    assert certificate.valid_until == dt.date(2029, 12, 9)
    assert Product.objects.get(pk=forwarded.product_id).stars == 4


def test_a_refusal_is_recorded_with_its_reason_and_the_earlier_certificate_stays(
    personas, units
) -> None:  # type: ignore[no-untyped-def]
    product = make_product(make_producer(units.commune_a, personas.producer))
    earlier = certify(product, stars=4, decided_on=dt.date(2025, 3, 1))
    dossier = to_ministry(personas, units, product=product, kind="upgrade")
    with pytest.raises(ValidationFailed, match="lý do không công nhận"):
        record(personas.approver, dossier, stars=0, decision_number="55/BNNMT-KTHT")
    dossier = record(
        personas.approver,
        dossier,
        stars=0,
        decision_number="55/BNNMT-KTHT",
        note="Chưa đạt tiêu chí xuất khẩu",
    )
    assert dossier.status == DossierStatus.CENTRAL_REFUSED
    assert dossier.result_stars is None
    assert dossier.result["central"]["note"] == "Chưa đạt tiêu chí xuất khẩu"
    assert dossier.events.filter(comment="Chưa đạt tiêu chí xuất khẩu").exists()
    assert not Certificate.objects.filter(dossier=dossier).exists()
    earlier.refresh_from_db()
    assert earlier.status == CertificateStatus.VALID
    assert Product.objects.get(pk=product.pk).stars == 4
    entry = AuditEntry.objects.get(action="ocop.central_result_recorded")
    assert entry.reason == "Chưa đạt tiêu chí xuất khẩu"


def test_bad_number_date_and_stars_are_all_named_and_nothing_is_written(
    personas, forwarded
) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as error:
        record(
            personas.approver,
            forwarded,
            decision_number="QĐ-BNNMT",
            decision_date=dt.date(2026, 12, 16),
            stars=7,
        )
    problems = " | ".join(error.value.problems)
    assert "Số quyết định “QĐ-BNNMT” không hợp lệ" in problems
    assert "Ngày quyết định 16/12/2026 chưa đến" in problems
    assert "Hạng sao không hợp lệ" in problems
    with pytest.raises(ValidationFailed, match="trước ngày Hội đồng tỉnh họp \\(20/11/2026\\)"):
        record(personas.approver, forwarded, decision_date=dt.date(2026, 11, 1))
    with pytest.raises(ValidationFailed, match="Thiếu số quyết định"):
        record(personas.approver, forwarded, decision_number="  ")
    forwarded.refresh_from_db()
    assert forwarded.status == DossierStatus.TO_MINISTRY
    assert not Certificate.objects.filter(dossier=forwarded).exists()
    assert not AuditEntry.objects.filter(action="ocop.central_result_recorded").exists()


# -- page ------------------------------------------------------------------------------------------


def test_the_dossier_page_leads_the_approver_to_the_form_and_not_the_producer(
    client, personas, forwarded
) -> None:  # type: ignore[no-untyped-def]
    detail = reverse("ocop:dossier_detail", kwargs={"pk": forwarded.pk})
    url = reverse("ocop:central_result", kwargs={"pk": forwarded.pk})
    client.force_login(personas.approver)
    assert url in client.get(detail).content.decode()
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'id="central-result-form"' in body
    assert 'name="decision_number"' in body and 'name="decision_date"' in body
    client.force_login(personas.producer)
    assert url not in client.get(detail).content.decode()
    assert client.get(url).status_code == 403
    client.force_login(personas.officer_a)
    assert client.get(url).status_code == 403


def test_posting_the_form_issues_the_certificate_and_shows_it_on_the_dossier(
    client, personas, forwarded
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    url = reverse("ocop:central_result", kwargs={"pk": forwarded.pk})
    response = client.post(
        url,
        {"stars": "5", "decision_number": "1234/QĐ-BNNMT", "decision_date": "2026-12-10"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("ocop:dossier_detail", kwargs={"pk": forwarded.pk})
    certificate = Certificate.objects.get(dossier=forwarded)
    assert (certificate.stars, certificate.valid_until) == (5, dt.date(2029, 12, 9))
    page = client.get(response["Location"]).content.decode()
    assert 'id="central-result"' in page and "1234/QĐ-BNNMT" in page and "10/12/2026" in page
    assert url not in page  # recorded: no more link
    pdf = client.get(reverse("ocop:certificate_pdf", kwargs={"pk": certificate.pk}))
    assert pdf.content.startswith(b"%PDF")


def test_a_bad_form_shows_the_errors_in_vietnamese_and_writes_nothing(
    client, personas, forwarded
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    url = reverse("ocop:central_result", kwargs={"pk": forwarded.pk})
    response = client.post(
        url, {"stars": "7", "decision_number": "", "decision_date": "31/02/2026"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hạng sao không hợp lệ" in body
    assert "Thiếu số quyết định hoặc văn bản thông báo kết quả." in body
    assert "Ngày quyết định không hợp lệ: nhập theo dạng ngày/tháng/năm" in body
    # a well-formed form the service refuses (a refusal without its reason, a date to come)
    response = client.post(
        url, {"stars": "0", "decision_number": "55/BNNMT-KTHT", "decision_date": "16/12/2026"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Ghi rõ lý do không công nhận" in body and "chưa đến" in body
    forwarded.refresh_from_db()
    assert forwarded.status == DossierStatus.TO_MINISTRY
    assert not Certificate.objects.filter(dossier=forwarded).exists()
    assert not AuditEntry.objects.filter(action="ocop.central_result_recorded").exists()


def _secretary(username: str, unit):  # type: ignore[no-untyped-def]
    from nongthonmoi.accounts.models import Assignment, User

    user = User.objects.create(username=username)
    Assignment.objects.create(user=user, role="ocop_council_secretary", unit=unit)
    return user


def test_another_secretary_of_the_province_records_it_and_sees_nothing_else(
    client, personas, units, forwarded
) -> None:  # type: ignore[no-untyped-def]
    """The dossier went through a session another secretary opened: a secretary of the same
    province sees it only while it waits for the central result; nothing else becomes visible."""
    from nongthonmoi.ocop.views import visible_dossiers

    second = _secretary("ocop.thuky2", units.province)
    elsewhere = _secretary("ocop.thuky.ls", units.other_province)
    waiting = Dossier.objects.create(  # at the commune: not the secretary's to see
        product=make_product(make_producer(units.commune_a), name="Chè Shan"),
        commune=units.commune_a,
        kind="first",
        status="forwarded",
    )
    detail = reverse("ocop:dossier_detail", kwargs={"pk": forwarded.pk})
    url = reverse("ocop:central_result", kwargs={"pk": forwarded.pk})
    assert list(visible_dossiers(second)) == [forwarded]
    assert list(visible_dossiers(elsewhere)) == []
    client.force_login(elsewhere)
    assert client.get(detail).status_code == 404
    assert client.get(url).status_code == 404
    client.force_login(second)
    assert url in client.get(detail).content.decode()
    assert client.get(reverse("ocop:dossier_detail", kwargs={"pk": waiting.pk})).status_code == 404
    product = reverse("ocop:product_detail", kwargs={"pk": forwarded.product_id})
    assert client.get(product).status_code == 404  # the dossier only, not the product
    response = client.post(
        url,
        {"stars": "5", "decision_number": "1234/QĐ-BNNMT", "decision_date": "2026-12-10"},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("ocop:index")  # certified: no longer in its sight
    assert Certificate.objects.filter(dossier=forwarded, stars=5).exists()
    assert client.get(detail).status_code == 404
    assert list(visible_dossiers(second)) == []


def test_the_form_page_of_a_dossier_not_at_the_ministry_only_explains(
    client, personas, units
) -> None:  # type: ignore[no-untyped-def]
    product = make_product(make_producer(units.commune_a, personas.producer))
    draft = services.do_create_dossier(
        personas.producer, product, kind="first", self_assessment="x"
    )
    client.force_login(personas.approver)
    url = reverse("ocop:central_result", kwargs={"pk": draft.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert 'id="central-result-form"' not in page.content.decode()
    response = client.post(
        url, {"stars": "5", "decision_number": "1/QĐ-BNNMT", "decision_date": "2026-12-10"}
    )
    assert response.status_code == 200
    assert "đã gửi Hội đồng cấp trung ương" in response.content.decode()
    assert not Certificate.objects.filter(dossier=draft).exists()
