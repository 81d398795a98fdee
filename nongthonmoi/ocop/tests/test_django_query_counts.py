"""The main OCOP pages run as many queries with 30 rows as with 3: no query per row (issue 11).

Each test renders a page with a few rows, adds many more rows of the same kind, renders it again
and compares the number of queries. A per-row query (a related object read in the template, a
`.count()` or a permission check per row) makes the second number larger and the test fail.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nongthonmoi.ocop.models import (
    CouncilSession,
    Dossier,
    DossierEvent,
    EvidenceDocument,
    ExpiryReminder,
    ProductPhoto,
    ScoreSheet,
)
from nongthonmoi.ocop.tests.factories import answers_for, certify, make_producer, make_product
from tests.query_counts import FEW, MANY, assert_flat

pytestmark = pytest.mark.django_db


# -- public pages ---------------------------------------------------------------------------------


def test_catalogue(client, units) -> None:  # type: ignore[no-untyped-def]
    producer = make_producer(units.commune_a, name="HTX Danh mục")

    def grow(n: int) -> None:
        for _ in range(n):
            product = make_product(producer, name="Mật ong", set_number=4)
            certify(product, stars=4)
            ProductPhoto.objects.create(product=product, image="x.jpg", thumbnail="x.jpg")

    assert_flat(client, reverse("ocop:catalogue"), grow)


def test_public_product(client, units) -> None:  # type: ignore[no-untyped-def]
    product = make_product(make_producer(units.commune_a), set_number=4)
    certify(product, stars=4)

    def grow(n: int) -> None:
        for _ in range(n):
            ProductPhoto.objects.create(product=product, image="x.jpg", thumbnail="x.jpg")

    assert_flat(client, reverse("ocop:public_product", args=[product.pk]), grow)


# -- registry and dossiers --------------------------------------------------------------------


def test_index_for_a_producer(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.producer)

    def grow(n: int) -> None:
        for _ in range(n):
            producer = make_producer(units.commune_a, personas.producer)
            product = make_product(producer)
            Dossier.objects.create(product=product, commune=units.commune_a, kind="first")
            Dossier.objects.create(
                product=product, commune=units.commune_a, kind="first", status="returned"
            )

    assert_flat(client, reverse("ocop:index"), grow)


def test_index_for_a_commune_officer(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    producer = make_producer(units.commune_a)
    today = dt.date.today()

    def grow(n: int) -> None:
        for _ in range(n):
            Dossier.objects.create(
                product=make_product(producer),
                commune=units.commune_a,
                kind="first",
                status="submitted",
                filed_on=today,
                commune_deadline=today,
            )

    assert_flat(client, reverse("ocop:index"), grow)


def test_index_for_the_province(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    producers = [make_producer(units.commune_a), make_producer(units.commune_b)]
    session = CouncilSession.objects.create(
        province=units.province, year=2026, round_number=1, title="Phiên", held_on=dt.date.today()
    )

    def grow(n: int) -> None:
        for index in range(n):
            producer = producers[index % 2]
            for status in ("submitted", "forwarded", "in_council"):
                Dossier.objects.create(
                    product=make_product(producer),
                    commune=producer.commune,
                    kind="first",
                    status=status,
                    session=session if status == "in_council" else None,
                )

    assert_flat(client, reverse("ocop:index"), grow)


@pytest.mark.parametrize("who", ["approver", "council_secretary"])
def test_index_lists_dossiers_waiting_for_the_central_result(client, units, personas, who) -> None:  # type: ignore[no-untyped-def]
    client.force_login(getattr(personas, who))
    producers = [make_producer(units.commune_a), make_producer(units.commune_b)]

    def grow(n: int) -> None:
        for index in range(n):
            producer = producers[index % 2]
            Dossier.objects.create(
                product=make_product(producer),
                commune=producer.commune,
                kind="first",
                status="to_ministry",
                average_total=Decimal("92.5"),
            )

    assert_flat(client, reverse("ocop:index"), grow)
    page = client.get(reverse("ocop:index")).content.decode()
    assert page.count("/trung-uong/") >= 20  # the inbox lists them, each with the record link


def test_index_for_a_council_member(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    member = personas.council_member
    client.force_login(member)
    producer = make_producer(units.commune_a)

    def grow(n: int) -> None:
        for index in range(n):
            session = CouncilSession.objects.create(
                province=units.province,
                year=2026,
                round_number=1,
                title=f"Phiên {index}",
                held_on=dt.date.today(),
            )
            session.members.add(member)
            Dossier.objects.create(
                product=make_product(producer),
                commune=units.commune_a,
                kind="first",
                status="in_council",
                session=session,
            )

    assert_flat(client, reverse("ocop:index"), grow)


def test_product_detail(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    product = make_product(make_producer(units.commune_a), set_number=4)

    def grow(n: int) -> None:
        for _ in range(n):
            Dossier.objects.create(product=product, commune=units.commune_a, kind="first")
            ProductPhoto.objects.create(product=product, image="x.jpg", thumbnail="x.jpg")
            certify(product, stars=3)

    assert_flat(client, reverse("ocop:product_detail", args=[product.pk]), grow)


def test_dossier_detail(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.producer)
    producer = make_producer(units.commune_a, personas.producer)
    dossier = Dossier.objects.create(
        product=make_product(producer), commune=units.commune_a, kind="first"
    )

    def grow(n: int) -> None:
        for _ in range(n):
            DossierEvent.objects.create(
                dossier=dossier, actor=personas.producer, action="x", label="Sửa"
            )
            document = EvidenceDocument.objects.create(producer=producer, title="Giấy", file="a")
            dossier.evidence.add(document)

    assert_flat(client, reverse("ocop:dossier_detail", args=[dossier.pk]), grow)


# -- council ----------------------------------------------------------------------------------


def _session(units: Any, personas: Any) -> CouncilSession:
    session = CouncilSession.objects.create(
        province=units.province, year=2026, round_number=1, title="Phiên", held_on=dt.date.today()
    )
    session.members.add(personas.council_member, personas.council_secretary)
    return session


def test_session_list(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.council_secretary)

    def grow(n: int) -> None:
        for _ in range(n):
            _session(units, personas)

    assert_flat(client, reverse("ocop:session_list"), grow)


def test_session_detail_for_the_secretary(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.council_secretary)
    session = _session(units, personas)
    producer = make_producer(units.commune_a)
    answers = answers_for(4, stars=3)

    def grow(n: int) -> None:
        for _ in range(n):
            dossier = Dossier.objects.create(
                product=make_product(producer, set_number=4),
                commune=units.commune_a,
                kind="first",
                status="in_council",
                session=session,
            )
            for member in (personas.council_member, personas.council_secretary):
                ScoreSheet.objects.create(
                    session=session,
                    dossier=dossier,
                    member=member,
                    answers=answers,
                    total=Decimal("60"),
                    stars=3,
                )

    assert_flat(client, reverse("ocop:session_detail", args=[session.pk]), grow)


def _council_member(username: str, unit: Any, *, role: str = "ocop_council_member", **fields: Any):  # type: ignore[no-untyped-def]
    from nongthonmoi.accounts.models import Assignment, User

    user = User.objects.create(username=username, **fields)
    Assignment.objects.create(user=user, role=role, unit=unit)
    return user


def test_session_new_checks_the_members_without_a_query_per_candidate(
    client, units, personas
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.council_secretary)
    made = iter(range(1000))

    def grow(n: int) -> None:
        for index in (next(made) for _ in range(n)):
            # members of the province and of another province (not offered)
            unit = units.province if index % 3 else units.other_province
            _council_member(f"hoidong.{index:03d}", unit)

    assert_flat(client, reverse("ocop:session_new"), grow)


def test_council_users_gives_what_can_gives_for_each_candidate(
    units, personas, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    """The grouped check answers like `can` asked once per candidate (the former loop)."""
    from nongthonmoi.accounts.models import Assignment, User
    from nongthonmoi.accounts.roles import Capability
    from nongthonmoi.accounts.scope import can
    from nongthonmoi.ocop.services import COUNCIL_ROLES, council_users

    _council_member("hd.tinh1", units.province)
    _council_member("hd.tinh2", units.province)  # same scope as hd.tinh1
    _council_member("hd.thuky", units.province, role="ocop_council_secretary")
    _council_member("hd.xa", units.commune_a)  # a commune does not cover its province
    _council_member("hd.tinhkhac", units.other_province)
    _council_member("hd.tinhcu", units.old_province)  # the 2021 map does not cover 2025
    _council_member("hd.toanquoc", None)
    _council_member("hd.nghi", units.province, is_active=False)
    _council_member("hd.sieu", units.other_province, is_superuser=True)
    both = _council_member("hd.haitinh", units.other_province)
    Assignment.objects.create(user=both, role="province_approver", unit=units.province)
    admin = _council_member("hd.quantri", units.other_province)
    Assignment.objects.create(user=admin, role="administrator", unit=None)
    assert {a.role for a in Assignment.objects.all()} >= {"administrator", "province_approver"}

    def by_can(province: Any, capability: Capability) -> list[str]:
        candidates = (
            User.objects.filter(is_active=True, assignments__role__in=COUNCIL_ROLES)
            .distinct()
            .order_by("username")
        )
        return [u.username for u in candidates if can(u, capability, province)]

    for province in (units.province, units.other_province):
        for capability in (Capability.SCORE_OCOP, Capability.RUN_OCOP_COUNCIL):
            with django_assert_max_num_queries(2):
                got = [u.username for u in council_users(province, capability)]
            assert got == by_can(province, capability), (province, capability)
    members = [u.username for u in council_users(units.province, Capability.SCORE_OCOP)]
    assert {"hd.tinh1", "hd.tinh2", "hd.thuky", "hd.toanquoc", "hd.sieu", "hd.quantri"} <= set(
        members
    )
    assert not {"hd.xa", "hd.tinhkhac", "hd.tinhcu", "hd.nghi", "hd.haitinh"} & set(members)


# -- certificates and statistics ---------------------------------------------------------------


def test_certificates(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    producers = [make_producer(units.commune_a), make_producer(units.commune_b)]
    today = dt.date.today()

    def grow(n: int) -> None:
        for index in range(n):
            product = make_product(producers[index % 2], set_number=4)
            certificate = certify(product, stars=3)
            # expiring this quarter: today (window: in 150 days)
            certificate.valid_until = today + dt.timedelta(days=150 if index % 2 else 0)
            certificate.save()
            ExpiryReminder.objects.create(
                certificate=certificate, stage="window_open", sent_on=today
            )

    assert_flat(client, reverse("ocop:certificates"), grow)


def test_stats(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    producers = [make_producer(units.commune_a), make_producer(units.commune_b)]

    def grow(n: int) -> None:
        for index in range(n):
            certify(make_product(producers[index % 2], set_number=1 + index % 5), stars=3)

    assert_flat(client, reverse("ocop:stats"), grow)


def test_the_council_minutes_read_the_sheets_once(units, personas) -> None:  # type: ignore[no-untyped-def]
    """The minutes' rows (PDF) are built without a query per dossier."""
    from nongthonmoi.ocop import pdf

    session = _session(units, personas)
    producer = make_producer(units.commune_a)
    answers = answers_for(4, stars=3)
    counts = []
    for n in (FEW, MANY - FEW):
        for _ in range(n):
            dossier = Dossier.objects.create(
                product=make_product(producer, set_number=4),
                commune=units.commune_a,
                kind="first",
                status="in_council",
                session=session,
            )
            ScoreSheet.objects.create(
                session=session,
                dossier=dossier,
                member=personas.council_member,
                answers=answers,
                total=Decimal("60"),
                stars=3,
            )
        with CaptureQueriesContext(connection) as captured:
            rows = pdf.session_context(session)["rows"]
        assert all(row["result"] is not None for row in rows)
        counts.append(len(captured))
    assert counts[0] == counts[1]


def test_the_inbox_lists_unscored_dossiers_session_by_session(units, personas) -> None:  # type: ignore[no-untyped-def]
    """The single query gives what reading each open session in turn gave: sessions newest
    first, each session's dossiers newest first, without those the member has scored."""
    from nongthonmoi.ocop.queries import inbox_for

    member = personas.council_member
    producer = make_producer(units.commune_a)
    answers = answers_for(4, stars=3)
    for index, held_on in enumerate(
        [dt.date(2026, 3, 1), dt.date(2026, 5, 1), dt.date(2026, 4, 1)]
    ):
        session = CouncilSession.objects.create(
            province=units.province,
            year=2026,
            round_number=1,
            title=f"Phiên {index}",
            held_on=held_on,
        )
        session.members.add(member)
        for number in range(3):
            dossier = Dossier.objects.create(
                product=make_product(producer, set_number=4),
                commune=units.commune_a,
                kind="first",
                status="in_council",
                session=session,
            )
            if number == 1:
                ScoreSheet.objects.create(
                    session=session,
                    dossier=dossier,
                    member=member,
                    answers=answers,
                    total=Decimal("60"),
                    stars=3,
                )
    closed = CouncilSession.objects.create(
        province=units.province,
        year=2026,
        round_number=2,
        title="Đã đóng",
        held_on=dt.date(2026, 6, 1),
        status="closed",
    )
    closed.members.add(member)
    Dossier.objects.create(
        product=make_product(producer), commune=units.commune_a, kind="first", session=closed
    )
    expected = [
        (session.pk, dossier.pk)
        for session in CouncilSession.objects.filter(status="open", members=member.pk)
        for dossier in session.dossiers.exclude(sheets__member=member.pk)
    ]
    box = inbox_for(member, dt.date.today())
    assert [(s.pk, d.pk) for s, d in box["to_score"]] == expected
    assert len(expected) == 6
