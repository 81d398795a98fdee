"""Article view counts and visitor statistics, counted in the cache and flushed in batches.

Nothing here writes to the database on a request. The visitor identity is a hash of the secret key,
the local date, the client address, its user agent and language: it changes every day, cannot be
reversed without the key, and lives only in the cache (never in the database or a cookie).

Views: a visitor counts once per article per day (`cache.add` of a day/article/visitor key); the
new view increments a pending counter per article. `flush()` moves pending counts into
`Article.view_count` with one UPDATE per article; the shown count is stored + pending.

Visitors: "online now" keeps, per minute, how many visitors were last seen in that minute (a
visitor moving to a new minute leaves their old bucket), so the sum of the last five buckets counts
each visitor once. "Today" is a per-day counter of first visits; past days are `VisitDay` rows.

With several server processes the cache must be shared (Redis via REDIS_URL); the default
per-process memory cache gives per-process counts, which is fine for the embedded demo.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models import F, Sum
from django.http import HttpRequest
from django.utils import timezone

ONLINE_WINDOW_MINUTES = 5
FLUSH_INTERVAL_SECONDS = 60
DAY_TTL = 2 * 24 * 3600  # day keys outlive midnight so yesterday can still be flushed
PENDING_TTL = 7 * 24 * 3600
PREFIX = "portal:"
logger = logging.getLogger(__name__)


def _key(*parts: object) -> str:
    return PREFIX + ":".join(str(p) for p in parts)


def visitor_id(request: HttpRequest, day: dt.date | None = None) -> str:
    """A daily-rotated, non-reversible identifier of the client (never stored in the database)."""
    day = day or timezone.localdate()
    meta = request.META
    address = meta.get("REMOTE_ADDR", "")
    raw = "|".join(
        [
            settings.SECRET_KEY,
            day.isoformat(),
            address,
            meta.get("HTTP_USER_AGENT", ""),
            meta.get("HTTP_ACCEPT_LANGUAGE", ""),
        ]
    )
    return hashlib.sha256(raw.encode()).hexdigest()[:24]


def _incr(key: str, ttl: int, by: int = 1) -> int:
    cache.add(key, 0, ttl)
    try:
        return int(cache.incr(key, by))
    except ValueError:  # expired between add and incr
        cache.set(key, by, ttl)
        return by


# -- article views ---------------------------------------------------------------------------------


def record_view(article_id: int, visitor: str, day: dt.date | None = None) -> bool:
    """Count a view if this visitor has not viewed this article today; True when counted."""
    day = day or timezone.localdate()
    if not cache.add(_key("seen", day.isoformat(), article_id, visitor), 1, DAY_TTL):
        return False
    _incr(_key("pending", article_id), PENDING_TTL)
    cache.add(_key("pending-ids"), set(), PENDING_TTL)
    # The id list is advisory (a lost update only delays a flush until the id is seen again).
    ids: set[int] = cache.get(_key("pending-ids")) or set()
    if article_id not in ids:
        cache.set(_key("pending-ids"), ids | {article_id}, PENDING_TTL)
    return True


def pending_views(article_id: int) -> int:
    return int(cache.get(_key("pending", article_id)) or 0)


def shown_views(article_id: int) -> int:
    """Stored + pending. The stored count is cached too (no database connection on a hot page);
    a flush refreshes it."""
    from .models import Article

    key = _key("stored", article_id)
    stored = cache.get(key)
    if stored is None:
        stored = Article.objects.filter(pk=article_id).values_list("view_count", flat=True).first()
        cache.set(key, int(stored or 0), PENDING_TTL)
    return int(stored or 0) + pending_views(article_id)


def flush_views(article_ids: list[int] | None = None) -> int:
    """Move pending view counts into the database; returns the number of views written."""
    from .models import Article

    ids = set(article_ids or []) | set(cache.get(_key("pending-ids")) or set())
    cache.delete(_key("pending-ids"))
    written = 0
    for article_id in sorted(ids):
        key = _key("pending", article_id)
        pending = int(cache.get(key) or 0)
        if pending <= 0:
            continue
        # Database first, then the cached stored count, then pending: a reader in between may
        # briefly see `pending` twice, never lose a view. decr (not delete) keeps views counted
        # since the read.
        with transaction.atomic():
            Article.objects.filter(pk=article_id).update(view_count=F("view_count") + pending)
        cache.delete(_key("stored", article_id))
        try:
            cache.decr(key, pending)
        except ValueError:  # expired meanwhile: nothing left to subtract
            pass
        written += pending
    return written


# -- visitors --------------------------------------------------------------------------------------


def _minute(now: dt.datetime) -> int:
    return int(now.timestamp() // 60)


def record_visit(visitor: str, now: dt.datetime | None = None) -> None:
    """Mark the visitor as seen now: online buckets and the day's distinct visitors."""
    now = now or timezone.now()
    day = timezone.localdate(now)
    minute = _minute(now)
    last_key = _key("last", visitor)
    last = cache.get(last_key)
    if last != minute:
        bucket_ttl = (ONLINE_WINDOW_MINUTES + 2) * 60
        if last is not None and minute - int(last) < ONLINE_WINDOW_MINUTES:
            try:
                cache.decr(_key("online", last))
            except ValueError:
                pass
        _incr(_key("online", minute), bucket_ttl)
        cache.set(last_key, minute, bucket_ttl)
    if cache.add(_key("visitor", day.isoformat(), visitor), 1, DAY_TTL):
        _incr(_key("day", day.isoformat()), DAY_TTL)


@dataclass(frozen=True)
class VisitorStats:
    online: int
    today: int
    month: int
    total: int


def _cached_days(today: dt.date) -> dict[dt.date, int]:
    """Day counters still in the cache (today and yesterday)."""
    days = [today, today - dt.timedelta(days=1)]
    values = cache.get_many([_key("day", d.isoformat()) for d in days])
    return {d: int(values.get(_key("day", d.isoformat()), 0) or 0) for d in days}


def visitor_stats(now: dt.datetime | None = None) -> VisitorStats:
    from .models import VisitDay

    now = now or timezone.now()
    today = timezone.localdate(now)
    minute = _minute(now)
    buckets = cache.get_many(
        [_key("online", m) for m in range(minute - ONLINE_WINDOW_MINUTES + 1, minute + 1)]
    )
    online = max(0, sum(int(v) for v in buckets.values()))
    cached = _cached_days(today)
    stored_key = _key("stored-days", today.isoformat(), _key_version())
    stored = cache.get(stored_key)
    if stored is None:  # rows change only when flushed, which bumps the version
        stored = dict(VisitDay.objects.filter(day__in=list(cached)).values_list("day", "visitors"))
        cache.set(stored_key, stored, 60)
    recent = {day: max(cached[day], stored.get(day, 0)) for day in cached}
    month_start = today.replace(day=1)
    older = VisitDay.objects.exclude(day__in=list(cached))
    totals = _older_totals(older, month_start)
    month = totals[0] + sum(v for d, v in recent.items() if d >= month_start)
    total = totals[1] + sum(recent.values())
    return VisitorStats(online=online, today=recent[today], month=month, total=total)


def _older_totals(older: object, month_start: dt.date) -> tuple[int, int]:
    """(this month, all time) over stored days that are no longer in the cache; cached for a minute."""
    key = _key("older-totals", month_start.isoformat(), _key_version())
    found = cache.get(key)
    if found is None:
        month = older.filter(day__gte=month_start).aggregate(n=Sum("visitors"))["n"] or 0  # type: ignore[attr-defined]
        total = older.aggregate(n=Sum("visitors"))["n"] or 0  # type: ignore[attr-defined]
        found = (int(month), int(total))
        cache.set(key, found, 60)
    return found  # type: ignore[no-any-return]


def _key_version() -> int:
    return int(cache.get(_key("visitdays-version")) or 0)


def flush_visits(now: dt.datetime | None = None) -> int:
    """Write today's and yesterday's distinct-visitor counts into `VisitDay` rows."""
    from .models import VisitDay

    today = timezone.localdate(now or timezone.now())
    written = 0
    for day, count in _cached_days(today).items():
        if not count:
            continue
        row, _ = VisitDay.objects.get_or_create(day=day)
        if count > row.visitors:
            row.visitors = count
            row.save(update_fields=["visitors"])
            written += 1
    _incr(_key("visitdays-version"), PENDING_TTL)
    return written


def flush(now: dt.datetime | None = None) -> tuple[int, int]:
    return flush_views(), flush_visits(now)


def flush_if_due() -> bool:
    """At most one batch write per interval, whichever request comes first (no scheduler needed).

    True when this call flushed (the caller's copy of a view count is then stale)."""
    if not cache.add(_key("flush-lock"), 1, FLUSH_INTERVAL_SECONDS):
        return False
    try:
        flush()
    except DatabaseError:  # a busy database must not break a public page; retried later
        logger.warning("portal counters: flush failed", exc_info=True)
    return True


def count_request(request: HttpRequest, article_id: int | None = None) -> bool:
    """Record a visit (and a view of `article_id`), then flush if a minute has passed.

    Returns True when counts were just flushed to the database."""
    visitor = visitor_id(request)
    record_visit(visitor)
    if article_id is not None:
        record_view(article_id, visitor)
    return flush_if_due()
