"""The check behind every "no query per row" test: a page's query count must not grow with rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

FEW, MANY = 3, 30


def page_queries(client: Any, url: str) -> list[str]:
    """The SQL of one GET of `url` (which must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return [q["sql"] for q in captured.captured_queries]


def assert_flat(client: Any, url: str, grow: Callable[[int], None], *, cold: bool = False) -> int:
    """`grow(n)` adds n rows to the page; the page's query count must not change.

    The page is requested once before each count, so both counts are of a warm page (per-process
    caches of rule files and content types; targets cache computed values per unit for a while).
    With `cold`, the shared cache is emptied right before each count (per-process caches stay
    warm), for pages whose values are otherwise served from it. Returns the number of queries.
    """
    grow(FEW)
    client.get(url)
    if cold:
        cache.clear()
    few = page_queries(client, url)
    grow(MANY - FEW)
    client.get(url)
    if cold:
        cache.clear()
    many = page_queries(client, url)
    repeated = [(n, sql[:300]) for sql, n in Counter(many).most_common(3) if n > 1]
    assert len(many) == len(few), (
        f"{len(few)} queries with {FEW} rows, {len(many)} with {MANY}: {repeated}"
    )
    return len(few)
