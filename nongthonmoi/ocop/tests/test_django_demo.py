"""The OCOP demo data: a whole procedure in Cao Bằng, loadable twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from nongthonmoi.ocop import demo, queries
from nongthonmoi.ocop.models import Certificate, CouncilSession, Dossier, Producer, ScoreSheet

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_closed_session_certificates_and_one_expiring_soon() -> None:
    lines = demo.load()
    assert lines[0].startswith("OCOP: 4 producers")
    session = CouncilSession.objects.get(is_demo=True)
    assert session.status == "closed"
    assert ScoreSheet.objects.filter(session=session).count() == 9
    stars = dict(
        Certificate.objects.filter(dossier__session=session).values_list("product__name", "stars")
    )
    assert stars == {
        "Miến dong Bảo Lâm": 4,
        "Mật ong bạc hà Lý Bôn": 4,
        "Trà Shan tuyết Nam Quang": 3,
    }
    tea = Dossier.objects.get(product__name="Trà Shan tuyết Nam Quang")
    assert tea.status == "certified" and tea.result_stars == 3
    today = timezone.localdate()
    soon = Certificate.objects.get(product__name="Bánh khảo Bảo Lâm")
    assert soon.valid_until == today + dt.timedelta(days=45)
    assert Dossier.objects.filter(status="submitted").count() == 1
    assert queries.products_at_least(3, "04") == 4
    assert all(
        "minh hoạ" in p.description
        for p in Producer.objects.get(name="HTX Nông sản Bảo Lâm").products.all()
    )


def test_loading_the_demo_twice_changes_nothing() -> None:
    demo.load()
    counts = (Producer.objects.count(), Certificate.objects.count(), ScoreSheet.objects.count())
    assert demo.load() == ["OCOP: demo data already loaded"]
    assert counts == (
        Producer.objects.count(),
        Certificate.objects.count(),
        ScoreSheet.objects.count(),
    )
