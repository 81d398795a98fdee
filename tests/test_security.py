"""Security settings and headers that CI checks on every run."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_pages_carry_security_headers(client) -> None:  # type: ignore[no-untyped-def]
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.parametrize("weak", ["12345678901", "password123", "abc"])
def test_weak_passwords_are_refused(weak: str) -> None:
    with pytest.raises(ValidationError):
        validate_password(weak)


def test_a_long_unusual_password_is_accepted() -> None:
    validate_password("Ruộng bậc thang Bảo Lâm 2026")


def production_settings(code: str) -> str:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    }
    env |= {"DEBUG": "0", "SECRET_KEY": "s" * 64, "ALLOWED_HOSTS": "ntm.example.gov.vn"}
    script = f"import django, os; os.environ['DJANGO_SETTINGS_MODULE']='nongthonmoi.settings'; django.setup(); from django.conf import settings as s; print({code})"
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_production_cookies_are_secure_and_https_is_enforced() -> None:
    assert (
        production_settings(
            "(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY)"
        )
        == "(True, True, True)"
    )
    assert (
        production_settings("(s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS >= 31536000)")
        == "(True, True)"
    )


def test_login_lockout_is_configured() -> None:
    from django.conf import settings

    assert settings.AXES_FAILURE_LIMIT == 5
    assert "axes.middleware.AxesMiddleware" in settings.MIDDLEWARE
