"""Certificates: expiry reminders by the task runner (frozen clock), revocation, lists, statistics."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from nongthonmoi.core.models import AuditEntry
from nongthonmoi.ocop import queries, services
from nongthonmoi.ocop.models import Certificate, ExpiryReminder, Product
from nongthonmoi.ocop.tasks import send_expiry_reminders
from nongthonmoi.ocop.tests.factories import certify, make_producer, make_product

pytestmark = pytest.mark.django_db
IMMEDIATE = {
    "default": {
        "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "ENQUEUE_ON_COMMIT": False,  # the test runs inside a transaction that never commits
    }
}


@pytest.fixture
def certified(personas, units):  # type: ignore[no-untyped-def]
    personas.producer.email = "htx@example.vn"
    personas.producer.save()
    personas.approver.email = "tinh@example.vn"
    personas.approver.save()
    producer = make_producer(units.commune_a, personas.producer, email="lienhe@htx.vn")
    product = make_product(producer, name="Trà hoa vàng", set_number=12)
    return certify(product, stars=4, decided_on=dt.date(2026, 1, 10))  # valid to 09/01/2029


def test_the_task_runner_reminds_producer_and_province_when_the_window_opens(
    settings, certified, mailoutbox
) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = IMMEDIATE
    assert certified.valid_until == dt.date(2029, 1, 9)
    with time_machine.travel(dt.datetime(2028, 7, 12, 8, 0), tick=False):  # 181 days before
        send_expiry_reminders.enqueue()
    assert ExpiryReminder.objects.count() == 0
    with time_machine.travel(dt.datetime(2028, 7, 13, 8, 0), tick=False):  # 180 days before
        send_expiry_reminders.enqueue()
        send_expiry_reminders.enqueue()  # a second run the same day sends nothing more
    reminder = ExpiryReminder.objects.get()
    assert reminder.stage == "window_open"
    assert reminder.sent_on == dt.date(2028, 7, 13)
    assert set(reminder.recipients) == {"htx@example.vn", "lienhe@htx.vn", "tinh@example.vn"}
    assert len(mailoutbox) == 1
    assert "09/01/2029" in mailoutbox[0].subject
    assert "13/07/2028 đến 11/09/2028" in mailoutbox[0].body
    with time_machine.travel(dt.datetime(2028, 8, 27, 8, 0), tick=False):  # 135 days before
        send_expiry_reminders.enqueue()
    assert list(ExpiryReminder.objects.order_by("sent_on").values_list("stage", flat=True)) == [
        "window_open",
        "window_closing",
    ]
    assert len(mailoutbox) == 2


def test_an_expired_certificate_leaves_the_catalogue_after_the_daily_run(
    settings, certified
) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = IMMEDIATE
    with time_machine.travel(dt.datetime(2029, 1, 10, 8, 0), tick=False):
        send_expiry_reminders.enqueue()
        assert queries.catalogue().count() == 0
        assert queries.products_at_least(3) == 0
    certified.product.refresh_from_db()
    assert certified.product.stars is None


def test_the_province_revokes_a_certificate_with_its_reason(client, personas, certified) -> None:  # type: ignore[no-untyped-def]
    url = reverse("ocop:certificate_revoke", kwargs={"pk": certified.pk})
    client.force_login(personas.officer_a)
    assert client.post(url, {"ground": "Chủ thể ngừng sản xuất"}).status_code == 404
    client.force_login(personas.approver)
    client.post(url, {"ground": "Chủ thể ngừng sản xuất", "detail": "Biên bản kiểm tra 12/3"})
    certified.refresh_from_db()
    assert certified.status == "revoked"
    assert certified.revoked_reason == "Chủ thể ngừng sản xuất: Biên bản kiểm tra 12/3"
    assert Product.objects.get(pk=certified.product_id).stars is None
    assert AuditEntry.objects.filter(action="ocop.certificate_revoked").exists()


def test_the_list_shows_certificates_expiring_this_quarter(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    producer = make_producer(units.commune_a)
    soon = certify(make_product(producer, name="Mật ong bạc hà"), decided_on=dt.date(2023, 11, 20))
    later = certify(make_product(producer, name="Miến dong"), decided_on=dt.date(2026, 3, 1))
    client.force_login(personas.approver)
    with time_machine.travel(dt.datetime(2026, 11, 29, 9, 0), tick=False):
        page = client.get(reverse("ocop:certificates")).content.decode()
    quarter = page.split("Đang trong thời hạn")[0]
    assert soon.valid_until == dt.date(2026, 11, 19)
    assert "Mật ong bạc hà" in quarter and "Miến dong" not in quarter
    assert later.product.name not in quarter


def test_a_producer_reuses_evidence_when_applying_to_move_up_a_star(personas, units) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    producer = make_producer(units.commune_a, personas.producer)
    product = make_product(producer)
    attp = services.do_add_evidence(
        personas.producer,
        producer,
        title="Giấy chứng nhận ATTP",
        kind="ATTP",
        upload=SimpleUploadedFile("attp.pdf", b"%PDF-1.4"),
    )
    certify(product, stars=3, decided_on=dt.date(2026, 6, 1))
    upgrade = services.do_create_dossier(
        personas.producer, product, kind="upgrade", self_assessment="4 sao", evidence_ids=[attp.pk]
    )
    assert list(upgrade.evidence.all()) == [attp]
    with pytest.raises(services.ValidationFailed, match="đã được công nhận"):
        services.do_create_dossier(personas.producer, product, kind="first", self_assessment="x")


def test_statistics_count_stars_groups_and_producer_shares(units) -> None:  # type: ignore[no-untyped-def]
    coop = make_producer(units.commune_a, kind="cooperative", representative_is_woman=True)
    firm = make_producer(units.commune_a, name="Công ty A", kind="enterprise")
    make_producer(units.commune_b, name="Hộ B", kind="household")
    certify(make_product(coop, name="Miến", set_number=6), stars=4, decided_on=dt.date(2026, 6, 1))
    certify(make_product(firm, name="Trà", set_number=12), stars=3, decided_on=dt.date(2025, 6, 1))
    make_product(firm, name="Chưa đánh giá")
    from nongthonmoi.ocop.models import Producer

    with time_machine.travel(dt.datetime(2026, 7, 1, 9, 0), tick=False):
        data = queries.statistics(Product.objects.all(), Producer.objects.all())
        assert queries.products_at_least(3) == 2
        assert queries.products_at_least(4, "04") == 1
        assert queries.products_at_least(3, units.other_province) == 0
    assert data["certified"] == 2
    assert {r["stars"]: r["n"] for r in data["by_stars"]} == {4: 1, 3: 1}
    assert [r["code"] for r in data["by_group"]] == ["I"]
    assert [(r["set"], r["n"]) for r in data["by_set"]] == [(6, 1), (12, 1)]
    assert all(r["name"] for r in data["by_set"])
    assert [(r["province__code"], r["n"]) for r in data["by_province"]] == [("04", 2)]
    assert {r["year"]: r["n"] for r in data["by_year"]} == {2025: 1, 2026: 1}
    assert data["cooperative_share"] == pytest.approx(33.3)
    assert data["enterprise_share"] == pytest.approx(33.3)
    assert data["women_share"] == pytest.approx(33.3)
    assert data["target_products"] == 10000
    assert data["at_least_3"] == 2 and data["target_progress"] == pytest.approx(0.02)
    assert (data["target_cooperative_share"], data["target_enterprise_share"]) == (40, 30)


def test_the_stats_page_and_api_cover_only_the_officers_units(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    certify(make_product(make_producer(units.commune_b)), stars=5)
    client.force_login(personas.officer_a)
    assert client.get(reverse("ocop:stats")).context["s"]["certified"] == 0
    assert client.get("/api/v1/ocop/stats").json()["certified"] == 0
    client.force_login(personas.approver)
    assert client.get("/api/v1/ocop/stats").json()["certified"] == 1


def test_certificate_pdf_of_a_superseded_certificate_is_not_served(client, units) -> None:  # type: ignore[no-untyped-def]
    product = make_product(make_producer(units.commune_a))
    old = certify(product, stars=3, decided_on=dt.date(2026, 1, 1))
    Certificate.objects.filter(pk=old.pk).update(status="superseded")
    assert client.get(reverse("ocop:certificate_pdf", kwargs={"pk": old.pk})).status_code == 404


def test_an_upgrade_dossier_starts_with_the_previous_dossiers_valid_documents(
    client, personas, units
) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    producer = make_producer(units.commune_a, personas.producer)
    product = make_product(producer)

    def document(title: str, valid_until: dt.date | None) -> object:
        return services.do_add_evidence(
            personas.producer,
            producer,
            title=title,
            kind="",
            upload=SimpleUploadedFile("a.pdf", b"%PDF"),
            valid_until=valid_until,
        )

    kept = document("Đăng ký nhãn hiệu", None)
    expired = document("Phiếu kiểm nghiệm 2023", dt.date(2024, 1, 1))
    first = services.do_create_dossier(
        personas.producer,
        product,
        kind="first",
        self_assessment="x",
        evidence_ids=[kept.pk, expired.pk],
    )
    services.Dossier.objects.filter(pk=first.pk).update(status="certified")
    certify(product, stars=3)
    client.force_login(personas.producer)
    form = client.get(reverse("ocop:dossier_new", kwargs={"pk": product.pk})).context["form"]
    assert form.initial["kind"] == "upgrade"
    assert form.initial["evidence"] == [str(kept.pk)]


def test_a_dossier_filed_before_22_may_2026_follows_the_2021_2025_rules(
    client, personas, units
) -> None:  # type: ignore[no-untyped-def]
    product = make_product(make_producer(units.commune_a, personas.producer))
    dossier = services.do_create_dossier(
        personas.producer, product, kind="first", self_assessment="x"
    )
    services.do_submit_dossier(personas.producer, dossier, on=dt.date(2026, 5, 20))
    dossier.refresh_from_db()
    assert dossier.rulebook == "qd-148-2023"
    client.force_login(personas.officer_a)
    page = client.get(reverse("ocop:dossier_detail", kwargs={"pk": dossier.pk})).content.decode()
    assert "Điều 12.2.a" in page and "21/07/2026" in page


def test_the_daily_command_enqueues_the_reminders(settings, certified) -> None:  # type: ignore[no-untyped-def]
    from django.core.management import call_command

    settings.TASKS = IMMEDIATE
    with time_machine.travel(dt.datetime(2028, 7, 20, 8, 0), tick=False):
        call_command("ocop_daily")
    assert ExpiryReminder.objects.filter(certificate=certified, stage="window_open").exists()


# -- Điều 8.2: who revokes which certificate --------------------------------------------------------

MINISTRY_ONLY = "Bộ trưởng Bộ Nông nghiệp và Môi trường quyết định thu hồi"


def test_the_province_cannot_revoke_a_five_star_certificate(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.core.exceptions import PermissionDeniedError

    five = certify(make_product(make_producer(units.commune_a)), stars=5)
    with pytest.raises(PermissionDeniedError, match=MINISTRY_ONLY):
        services.do_revoke_certificate(personas.approver, five, reason="Chủ thể ngừng sản xuất")
    client.force_login(personas.approver)
    page = client.get(reverse("ocop:product_detail", kwargs={"pk": five.product_id}))
    assert "Thu hồi giấy chứng nhận" not in page.content.decode()  # no button for the province
    url = reverse("ocop:certificate_revoke", kwargs={"pk": five.pk})
    response = client.post(url, {"ground": "Chủ thể ngừng sản xuất"}, follow=True)
    assert MINISTRY_ONLY in response.content.decode()
    five.refresh_from_db()
    assert five.status == "valid"
    assert Product.objects.get(pk=five.product_id).stars == 5
    assert not AuditEntry.objects.filter(action="ocop.certificate_revoked").exists()


def test_the_province_still_revokes_a_four_star_certificate(client, personas, certified) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    page = client.get(reverse("ocop:product_detail", kwargs={"pk": certified.product_id}))
    assert "Thu hồi giấy chứng nhận" in page.content.decode()
    assert services.may_revoke_certificate(personas.approver, certified)
    assert not services.may_revoke_certificate(personas.other_approver, certified)
    services.do_revoke_certificate(personas.approver, certified, reason="Chủ thể ngừng sản xuất")
    certified.refresh_from_db()
    assert certified.status == "revoked"
    entry = AuditEntry.objects.get(action="ocop.certificate_revoked")
    assert entry.after["decided_by"] == "province"


def test_the_administrator_revokes_a_five_star_certificate(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    five = certify(make_product(make_producer(units.commune_a)), stars=5)
    assert not services.may_revoke_certificate(personas.central, five)  # read-only
    client.force_login(personas.admin)
    page = client.get(reverse("ocop:product_detail", kwargs={"pk": five.product_id}))
    assert "quyết định thu hồi của Bộ trưởng" in page.content.decode()
    url = reverse("ocop:certificate_revoke", kwargs={"pk": five.pk})
    client.post(url, {"ground": "Chủ thể ngừng sản xuất", "detail": "QĐ 77/QĐ-BNNMT"})
    five.refresh_from_db()
    assert five.status == "revoked"
    assert five.revoked_reason == "Chủ thể ngừng sản xuất: QĐ 77/QĐ-BNNMT"
    assert Product.objects.get(pk=five.product_id).stars is None
    entry = AuditEntry.objects.get(action="ocop.certificate_revoked")
    assert entry.after["decided_by"] == "ministry"
