"""The two-level procedure through the pages: register, submit, forward, score, close, certify."""

from __future__ import annotations

import datetime as dt
import re
import zlib

import pytest
from django.urls import reverse

from nongthonmoi.core.models import AuditEntry
from nongthonmoi.ocop.models import (
    Certificate,
    CouncilSession,
    Dossier,
    DossierStatus,
    Producer,
    Product,
    ScoreSheet,
)
from nongthonmoi.ocop.tests.factories import (
    answers_for,
    forwarded_dossier,
    make_producer,
    make_product,
)

pytestmark = pytest.mark.django_db


def pdf_uris(data: bytes) -> list[str]:
    """Link targets of a (compressed) PDF: the QR code on the certificate is such a link."""
    chunks = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            chunks.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return [m.decode() for chunk in chunks for m in re.findall(rb"/URI\s*\(([^)]*)\)", chunk)]


@pytest.fixture
def members(django_user_model, units):  # type: ignore[no-untyped-def]
    return [django_user_model.objects.get(username=f"ocop.tv{i}") for i in (1, 2, 3)]


def register_and_submit(client, personas) -> Dossier:  # type: ignore[no-untyped-def]
    client.force_login(personas.producer)
    response = client.post(
        reverse("ocop:producer_form"),
        {
            "name": "HTX Miến dong Bảo Lâm",
            "kind": "cooperative",
            "legal_representative": "Nông Thị Mai",
            "representative_is_woman": "on",
            "representative_is_ethnic_minority": "on",
        },
    )
    assert response.status_code == 302
    producer = Producer.objects.get(name="HTX Miến dong Bảo Lâm")
    assert producer.members.filter(pk=personas.producer.pk).exists()
    assert producer.commune.code == "01290"
    response = client.post(
        reverse("ocop:product_new"),
        {
            "name": "Miến dong Bảo Lâm",
            "set_number": "6",
            "description": "Miến dong làm thủ công",
            "packaging": "Túi 500 g",
            "shop_links_text": "Shopee | https://shopee.vn/mien-dong",
            "points_of_sale": "Chợ Bảo Lâm",
        },
    )
    product = Product.objects.get(name="Miến dong Bảo Lâm")
    assert response.status_code == 302
    assert product.group_code == "I"
    assert product.shop_links == [{"label": "Shopee", "url": "https://shopee.vn/mien-dong"}]
    response = client.post(
        reverse("ocop:dossier_new", kwargs={"pk": product.pk}),
        {"kind": "first", "self_assessment": "Tự đánh giá đạt 80 điểm"},
    )
    dossier = Dossier.objects.get(product=product)
    client.post(reverse("ocop:dossier_detail", kwargs={"pk": dossier.pk}), {"action": "submit"})
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED
    assert dossier.commune_deadline is not None and dossier.commune_deadline > dossier.filed_on
    return dossier


def forward(client, personas, dossier: Dossier) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    checks = {
        name: "yes"
        for name in (
            "origin_ok",
            "local_material_ok",
            "local_labour_ok",
            "idea_ok",
            "local_identity_ok",
        )
    }
    response = client.post(
        reverse("ocop:dossier_detail", kwargs={"pk": dossier.pk}),
        {"action": "forward", "note": "Đủ hồ sơ", **checks},
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.FORWARDED


def test_a_product_goes_from_registration_to_a_four_star_certificate(
    client, personas, members
) -> None:  # type: ignore[no-untyped-def]
    dossier = register_and_submit(client, personas)
    forward(client, personas, dossier)
    product = Product.objects.get(pk=dossier.product_id)
    year = dossier.round_year
    assert product.code == f"04-01290-1-{year}"
    assert dossier.decide_before in {dt.date(year, 6, 30), dt.date(year, 12, 30)}

    client.force_login(personas.council_secretary)
    response = client.post(
        reverse("ocop:session_new"),
        {
            "title": "Phiên 1",
            "held_on": "2026-06-10",
            "members": [str(m.pk) for m in members],
            "dossiers": [str(dossier.pk)],
        },
    )
    session = CouncilSession.objects.get(title="Phiên 1")
    assert response.status_code == 302
    for target, member in zip((78, 80, 82), members, strict=True):
        client.force_login(member)
        page = client.get(
            reverse("ocop:session_score", kwargs={"pk": session.pk, "dossier_pk": dossier.pk})
        )
        assert page.status_code == 200
        assert 'type="radio"' in page.content.decode()
        answers = answers_for(6, stars=4, target=target)
        response = client.post(
            reverse("ocop:session_score", kwargs={"pk": session.pk, "dossier_pk": dossier.pk}),
            {f"c_{code}": value for code, value in answers.items()},
        )
        assert response.status_code == 302, response.content.decode()[:2000]
    assert ScoreSheet.objects.filter(dossier=dossier).count() == 3

    client.force_login(personas.council_secretary)
    detail = client.get(reverse("ocop:session_detail", kwargs={"pk": session.pk})).content.decode()
    assert "Trung bình" in detail and "Chênh lệch" in detail
    response = client.post(
        reverse("ocop:session_detail", kwargs={"pk": session.pk}),
        {
            "decision_number": "1234/QĐ-UBND",
            "decided_on": "2026-06-25",
            "minutes_note": "Thống nhất",
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    session.refresh_from_db()
    assert session.status == "closed"
    assert dossier.status == DossierStatus.CERTIFIED
    assert dossier.result_stars == 4
    certificate = Certificate.objects.get(product=product)
    assert certificate.stars == 4
    assert certificate.valid_until == dt.date(2029, 6, 24)
    product.refresh_from_db()
    assert product.stars == 4
    assert AuditEntry.objects.filter(action="ocop.session_closed").exists()

    pdf = client.get(reverse("ocop:certificate_pdf", kwargs={"pk": certificate.pk}))
    assert pdf["Content-Type"] == "application/pdf"
    public_url = "http://testserver" + reverse("ocop:public_product", kwargs={"pk": product.pk})
    assert public_url in pdf_uris(pdf.content)
    for kind in ("minutes", "sheets"):
        document = client.get(reverse("ocop:session_pdf", kwargs={"pk": session.pk, "kind": kind}))
        assert document.content.startswith(b"%PDF")


def test_a_dossier_at_ninety_points_goes_to_the_ministry(client, personas, members, units) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.ocop import services

    producer = make_producer(units.commune_a, personas.producer)
    product = make_product(producer)
    dossier = forwarded_dossier(personas, product)
    session = services.do_create_session(
        personas.council_secretary,
        units.province,
        title="P",
        held_on=dt.date(2026, 6, 1),
        member_ids=[m.pk for m in members],
        dossier_ids=[dossier.pk],
    )
    for member in members:
        services.do_submit_sheet(member, session, dossier, answers=answers_for(6, stars=5))
    services.do_close_session(
        personas.council_secretary,
        session,
        decision_number="9/QĐ-UBND",
        decided_on=dt.date(2026, 6, 20),
    )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.TO_MINISTRY
    assert not Certificate.objects.filter(product=product).exists()


def test_the_commune_returns_a_dossier_with_a_comment_and_the_producer_resubmits(
    client, personas
) -> None:  # type: ignore[no-untyped-def]
    dossier = register_and_submit(client, personas)
    client.force_login(personas.officer_a)
    client.post(
        reverse("ocop:dossier_detail", kwargs={"pk": dossier.pk}),
        {"action": "return", "comment": "Bổ sung phiếu kiểm nghiệm"},
    )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RETURNED
    assert dossier.events.filter(action="returned", comment="Bổ sung phiếu kiểm nghiệm").exists()
    client.force_login(personas.producer)
    page = client.get(reverse("ocop:dossier_detail", kwargs={"pk": dossier.pk})).content.decode()
    assert "Bổ sung phiếu kiểm nghiệm" in page
    from django.core.files.uploadedfile import SimpleUploadedFile

    from nongthonmoi.ocop import services

    report = services.do_add_evidence(
        personas.producer,
        dossier.product.producer,
        title="Phiếu kiểm nghiệm",
        kind="",
        upload=SimpleUploadedFile("kn.pdf", b"%PDF"),
    )
    client.post(
        reverse("ocop:dossier_detail", kwargs={"pk": dossier.pk}),
        {"action": "update", "self_assessment": "Đã bổ sung", "evidence": [str(report.pk)]},
    )
    dossier.refresh_from_db()
    assert dossier.self_assessment == "Đã bổ sung"
    assert list(dossier.evidence.all()) == [report]
    client.post(reverse("ocop:dossier_detail", kwargs={"pk": dossier.pk}), {"action": "submit"})
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED


def test_officer_b_cannot_forward_commune_a_dossiers(client, personas) -> None:  # type: ignore[no-untyped-def]
    dossier = register_and_submit(client, personas)
    client.force_login(personas.officer_b)
    response = client.post(
        reverse("ocop:dossier_detail", kwargs={"pk": dossier.pk}), {"action": "forward"}
    )
    assert response.status_code == 404
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED


def test_a_producer_cannot_forward_its_own_dossier(client, personas) -> None:  # type: ignore[no-untyped-def]
    dossier = register_and_submit(client, personas)
    checks = {
        n: "yes"
        for n in (
            "origin_ok",
            "local_material_ok",
            "local_labour_ok",
            "idea_ok",
            "local_identity_ok",
        )
    }
    response = client.post(
        reverse("ocop:dossier_detail", kwargs={"pk": dossier.pk}), {"action": "forward", **checks}
    )
    assert response.status_code == 403
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED


def test_a_member_who_is_not_in_the_session_cannot_score(client, personas, members, units) -> None:  # type: ignore[no-untyped-def]
    session = CouncilSession.objects.create(
        province=units.province, year=2026, round_number=1, title="P", held_on=dt.date(2026, 6, 1)
    )
    session.members.add(members[0])
    client.force_login(members[1])
    response = client.get(reverse("ocop:session_detail", kwargs={"pk": session.pk}))
    assert response.status_code == 200  # a council member of the province sees the session
    producer = make_producer(units.commune_a)
    dossier = Dossier.objects.create(
        product=make_product(producer),
        commune=units.commune_a,
        kind="first",
        status="in_council",
        session=session,
    )
    url = reverse("ocop:session_score", kwargs={"pk": session.pk, "dossier_pk": dossier.pk})
    assert "disabled" in client.get(url).content.decode()  # read-only for a non-member
    response = client.post(url, answers_for(6, stars=4))
    assert response.status_code == 403
    assert not ScoreSheet.objects.exists()


def test_an_incomplete_sheet_names_the_missing_criteria(client, personas, members, units) -> None:  # type: ignore[no-untyped-def]
    session = CouncilSession.objects.create(
        province=units.province, year=2026, round_number=1, title="P", held_on=dt.date(2026, 6, 1)
    )
    session.members.add(members[0])
    dossier = Dossier.objects.create(
        product=make_product(make_producer(units.commune_a)),
        commune=units.commune_a,
        kind="first",
        status="in_council",
        session=session,
    )
    client.force_login(members[0])
    url = reverse("ocop:session_score", kwargs={"pk": session.pk, "dossier_pk": dossier.pk})
    response = client.post(url, {"c_1.1": "3"}, follow=True)
    assert "Chưa chấm tiêu chí 1.2" in response.content.decode()
    assert not ScoreSheet.objects.exists()


def test_each_role_finds_its_next_step_in_the_inbox(client, personas, members) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from nongthonmoi.ocop import queries

    dossier = register_and_submit(client, personas)
    today = dt.date.today()
    assert [d.pk for d in queries.inbox_for(personas.officer_a, today)["to_check"]] == [dossier.pk]
    assert queries.inbox_for(personas.officer_b, today)["to_check"] == []
    forward(client, personas, dossier)
    assert [d.pk for d in queries.inbox_for(personas.council_secretary, today)["to_session"]] == [
        dossier.pk
    ]
    client.force_login(personas.council_secretary)
    client.post(
        reverse("ocop:session_new"),
        {
            "title": "P",
            "held_on": "2026-06-10",
            "members": [str(members[0].pk)],
            "dossiers": [str(dossier.pk)],
        },
    )
    assert len(queries.inbox_for(members[0], today)["to_score"]) == 1
    assert queries.inbox_for(members[1], today)["to_score"] == []
    client.force_login(members[0])
    page = client.get(reverse("ocop:index")).content.decode()
    assert "Phiếu chấm chưa điền" in page


def test_a_dossier_under_the_old_rules_cannot_be_scored_on_the_2026_sheets(
    client, personas, members, units
) -> None:  # type: ignore[no-untyped-def]
    session = CouncilSession.objects.create(
        province=units.province, year=2026, round_number=1, title="P", held_on=dt.date(2026, 6, 1)
    )
    session.members.add(members[0])
    dossier = Dossier.objects.create(
        product=make_product(make_producer(units.commune_a)),
        commune=units.commune_a,
        kind="first",
        status="in_council",
        session=session,
        rulebook="qd-148-2023",
    )
    client.force_login(members[0])
    url = reverse("ocop:session_score", kwargs={"pk": session.pk, "dossier_pk": dossier.pk})
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == reverse(
        "ocop:session_detail", kwargs={"pk": session.pk}
    )
    assert "qd-148-2023" in response.content.decode()
    assert client.get(
        reverse("ocop:session_pdf", kwargs={"pk": session.pk, "kind": "sheets"})
    ).content.startswith(b"%PDF")


def test_the_council_secretary_returns_a_dossier_in_session_with_a_comment(
    client, personas, members, units
) -> None:  # type: ignore[no-untyped-def]
    """Returned with comments at the province step too: the dossier leaves the session, its
    sheets are dropped, the producer reads the comment and submits again to the commune."""
    from nongthonmoi.ocop import services

    dossier = register_and_submit(client, personas)
    forward(client, personas, dossier)
    session = services.do_create_session(
        personas.council_secretary,
        units.province,
        title="Phiên trả lại",
        held_on=dt.date(2026, 6, 1),
        member_ids=[m.pk for m in members],
        dossier_ids=[dossier.pk],
    )
    services.do_submit_sheet(members[0], session, dossier, answers=answers_for(6, stars=4))
    url = reverse("ocop:dossier_detail", kwargs={"pk": dossier.pk})
    comment = "Bổ sung phiếu kết quả kiểm nghiệm còn hiệu lực"

    for outsider in (members[1], personas.officer_a):  # a member who only scores, the commune
        client.force_login(outsider)
        assert client.post(url, {"action": "return", "comment": comment}).status_code in {403, 404}
    client.force_login(personas.council_secretary)
    session_page = reverse("ocop:session_detail", kwargs={"pk": session.pk})
    assert f'href="{url}#return-form"' in client.get(session_page).content.decode()
    page = client.post(url, {"action": "return", "comment": "  "}, follow=True).content.decode()
    assert "Ghi rõ nội dung cần bổ sung, chỉnh sửa." in page
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.IN_COUNCIL

    response = client.post(url, {"action": "return", "comment": comment})
    # the secretary (not a member) saw the dossier through the session: back to the session
    assert response.url == session_page
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.RETURNED and dossier.session_id is None
    assert not ScoreSheet.objects.filter(dossier=dossier).exists()
    assert dossier.events.filter(
        action="returned", comment=comment, actor=personas.council_secretary
    ).exists()
    assert AuditEntry.objects.filter(action="ocop.dossier_returned", reason=comment).exists()

    client.force_login(personas.producer)
    assert comment in client.get(url).content.decode()
    client.post(url, {"action": "submit"})
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.SUBMITTED


def test_the_session_pdfs_hold_each_members_sheet_and_the_minutes_of_the_result(
    client, personas, members, units, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    """The PDFs are made from HTML; the test reads that HTML (no PDF text extractor here)."""
    from nongthonmoi.ocop import pdf, services

    rendered: dict[str, str] = {}
    original = pdf.render_to_string

    def keep(template: str, context: dict) -> str:  # type: ignore[type-arg]
        rendered[template] = original(template, context)
        return rendered[template]

    monkeypatch.setattr(pdf, "render_to_string", keep)
    product = make_product(make_producer(units.commune_a, personas.producer), name="Miến Phia Đén")
    dossier = forwarded_dossier(personas, product)
    session = services.do_create_session(
        personas.council_secretary,
        units.province,
        title="Phiên đợt 2",
        held_on=dt.date(2026, 6, 1),
        member_ids=[m.pk for m in members],
        dossier_ids=[dossier.pk],
    )
    for target, member in zip((78, 80, 82), members, strict=True):
        services.do_submit_sheet(
            member, session, dossier, answers=answers_for(6, stars=4, target=target)
        )
    services.do_close_session(
        personas.council_secretary,
        session,
        decision_number="1520/QĐ-UBND",
        decided_on=dt.date(2026, 6, 20),
        minutes_note="Thống nhất đề nghị công nhận",
    )
    client.force_login(personas.council_secretary)
    for kind in ("sheets", "minutes"):
        response = client.get(reverse("ocop:session_pdf", kwargs={"pk": session.pk, "kind": kind}))
        assert response["Content-Type"] == "application/pdf"
    sheets = rendered["ocop/pdf/sheets.html"]
    assert sheets.count("PHIẾU ĐÁNH GIÁ SẢN PHẨM OCOP") == 3  # one sheet per member
    for member, total in zip(members, (78, 80, 82), strict=True):
        assert f"Thành viên chấm: <strong>{member}</strong> — Tổng điểm: <strong>{total}" in sheets
    assert "Phần A" in sheets and "Phần C" in sheets and product.code in sheets
    minutes = rendered["ocop/pdf/minutes.html"]
    assert "BIÊN BẢN" in minutes and "Miến Phia Đén" in minutes
    assert all(str(member) in minutes for member in members)
    # three sheets, the average of 78, 80 and 82, and its stars
    assert '<td class="num">3</td><td class="num">80</td><td>4 sao</td>' in minutes
    assert "Thống nhất đề nghị công nhận" in minutes
