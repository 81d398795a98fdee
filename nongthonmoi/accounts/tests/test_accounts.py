from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from nongthonmoi.core.models import AuditEntry

pytestmark = pytest.mark.django_db
PASSWORD = "correct horse battery"


@pytest.fixture
def officer(personas):  # type: ignore[no-untyped-def]
    personas.officer_a.set_password(PASSWORD)
    personas.officer_a.save()
    return personas.officer_a


def login(client, username: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(reverse("accounts:login"), {"username": username, "password": password})


def test_it_logs_in_with_the_right_password(client, officer) -> None:  # type: ignore[no-untyped-def]
    response = login(client, "xa.baolam", PASSWORD)
    assert response.status_code == 302
    assert client.get(reverse("accounts:me")).status_code == 200


def test_it_locks_out_after_five_failures_even_with_the_right_password(client, officer) -> None:  # type: ignore[no-untyped-def]
    for _ in range(5):
        login(client, "xa.baolam", "wrong")
    response = login(client, "xa.baolam", PASSWORD)
    assert response.status_code == 429
    assert "tạm khoá" in response.content.decode()
    assert client.get(reverse("accounts:me")).status_code == 302


def test_the_user_page_lists_assignments(client, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    page = client.get(reverse("accounts:me")).content.decode()
    assert "Cán bộ xã" in page
    assert "Xã Bảo Lâm" in page


def test_password_reset_sends_an_email(client, officer) -> None:  # type: ignore[no-untyped-def]
    client.post(reverse("accounts:password_reset"), {"email": officer.email})
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_only_auditors_see_the_audit_page(client, personas) -> None:  # type: ignore[no-untyped-def]
    AuditEntry.objects.create(action="demo.action", object_type="x", object_repr="Một thay đổi")
    client.force_login(personas.officer_a)
    assert client.get(reverse("accounts:audit")).status_code == 403
    client.force_login(personas.admin)
    page = client.get(reverse("accounts:audit")).content.decode()
    assert "Một thay đổi" in page


def test_the_audit_page_filters_by_unit_and_user(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    AuditEntry.objects.create(
        action="a",
        object_type="x",
        object_repr="Ở xã A",
        unit=units.commune_a,
        actor=personas.officer_a,
    )
    AuditEntry.objects.create(
        action="a",
        object_type="x",
        object_repr="Ở xã B",
        unit=units.commune_b,
        actor=personas.officer_b,
    )
    client.force_login(personas.admin)
    page = client.get(reverse("accounts:audit"), {"unit": units.commune_a.code}).content.decode()
    assert "Ở xã A" in page and "Ở xã B" not in page
    page = client.get(reverse("accounts:audit"), {"user": "xa.lybon"}).content.decode()
    assert "Ở xã B" in page and "Ở xã A" not in page


def test_creating_an_api_token_shows_it_once_and_audits(client, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    client.post(reverse("accounts:create_token"), {"name": "báo cáo"})
    import re

    first = client.get(reverse("accounts:me")).content.decode()
    raw = re.search(r"<code>(ntm_[\w-]{20,})</code>", first)
    assert raw is not None
    assert raw.group(1) not in client.get(reverse("accounts:me")).content.decode()
    assert AuditEntry.objects.filter(
        action="accounts.create_token", actor=personas.officer_a
    ).exists()


def test_another_user_cannot_revoke_my_token(client, personas) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.accounts.models import ApiToken

    token, _ = ApiToken.issue(personas.officer_b, "b")
    client.force_login(personas.officer_a)
    client.post(reverse("accounts:revoke_token", args=[token.pk]))
    assert ApiToken.objects.filter(pk=token.pk).exists()
