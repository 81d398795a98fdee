"""Public JSON API of the portal: the open-data catalogue (DCAT-style), articles, visitor counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from . import counters, datasets, queries

router = Router(tags=["portal"])


class ColumnOut(Schema):
    name: str
    title: str
    type: str


class DistributionOut(Schema):
    format: str
    media_type: str
    download_url: str


class DatasetOut(Schema):
    identifier: str
    title: str
    description: str
    theme: str
    keyword: list[str]
    publisher: str
    license: str
    license_url: str
    modified: str | None
    temporal: str
    landing_page: str
    illustrative: bool
    columns: list[ColumnOut]
    distribution: list[DistributionOut]


def _base(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")[:-1]


@router.get(
    "/datasets", response=list[DatasetOut], auth=None, summary="Open-data catalogue (DCAT-style)"
)
def list_datasets(request: HttpRequest) -> list[dict[str, Any]]:
    return [d.metadata(_base(request)) for d in datasets.all_datasets()]


@router.get("/datasets/{slug}", response=DatasetOut, auth=None, summary="One dataset's metadata")
def get_dataset(request: HttpRequest, slug: str) -> dict[str, Any]:
    found = datasets.get(slug)
    if found is None:
        raise Http404("no such dataset")
    return found.metadata(_base(request))


class ArticleOut(Schema):
    title: str
    slug: str
    summary: str
    category: str
    source: str
    published_at: dt.datetime | None
    url: str

    @staticmethod
    def resolve_category(obj: Any) -> str:
        return str(obj.category.slug)

    @staticmethod
    def resolve_url(obj: Any) -> str:
        return str(obj.get_absolute_url())


class ArticleFilter(Schema):
    category: str | None = None
    limit: int = Field(20, ge=1, le=100)
    offset: int = Field(0, ge=0, le=10_000_000)


@router.get(
    "/articles", response=list[ArticleOut], auth=None, summary="Published articles, newest first"
)
def list_articles(request: HttpRequest, filters: Query[ArticleFilter]) -> list[Any]:
    qs = queries.public_articles().defer("body", "search_folded")
    if filters.category:
        qs = qs.filter(category__slug=filters.category)
    return list(qs[filters.offset : filters.offset + filters.limit])


class StatsOut(Schema):
    online: int
    today: int
    month: int
    total: int


@router.get(
    "/visitor-stats", response=StatsOut, auth=None, summary="Visitor statistics (counts only)"
)
def visitor_stats(request: HttpRequest) -> counters.VisitorStats:
    return counters.visitor_stats()
