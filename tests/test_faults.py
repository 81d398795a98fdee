"""Faults: an unreachable database gives a clear page, never a stack trace."""

from __future__ import annotations

from unittest import mock

import pytest
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.utils import OperationalError


@pytest.mark.django_db
def test_an_unreachable_database_gives_a_503_page_in_vietnamese(client, personas, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEBUG = False
    client.force_login(personas.officer_a)
    client.raise_request_exception = False

    def refuse(self):  # type: ignore[no-untyped-def]
        raise OperationalError("could not connect to server: Connection refused")

    with (
        mock.patch.object(BaseDatabaseWrapper, "ensure_connection", refuse),
        mock.patch.object(BaseDatabaseWrapper, "cursor", lambda self: refuse(self)),
    ):
        response = client.get("/units/")
    assert response.status_code in {500, 503}
    body = response.content.decode()
    assert "Traceback" not in body and "OperationalError" not in body
    assert "thử lại" in body


def test_the_500_page_needs_no_database(rf) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.views import error_500

    response = error_500(rf.get("/"))
    assert response.status_code == 500
    assert "Hệ thống đang gặp sự cố" in response.content.decode()


@pytest.mark.django_db
def test_a_nul_byte_in_the_query_string_is_a_400(client, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    assert client.get("/units/search/", {"q": "Bảo\x00Lâm"}).status_code == 400
    assert client.get("/units/search/", {"q": "Bảo Lâm"}).status_code == 200
