"""Reads for the public pages, cached under a content version that every change bumps.

Other apps may add search results (e.g. OCOP products) with `register_search(provider)`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Q, QuerySet
from django.utils import timezone

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import filter_for
from nongthonmoi.core.text import fold
from nongthonmoi.places.models import Structure

from .models import Article, ArticleStatus, Category, Decision, LegalDocument

VERSION_KEY = "portal:content-version"
PUBLIC_TTL = 300  # scheduled articles appear within this delay even without a change


def content_version() -> int:
    return int(cache.get(VERSION_KEY) or 0)


def bump(**_: Any) -> None:
    """Invalidate every cached public read (signal receiver for content models)."""
    cache.add(VERSION_KEY, 0, None)
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


def cached(name: str, build: Callable[[], Any], ttl: int = PUBLIC_TTL) -> Any:
    key = f"portal:{name}:v{content_version()}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, ttl)
    return value


# -- articles ----------------------------------------------------------------------------------


def public_articles() -> QuerySet[Article]:
    return Article.objects.public().select_related("category")  # type: ignore[attr-defined,no-any-return]


def latest(limit: int = 6, category: str | None = None) -> list[Article]:
    def build() -> list[Article]:
        qs = public_articles().defer("body", "search_folded")
        if category:
            qs = qs.filter(category__slug=category)
        return list(qs[:limit])

    return cached(f"latest:{category or '*'}:{limit}", build)  # type: ignore[no-any-return]


def categories() -> list[Category]:
    return cached("categories", lambda: list(Category.objects.all()))  # type: ignore[no-any-return]


def public_article(slug: str) -> Article | None:
    """The published article (cached; its `view_count` may be stale: see counters.shown_views)."""
    if len(slug) > 120:
        return None
    return cached(  # type: ignore[no-any-return]
        f"article:{slug}", lambda: public_articles().filter(slug=slug).first()
    )


def related(article: Article, limit: int = 4) -> list[Article]:
    return list(
        public_articles()
        .defer("body", "search_folded")
        .filter(category_id=article.category_id)
        .exclude(pk=article.pk)[:limit]
    )


def editable_articles(user: Any) -> QuerySet[Article]:
    return filter_for(
        user,
        Article.objects.select_related("category", "province"),
        unit_field="province",
        capability=Capability.EDIT_PORTAL,
    )


def review_queue(user: Any) -> QuerySet[Article]:
    return filter_for(
        user,
        Article.objects.filter(status=ArticleStatus.REVIEW).select_related("category"),
        unit_field="province",
        capability=Capability.REVIEW_PORTAL,
    )


# -- registers -------------------------------------------------------------------------------------


def public_decisions() -> QuerySet[Decision]:
    return Decision.objects.filter(published=True).select_related("unit")


def public_documents() -> QuerySet[LegalDocument]:
    return LegalDocument.objects.filter(published=True)


def latest_decisions(limit: int = 5) -> list[Decision]:
    return cached(f"decisions:{limit}", lambda: list(public_decisions()[:limit]))  # type: ignore[no-any-return]


def latest_documents(limit: int = 5) -> list[LegalDocument]:
    return cached(f"documents:{limit}", lambda: list(public_documents()[:limit]))  # type: ignore[no-any-return]


def search_documents(qs: QuerySet[LegalDocument], query: str) -> QuerySet[LegalDocument]:
    folded = fold(query)
    return qs.filter(search_folded__contains=folded) if folded else qs


# -- search ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    kind: str  # label shown next to the hit
    title: str
    url: str
    summary: str = ""
    date: dt.date | None = None


SearchProvider = Callable[[str, int], list[SearchHit]]
_PROVIDERS: dict[str, SearchProvider] = {}


def register_search(name: str, provider: SearchProvider) -> None:
    """Let another app add hits (called with the folded query and a limit)."""
    _PROVIDERS[name] = provider


def _article_hits(folded: str, limit: int) -> list[SearchHit]:
    qs = public_articles().defer("body").filter(search_folded__contains=folded)[:limit]
    return [
        SearchHit(
            "Tin bài", a.title, a.get_absolute_url(), a.summary, timezone.localdate(a.published_at)
        )
        for a in qs
    ]


def _document_hits(folded: str, limit: int) -> list[SearchHit]:
    from django.urls import reverse

    return [
        SearchHit(
            d.get_doc_type_display(),
            f"{d.number} — {d.title}",
            reverse("portal:documents") + f"?q={d.number}",
            d.issuer,
            d.signed_on,
        )
        for d in public_documents().filter(search_folded__contains=folded)[:limit]
    ]


def _decision_hits(folded: str, limit: int) -> list[SearchHit]:
    from django.urls import reverse

    return [
        SearchHit(
            d.get_kind_display(),
            f"{d.number} — {d.recipient}",
            reverse("portal:decisions") + f"?q={d.number}",
            d.content[:200],
            d.signed_on,
        )
        for d in public_decisions().filter(search_folded__contains=folded)[:limit]
    ]


register_search("articles", _article_hits)
register_search("documents", _document_hits)
register_search("decisions", _decision_hits)


def search(query: str, limit: int = 20) -> dict[str, list[SearchHit]]:
    """Hits per provider, with or without diacritics ("nong thon moi" finds "nông thôn mới")."""
    folded = fold(query)
    if len(folded) < 2:
        return {}
    return {
        name: hits for name, provider in _PROVIDERS.items() if (hits := provider(folded, limit))
    }


# -- programme progress (criteria results) ------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    set_code: str
    year: int | None
    tiles: list[Any]
    columns: int
    rows: int
    rows_by_province: list[dict[str, Any]]
    communes_total: int
    communes_meeting: int

    @property
    def has_data(self) -> bool:
        return self.year is not None


def progress() -> Progress:
    """Communes meeting the standard by province on the 2025 map, from the criteria module's
    stored summaries (approved values only: the public sees official figures)."""
    return cached("progress", _build_progress)  # type: ignore[no-any-return]


def _build_progress() -> Progress:
    from nongthonmoi.criteria import queries as criteria
    from nongthonmoi.criteria.models import EvaluationSummary, ValuesBasis

    set_code = criteria.default_set_code(Structure.NEW)
    summaries = EvaluationSummary.objects.filter(
        set_code=set_code,
        basis=ValuesBasis.APPROVED,
        scope_unit__isnull=False,
        scope_unit__structure=Structure.NEW,
    ).select_related("scope_unit")
    year = summaries.order_by("-year").values_list("year", flat=True).first()
    by_code = {s.scope_unit.code: s for s in summaries.filter(year=year)} if year else {}
    tiles, columns, rows = criteria.province_tiles(by_code)
    table = [
        {
            "code": code,
            "name": s.scope_unit.name,
            "total": s.units_total,
            "meeting": s.meets_standard,
            "share": round(s.share_meeting, 1),
            "illustrative": s.illustrative,
        }
        for code, s in sorted(by_code.items(), key=lambda item: item[1].scope_unit.name)
    ]
    shaded = [{"tile": t, "colour": criteria.share_colour(t.share)} for t in tiles]
    return Progress(
        set_code=set_code,
        year=year,
        tiles=shaded,
        columns=columns,
        rows=rows,
        rows_by_province=table,
        communes_total=sum(r["total"] for r in table),
        communes_meeting=sum(r["meeting"] for r in table),
    )


def decisions_filter(qs: QuerySet[Decision], kind: str = "", query: str = "") -> QuerySet[Decision]:
    if kind:
        qs = qs.filter(kind=kind)
    folded = fold(query)
    if folded:
        qs = qs.filter(Q(search_folded__contains=folded) | Q(unit__name_folded__contains=folded))
    return qs


# -- satisfaction surveys (feedback module) --------------------------------------------------------


def _survey_key() -> str:
    """Surveys close by date as well as by an early close (a save, which bumps the version)."""
    return timezone.localdate().isoformat()


def survey_provinces() -> list[dict[str, Any]]:
    """Provinces with at least one closed satisfaction survey, by name: code, name, survey ids
    (newest first). One query; the results themselves are read per page (survey_results)."""
    return cached(f"survey-provinces:{_survey_key()}", _build_survey_provinces)  # type: ignore[no-any-return]


def _build_survey_provinces() -> list[dict[str, Any]]:
    from nongthonmoi.feedback.models import Survey

    today = timezone.localdate()
    surveys = (
        Survey.objects.filter(opens_on__lte=today)
        .filter(Q(closed_at__isnull=False) | Q(closes_on__lt=today))
        .select_related("province")
        .order_by("province__name", "-closes_on", "-pk")
    )
    provinces: dict[int, dict[str, Any]] = {}
    for survey in surveys:
        if not survey.is_closed():  # the model's rule decides; the filter only narrows the read
            continue
        group = provinces.setdefault(
            survey.province_id,
            {"code": survey.province.code, "name": survey.province.name, "survey_ids": []},
        )
        group["survey_ids"].append(survey.pk)
    return list(provinces.values())


def survey_results(province: dict[str, Any]) -> dict[str, Any]:
    """One province of survey_provinces() with its closed surveys and, per commune, what the
    feedback module's public result page shows at the top: answers, overall satisfaction with its
    margin, verdict. Computed by feedback.queries.dashboard (a few queries per survey, whatever
    the number of communes); no free text, contact or device data is read."""
    key = f"survey-results:{province['code']}:{_survey_key()}"
    return cached(key, lambda: _build_survey_results(province))  # type: ignore[no-any-return]


def _build_survey_results(province: dict[str, Any]) -> dict[str, Any]:
    from django.urls import reverse

    from nongthonmoi.feedback import queries as feedback
    from nongthonmoi.feedback import rules
    from nongthonmoi.feedback.models import Survey

    by_pk = Survey.objects.select_related("template").in_bulk(province["survey_ids"])
    surveys = []
    for pk in province["survey_ids"]:
        survey = by_pk.get(pk)
        if survey is None:
            continue
        communes = [
            {
                "name": row.place.commune.name,
                "code": row.place.commune.code,
                "answers": row.answers,
                "percent": row.overall.percent,
                "margin": row.overall.margin_points,
                "verdict": str(row.verdict),
                "verdict_label": row.verdict_label,
                "url": reverse(
                    "feedback:public_results",
                    kwargs={"survey_id": survey.pk, "code": row.place.commune.code},
                ),
            }
            for row in feedback.dashboard(survey)
        ]
        surveys.append(
            {
                "pk": survey.pk,
                "title": survey.title,
                "opens_on": survey.opens_on,
                "closes_on": survey.closes_on,
                "rule_title": rules.rule(survey.rule_code).title,
                "answers": sum(c["answers"] for c in communes),
                "communes": communes,
            }
        )
    return {"code": province["code"], "name": province["name"], "surveys": surveys}
