"""The council rejects a dossier on a "Hồ sơ bị loại khi" condition of its sheet when closing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from nongthonmoi.core.exceptions import ValidationFailed
from nongthonmoi.core.models import AuditEntry
from nongthonmoi.ocop import pdf, services
from nongthonmoi.ocop.models import (
    Certificate,
    CouncilSession,
    Dossier,
    DossierEvent,
    DossierStatus,
    SessionStatus,
)
from nongthonmoi.ocop.rulebook import load_rulebook
from nongthonmoi.ocop.tests.factories import (
    answers_for,
    forwarded_dossier,
    make_producer,
    make_product,
)

pytestmark = pytest.mark.django_db

REASON = "Giấy chứng nhận cơ sở đủ điều kiện an toàn thực phẩm đã hết hạn từ 03/2026."


@pytest.fixture
def members(django_user_model, units):  # type: ignore[no-untyped-def]
    return [django_user_model.objects.get(username=f"ocop.tv{i}") for i in (1, 2, 3)]


def forwarded(personas, producer, name: str) -> Dossier:  # type: ignore[no-untyped-def]
    return forwarded_dossier(personas, make_product(producer, name=name))


@pytest.fixture
def session_of_two(personas, members, units):  # type: ignore[no-untyped-def]
    """An open session with two dossiers (set 6), each scored about 80 by three members."""
    producer = make_producer(units.commune_a, personas.producer)
    scored = forwarded(personas, producer, "Miến dong Phia Đén")
    rejected = forwarded(personas, producer, "Miến dong Nà Pền")
    session = services.do_create_session(
        personas.council_secretary,
        units.province,
        title="Phiên đợt 2",
        held_on=dt.date(2026, 6, 1),
        member_ids=[m.pk for m in members],
        dossier_ids=[scored.pk, rejected.pk],
    )
    for dossier in (scored, rejected):
        for target, member in zip((78, 80, 82), members, strict=True):
            services.do_submit_sheet(
                member, session, dossier, answers=answers_for(6, stars=4, target=target)
            )
    return session, scored, rejected


def printed_condition() -> str:
    """The "Hồ sơ bị loại khi" line of set 6 as the sheet data holds it."""
    return load_rulebook("qd-26-2026").sheet(6).rejected_when[0]


def test_the_conditions_are_the_sheets_own_with_their_citation(session_of_two) -> None:  # type: ignore[no-untyped-def]
    _session, _scored, dossier = session_of_two
    conditions = services.rejection_conditions(dossier)
    assert [c.key for c in conditions] == ["ho-so-1", "tieu-chi-2.1"]
    assert conditions[0].text == printed_condition()
    assert conditions[0].text.startswith("Giả mạo hồ sơ")
    assert "Phụ lục II Quyết định 26/2026/QĐ-TTg, phiếu đánh giá bộ 6" in conditions[0].citation
    assert "Hồ sơ bị loại khi" in conditions[0].citation
    assert conditions[1].text.startswith("Bị loại nếu phát hiện giống hệt sản phẩm")
    assert conditions[1].citation.endswith("ghi chú tiêu chí 2.1")


def test_closing_with_one_dossier_rejected_and_one_scored(
    client, personas, session_of_two, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    session, scored, rejected = session_of_two
    client.force_login(personas.council_secretary)
    page = client.get(reverse("ocop:session_detail", kwargs={"pk": session.pk})).content.decode()
    assert f'name="reject_{rejected.pk}"' in page and 'value="ho-so-1"' in page
    assert f'name="reject_reason_{rejected.pk}"' in page

    response = client.post(
        reverse("ocop:session_detail", kwargs={"pk": session.pk}),
        {
            "decision_number": "1520/QĐ-UBND",
            "decided_on": "2026-06-20",
            "minutes_note": "Thống nhất",
            f"reject_{scored.pk}": "",
            f"reject_{rejected.pk}": "ho-so-1",
            f"reject_reason_{rejected.pk}": REASON,
        },
    )
    assert response.status_code == 302
    session.refresh_from_db()
    scored.refresh_from_db()
    rejected.refresh_from_db()
    assert session.status == SessionStatus.CLOSED

    # the scored one: unchanged path, 4★ certified
    assert scored.status == DossierStatus.CERTIFIED and scored.result_stars == 4
    assert Certificate.objects.filter(dossier=scored, stars=4).exists()
    # the rejected one: not certified, no stars, no certificate, whatever its 80 points
    assert rejected.status == DossierStatus.REJECTED
    assert rejected.result_stars is None
    assert not Certificate.objects.filter(product=rejected.product).exists()
    assert rejected.product.stars is None
    assert rejected.result["certified"] is False
    assert rejected.result["rejected"] == {
        "condition": "ho-so-1",
        "text": printed_condition(),
        "citation": services.rejection_conditions(rejected)[0].citation,
        "reason": REASON,
    }
    event = DossierEvent.objects.filter(dossier=rejected).last()
    assert event.action == "rejected" and REASON in event.comment
    entry = AuditEntry.objects.get(action="ocop.session_closed")
    assert entry.after["rejected"][str(rejected.pk)]["reason"] == REASON

    # the minutes: context and the HTML the PDF is made from
    context = pdf.session_context(session)
    rows = {row["dossier"].pk: row for row in context["rows"]}
    assert rows[scored.pk]["rejected"] is None
    assert rows[rejected.pk]["rejected"]["reason"] == REASON
    assert rows[rejected.pk]["rejected"]["text"] == printed_condition()
    assert [row["dossier"].pk for row in context["rejected_rows"]] == [rejected.pk]
    rendered: dict[str, str] = {}
    original = pdf.render_to_string

    def keep(template: str, context: dict) -> str:  # type: ignore[type-arg]
        rendered[template] = original(template, context)
        return rendered[template]

    monkeypatch.setattr(pdf, "render_to_string", keep)
    document = client.get(reverse("ocop:session_pdf", kwargs={"pk": session.pk, "kind": "minutes"}))
    assert document["Content-Type"] == "application/pdf"
    minutes = rendered["ocop/pdf/minutes.html"]
    assert "Hồ sơ bị loại" in minutes and REASON in minutes
    assert "Không công nhận — hồ sơ bị loại" in minutes
    assert "Miến dong Nà Pền" in minutes and "UBND tỉnh công nhận" in minutes

    # the dossier page, for the secretary and for the producer
    for user in (personas.council_secretary, personas.producer):
        client.force_login(user)
        page = client.get(reverse("ocop:dossier_detail", kwargs={"pk": rejected.pk}))
        assert page.status_code == 200
        text = page.content.decode()
        assert 'id="rejected-result"' in text
        assert REASON in text and "Giả mạo hồ sơ" in text
        assert "phiếu đánh giá bộ 6" in text
        other = client.get(reverse("ocop:dossier_detail", kwargs={"pk": scored.pk}))
        assert 'id="rejected-result"' not in other.content.decode()


def test_a_missing_reason_is_refused_and_nothing_is_written(
    client, personas, session_of_two
) -> None:  # type: ignore[no-untyped-def]
    session, scored, rejected = session_of_two
    client.force_login(personas.council_secretary)
    response = client.post(
        reverse("ocop:session_detail", kwargs={"pk": session.pk}),
        {
            "decision_number": "1520/QĐ-UBND",
            "decided_on": "2026-06-20",
            f"reject_{rejected.pk}": "ho-so-1",
            f"reject_reason_{rejected.pk}": "   ",
        },
        follow=True,
    )
    assert "Ghi rõ lý do loại hồ sơ “Miến dong Nà Pền”" in response.content.decode()
    with pytest.raises(ValidationFailed) as error:
        services.do_close_session(
            personas.council_secretary,
            session,
            decision_number="1520/QĐ-UBND",
            decided_on=dt.date(2026, 6, 20),
            rejections={rejected.pk: {"condition": "ho-so-1", "reason": ""}},
        )
    assert any("Ghi rõ lý do loại hồ sơ" in p for p in error.value.problems)
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN
    assert set(
        Dossier.objects.filter(pk__in=[scored.pk, rejected.pk]).values_list("status", flat=True)
    ) == {DossierStatus.IN_COUNCIL}
    assert not Certificate.objects.exists()
    assert not AuditEntry.objects.filter(action="ocop.session_closed").exists()


def test_an_unknown_condition_is_refused(client, personas, session_of_two) -> None:  # type: ignore[no-untyped-def]
    session, _scored, rejected = session_of_two
    with pytest.raises(ValidationFailed) as error:
        services.do_close_session(
            personas.council_secretary,
            session,
            decision_number="1520/QĐ-UBND",
            decided_on=dt.date(2026, 6, 20),
            rejections={rejected.pk: {"condition": "tieu-chi-9.9", "reason": "x"}},
        )
    assert error.value.problems == [
        "Điều kiện bị loại “tieu-chi-9.9” không có trong phiếu đánh giá bộ 6 của hồ sơ "
        "“Miến dong Nà Pền”."
    ]
    with pytest.raises(ValidationFailed) as error:
        services.do_close_session(
            personas.council_secretary,
            session,
            decision_number="1520/QĐ-UBND",
            decided_on=dt.date(2026, 6, 20),
            rejections={rejected.pk: {"condition": "", "reason": "Giả mạo"}},
        )
    assert "chưa chọn điều kiện bị loại" in error.value.problems[0]
    # through the page: the form refuses a value that is not one of the printed conditions
    client.force_login(personas.council_secretary)
    page = client.post(
        reverse("ocop:session_detail", kwargs={"pk": session.pk}),
        {
            "decision_number": "1520/QĐ-UBND",
            "decided_on": "2026-06-20",
            f"reject_{rejected.pk}": "tieu-chi-9.9",
            f"reject_reason_{rejected.pk}": "x",
        },
    )
    assert page.status_code == 200
    assert "Điều kiện bị loại không hợp lệ" in page.content.decode()
    session.refresh_from_db()
    assert session.status == SessionStatus.OPEN


def test_a_rejected_dossier_needs_no_score_sheet(personas, members, units) -> None:  # type: ignore[no-untyped-def]
    producer = make_producer(units.commune_a, personas.producer)
    dossier = forwarded(personas, producer, "Miến dong chưa chấm")
    session = services.do_create_session(
        personas.council_secretary,
        units.province,
        title="P",
        held_on=dt.date(2026, 6, 1),
        member_ids=[m.pk for m in members],
        dossier_ids=[dossier.pk],
    )
    services.do_close_session(
        personas.council_secretary,
        session,
        decision_number="9/QĐ-UBND",
        decided_on=dt.date(2026, 6, 20),
        rejections={dossier.pk: {"condition": "tieu-chi-2.1", "reason": "Trùng sản phẩm khác"}},
    )
    dossier.refresh_from_db()
    assert dossier.status == DossierStatus.REJECTED
    assert dossier.average_total is None and dossier.result_stars is None
    assert dossier.result["rejected"]["condition"] == "tieu-chi-2.1"
    assert CouncilSession.objects.get(pk=session.pk).status == SessionStatus.CLOSED
