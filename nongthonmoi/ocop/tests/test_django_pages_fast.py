"""The main pages stay within a fixed number of queries on the demo data."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nongthonmoi.ocop import demo
from nongthonmoi.ocop.models import CouncilSession, Product

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_data(personas):  # type: ignore[no-untyped-def]
    demo.load()


@pytest.mark.parametrize(
    ("persona", "page", "limit"),
    [
        (None, "catalogue", 8),
        (None, "public_product", 8),
        ("council_secretary", "session_detail", 30),
        ("approver", "index", 30),
        ("producer", "index", 30),
        ("officer_a", "index", 30),
        ("approver", "stats", 25),
        ("approver", "certificates", 20),
    ],
)
def test_main_pages_use_a_bounded_number_of_queries(
    client, personas, demo_data, persona, page, limit
) -> None:  # type: ignore[no-untyped-def]
    if persona:
        client.force_login(getattr(personas, persona))
    kwargs = {}
    if page == "public_product":
        kwargs = {"pk": Product.objects.filter(stars__isnull=False).first().pk}
    if page == "session_detail":
        kwargs = {"pk": CouncilSession.objects.get().pk}
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(f"ocop:{page}", kwargs=kwargs))
    assert response.status_code == 200
    assert len(queries) <= limit
