"""Small builders for portal tests and the access walk."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from nongthonmoi.portal.defaults import ensure_categories
from nongthonmoi.portal.models import Article, ArticleStatus, Category


def article(
    province: Any,
    *,
    title: str = "Bài viết thử",
    slug: str | None = None,
    status: str = ArticleStatus.PUBLISHED,
    published_at: dt.datetime | None = None,
    category: str = "tin-tuc",
    body: str = "<p>Nội dung</p>",
    **fields: Any,
) -> Article:
    ensure_categories()
    return Article.objects.create(
        province=province,
        category=Category.objects.get(slug=category),
        title=title,
        slug=slug or f"bai-{Article.objects.count() + 1}-{timezone.now().timestamp():.0f}",
        status=status,
        published_at=published_at
        if published_at is not None
        else (
            timezone.now() - dt.timedelta(hours=1) if status == ArticleStatus.PUBLISHED else None
        ),
        body=body,
        **fields,
    )


def access_walk_article(units: Any) -> Article:
    """An article in review on commune B's province (the portal's editing scope is the province)."""
    return article(
        units.commune_b.province, title="Bài chờ duyệt của tỉnh", status=ArticleStatus.REVIEW
    )


def streamed(response: Any) -> bytes:
    """The body of a streamed response (file downloads), read to the end."""
    assert response.streaming, response
    return b"".join(response.streaming_content)
