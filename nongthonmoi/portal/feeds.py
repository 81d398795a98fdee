"""RSS and Atom feeds of published articles, all together and per category."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .models import Article, Category
from .queries import public_articles

FEED_SIZE = 30
TITLE = "Cổng thông tin Nông thôn mới"


class LatestArticles(Feed):
    title = TITLE
    description = "Tin bài mới về Chương trình MTQG xây dựng nông thôn mới"

    def link(self) -> str:
        return reverse("portal:index")

    def items(self) -> list[Article]:
        return list(public_articles().defer("body")[:FEED_SIZE])

    def item_title(self, item: Article) -> str:
        return item.title

    def item_description(self, item: Article) -> str:
        return item.summary

    def item_pubdate(self, item: Article) -> dt.datetime | None:
        return item.published_at

    def item_updateddate(self, item: Article) -> dt.datetime:
        return item.updated_at

    def item_author_name(self, item: Article) -> str:
        return item.byline

    def item_categories(self, item: Article) -> list[str]:
        return [item.category.name, *item.tag_list]


class CategoryArticles(LatestArticles):
    def get_object(self, request: object, slug: str) -> Category:  # type: ignore[override]
        return get_object_or_404(Category, slug=slug)

    def title(self, obj: Category) -> str:  # type: ignore[override]
        return f"{TITLE} — {obj.name}"

    def link(self, obj: Category) -> str:  # type: ignore[override]
        return obj.get_absolute_url()

    def description(self, obj: Category) -> str:  # type: ignore[override]
        return obj.description or obj.name

    def items(self, obj: Category) -> list[Article]:  # type: ignore[override]
        return list(public_articles().defer("body").filter(category=obj)[:FEED_SIZE])


class CategoryAtom(CategoryArticles):
    feed_type = Atom1Feed

    def subtitle(self, obj: Category) -> str:
        return obj.description or obj.name
