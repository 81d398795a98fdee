from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from django.db.utils import DataError, InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest

logger = logging.getLogger(__name__)

# Assets are vendored and served from our own origin; inline scripts are not used.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; "
    "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "form-action 'self'"
)
UNAVAILABLE_PAGE = Path(__file__).resolve().parent.parent.parent / "templates" / "503.html"


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/api/v1/docs"):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "geolocation=(), camera=(), microphone=()"
        )
        return response


class RejectNulBytesMiddleware:
    """A NUL byte in the query string is never valid input (PostgreSQL text cannot hold it): 400."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if "\x00" in request.path or any(
            "\x00" in k or any("\x00" in v for v in values) for k, values in request.GET.lists()
        ):
            return HttpResponseBadRequest(
                "NUL byte in the request", content_type="text/plain; charset=utf-8"
            )
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """When the database cannot be reached, answer 503 with a plain page, never a stack trace.

    The page is a static file: rendering templates or sessions would need the database again.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, (DataError, OverflowError)):
            # a value the database cannot hold (out-of-range number, NUL byte) came from the client
            return HttpResponseBadRequest("invalid value", content_type="text/plain; charset=utf-8")
        if not isinstance(exception, (OperationalError, InterfaceError)):
            return None
        logger.error("database unavailable: %s", exception)
        return HttpResponse(
            UNAVAILABLE_PAGE.read_bytes(),
            status=503,
            content_type="text/html; charset=utf-8",
            headers={"Retry-After": "60"},
        )
