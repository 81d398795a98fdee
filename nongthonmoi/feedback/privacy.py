"""Salted hashes (never the raw value) and the fixed-window rate limits for public submissions.

The salt is `settings.FEEDBACK_HASH_SALT` when set, else derived from SECRET_KEY, so hashes cannot
be reversed by trying all IPv4 addresses without the server's secret. REMOTE_ADDR is used as the
client address: behind a reverse proxy the proxy must set it (a forwarded header is spoofable).
Counters live in the Django cache; with the default per-process local-memory cache each gunicorn
worker counts on its own, so production should set REDIS_URL for one shared counter.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest


def _key(purpose: str) -> bytes:
    salt = getattr(settings, "FEEDBACK_HASH_SALT", "") or settings.SECRET_KEY
    return hashlib.sha256(f"nongthonmoi.feedback:{purpose}:{salt}".encode()).digest()


def salted_hash(purpose: str, value: str) -> str:
    """HMAC-SHA256 of `value`; empty input gives an empty string (nothing to hash)."""
    if not value:
        return ""
    return hmac.new(_key(purpose), value.encode(), hashlib.sha256).hexdigest()


def client_ip(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", "") or "")


DEFAULT_IP_LIMIT = (300, 600)  # answers per 10 minutes per hashed address
DEFAULT_DEVICE_LIMIT = (20, 3600)  # answers per hour per hashed device token


@dataclass(frozen=True)
class Limit:
    count: int
    seconds: int


def limits() -> dict[str, Limit]:
    """settings.FEEDBACK_RATE_LIMITS = {"ip": (count, seconds), "device": (count, seconds)} overrides
    the defaults. Per hashed IP: generous, because phones on mobile data share addresses (carrier NAT) and a
    village meeting answers from one Wi-Fi. Per device: a household may share one phone."""
    configured = getattr(settings, "FEEDBACK_RATE_LIMITS", None) or {}
    ip = configured.get("ip") or DEFAULT_IP_LIMIT
    device = configured.get("device") or DEFAULT_DEVICE_LIMIT
    return {"ip": Limit(*ip), "device": Limit(*device)}


def over_limit(ip_hash: str, device_hash: str) -> bool:
    """Count this attempt against both windows; True if either is exhausted."""
    exceeded = False
    for kind, value in (("ip", ip_hash), ("device", device_hash)):
        if not value:
            continue
        limit = limits()[kind]
        key = f"feedback:rl:{kind}:{value}"
        cache.add(key, 0, timeout=limit.seconds)
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=limit.seconds)
            count = 1
        if count > limit.count:
            exceeded = True
    return exceeded
