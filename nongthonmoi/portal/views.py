"""Portal pages: public (news, registers, data) and the editors' workspace. Views stay thin."""

from __future__ import annotations

import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.sitemaps import Sitemap
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import can, has_capability_anywhere, is_national, units_for
from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.places.models import AdminUnit, Level, Structure

from . import counters, datasets, integrations, queries, services
from .forms import (
    KIND_CHOICES,
    ArticleForm,
    CommentForm,
    DecisionForm,
    DocumentFilter,
    DocumentForm,
    PublishForm,
)
from .models import Article, ArticleStatus, Category, DecisionKind

C = Capability
PAGE_SIZE = 12
IMMUTABLE = "public, max-age=31536000, immutable"


def _public(
    request: HttpRequest, template: str, context: dict[str, Any], article_id: int | None = None
) -> HttpResponse:
    """Render a public page after counting the visit (cache only; see counters)."""
    counters.count_request(request, article_id)
    context.setdefault("categories", queries.categories())
    context["visitor_stats"] = counters.visitor_stats()
    context["content_version"] = queries.content_version()
    return render(request, template, context)


# -- news -----------------------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    # Callables: the template calls them only when its cached fragments must be rebuilt.
    context = {
        "featured": lambda: queries.latest(10)[:1],
        "secondary": lambda: queries.latest(10)[1:5],
        "more": lambda: queries.latest(10)[5:10],
        "blocks": lambda: [
            (category, queries.latest(4, category.slug))
            for category in queries.categories()
            if category.slug != "tin-tuc"
        ],
        "decisions": lambda: queries.latest_decisions(5),
        "documents": lambda: queries.latest_documents(5),
        "progress": queries.progress,
    }
    return _public(request, "portal/index.html", context)


def category(request: HttpRequest, slug: str) -> HttpResponse:
    found = get_object_or_404(Category, slug=slug)
    articles = queries.public_articles().defer("body", "search_folded").filter(category=found)
    page = Paginator(articles, PAGE_SIZE).get_page(request.GET.get("page"))
    return _public(request, "portal/category.html", {"category": found, "page": page})


def article(request: HttpRequest, slug: str) -> HttpResponse:
    found = queries.public_article(slug)
    if found is None:
        # editors may preview their own drafts at the public address
        found = get_object_or_404(queries.editable_articles(request.user), slug=slug)
        return render(
            request,
            "portal/article.html",
            {"article": found, "preview": True, "views": found.view_count},
        )
    counters.count_request(request, found.pk)
    context = {
        "article": found,
        "views": counters.shown_views(found.pk),
        "related": lambda: queries.related(found),  # evaluated only when the fragment is rebuilt
        "content_version": queries.content_version(),
        "categories": queries.categories(),
        "visitor_stats": counters.visitor_stats(),
        "absolute_url": request.build_absolute_uri(found.get_absolute_url()),
    }
    return render(request, "portal/article.html", context)


def cover(request: HttpRequest, pk: int, size: str) -> HttpResponse:
    """Cover images: public once the article is, with long caching (the URL carries a version)."""
    found = get_object_or_404(Article, pk=pk)
    if not found.is_public and not queries.editable_articles(request.user).filter(pk=pk).exists():
        raise Http404
    field = found.cover_thumb if size == "thumb" else found.cover if size == "large" else None
    if not field:
        raise Http404
    etag = '"' + hashlib.sha1(field.name.encode()).hexdigest()[:16] + '"'
    if request.headers.get("If-None-Match") == etag:
        return HttpResponseNotModified()
    response = FileResponse(field.open("rb"), content_type="image/jpeg")
    response["ETag"] = etag
    response["Cache-Control"] = IMMUTABLE if found.is_public else "private, no-store"
    return response


def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    results = queries.search(query) if query else {}
    labels = {
        "articles": "Tin bài",
        "documents": "Văn bản",
        "decisions": "Khen thưởng – Xử phạt",
        "products": "Sản phẩm OCOP",
    }
    groups = [(labels.get(name, name), hits) for name, hits in results.items()]
    return _public(request, "portal/search.html", {"query": query, "groups": groups})


# -- registers ------------------------------------------------------------------------------------


def decisions(request: HttpRequest) -> HttpResponse:
    kind = request.GET.get("kind", "")
    kind = kind if kind in DecisionKind.values else ""
    query = request.GET.get("q", "").strip()[:200]
    qs = queries.decisions_filter(queries.public_decisions(), kind, query)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return _public(
        request,
        "portal/decisions.html",
        {"page": page, "kind": kind, "query": query, "kinds": KIND_CHOICES, "unit": None},
    )


def decisions_for_unit(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    unit = get_object_or_404(AdminUnit, structure=structure, code=code)
    qs = queries.public_decisions().filter(unit__in=_unit_and_below(unit))
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return _public(
        request,
        "portal/decisions.html",
        {"page": page, "kind": "", "query": "", "kinds": KIND_CHOICES, "unit": unit},
    )


def _unit_and_below(unit: AdminUnit) -> Any:
    if unit.level == Level.PROVINCE:
        return AdminUnit.objects.filter(province=unit).values("pk")
    if unit.level == Level.DISTRICT:
        return AdminUnit.objects.filter(district=unit).values("pk")
    return AdminUnit.objects.filter(pk=unit.pk).values("pk")


def _attachment(field: Any) -> FileResponse:
    """PDFs open in the browser; anything else is downloaded, never rendered from our origin."""
    if not field:
        raise Http404
    name = field.name.rsplit("/", 1)[-1]
    response = FileResponse(
        field.open("rb"), as_attachment=not name.lower().endswith(".pdf"), filename=name
    )
    response["Cache-Control"] = "public, max-age=86400"
    return response


def decision_file(request: HttpRequest, pk: int) -> FileResponse:
    return _attachment(get_object_or_404(queries.public_decisions(), pk=pk).attachment)


def documents(request: HttpRequest) -> HttpResponse:
    form = DocumentFilter(request.GET or None)
    qs = queries.public_documents()
    if form.is_valid():
        qs = queries.search_documents(qs, form.cleaned_data["q"])
        if form.cleaned_data["doc_type"]:
            qs = qs.filter(doc_type=form.cleaned_data["doc_type"])
        today = timezone.localdate()
        if form.cleaned_data["validity"] == "in_force":
            qs = qs.exclude(effective_until__lte=today).exclude(effective_from__gt=today)
        elif form.cleaned_data["validity"] == "expired":
            qs = qs.filter(effective_until__lte=today)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return _public(request, "portal/documents.html", {"form": form, "page": page})


def document_file(request: HttpRequest, pk: int) -> FileResponse:
    return _attachment(get_object_or_404(queries.public_documents(), pk=pk).file)


# -- public data ----------------------------------------------------------------------------------


def progress(request: HttpRequest) -> HttpResponse:
    return _public(request, "portal/progress.html", {"progress": queries.progress()})


SURVEY_PROVINCES_PER_PAGE = 5


def survey_results(request: HttpRequest) -> HttpResponse:
    """Closed satisfaction surveys by province, five provinces a page, each commune linking to
    its public result page in the feedback module."""
    provinces = queries.survey_provinces()
    page = Paginator(provinces, SURVEY_PROVINCES_PER_PAGE).get_page(request.GET.get("page"))
    groups = [queries.survey_results(province) for province in page]
    return _public(
        request,
        "portal/survey_results.html",
        {"page": page, "groups": groups, "dataset_slug": integrations.SURVEY_SLUG},
    )


def data_catalogue(request: HttpRequest) -> HttpResponse:
    return _public(request, "portal/data.html", {"datasets": datasets.all_datasets()})


def dataset(request: HttpRequest, slug: str) -> HttpResponse:
    found = datasets.get(slug)
    if found is None:
        raise Http404
    meta = found.metadata(request.build_absolute_uri("/")[:-1])
    return _public(request, "portal/dataset.html", {"dataset": found, "meta": meta})


def dataset_download(request: HttpRequest, slug: str, fmt: str) -> FileResponse:
    """The export file, written once per data change and streamed from disk (see datasets)."""
    found = datasets.get(slug)
    if found is None or fmt not in datasets.FORMATS:
        raise Http404
    response = FileResponse(datasets.open_export(found, fmt), content_type=datasets.FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{slug}.{fmt}"'
    response["Cache-Control"] = "public, max-age=300"
    response["Access-Control-Allow-Origin"] = "*"
    return response


# -- sitemap --------------------------------------------------------------------------------------


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7
    limit = 5000

    def items(self) -> Any:
        return (
            queries.public_articles()
            .select_related(None)
            .only("slug", "updated_at", "published_at")
        )

    def lastmod(self, obj: Article) -> Any:
        return obj.updated_at


class PageSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self) -> list[str]:
        return [
            "portal:index",
            "portal:decisions",
            "portal:documents",
            "portal:progress",
            "portal:survey_results",
            "portal:data",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class CategorySitemap(Sitemap):
    changefreq = "daily"

    def items(self) -> Any:
        return Category.objects.all()


SITEMAPS = {"articles": ArticleSitemap, "pages": PageSitemap, "categories": CategorySitemap}


# -- editors' workspace ---------------------------------------------------------------------------


def _editor_required(request: HttpRequest) -> None:
    if not has_capability_anywhere(request.user, C.EDIT_PORTAL):
        raise PermissionDenied


def _home_province(user: Any, capability: Capability = C.EDIT_PORTAL) -> AdminUnit | None:
    """Where a new article or register entry belongs: the user's province (None = national)."""
    if is_national(user, capability):
        return None
    return (
        units_for(user, capability)
        .filter(level=Level.PROVINCE, structure=Structure.NEW)
        .order_by("code")
        .first()
    )


@login_required
def editor(request: HttpRequest) -> HttpResponse:
    _editor_required(request)
    status = request.GET.get("status", "")
    articles = (
        queries.editable_articles(request.user)
        .defer("body", "search_folded")
        .order_by("-updated_at")
    )
    if status in ArticleStatus.values:
        articles = articles.filter(status=status)
    page = Paginator(articles, 25).get_page(request.GET.get("page"))
    return render(
        request,
        "portal/editor/index.html",
        {
            "page": page,
            "status": status,
            "statuses": ArticleStatus.choices,
            "queue": queries.review_queue(request.user)[:50],
            "is_reviewer": has_capability_anywhere(request.user, C.REVIEW_PORTAL),
            "now": timezone.now(),
        },
    )


def _messages_for(request: HttpRequest, exc: ValidationFailed) -> None:
    for problem in exc.problems:
        messages.error(request, problem)


@login_required
def article_new(request: HttpRequest) -> HttpResponse:
    _editor_required(request)
    form = ArticleForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "cover_upload"}
        try:
            created = services.do_save_article(
                request.user,
                data,
                province=_home_province(request.user),
                cover=form.cleaned_data.get("cover_upload"),
            )
        except ValidationFailed as exc:
            _messages_for(request, exc)
        except PermissionDeniedError as exc:
            raise PermissionDenied from exc
        else:
            messages.success(request, "Đã lưu bản nháp.")
            return redirect("portal:article_edit", pk=created.pk)
    return render(request, "portal/editor/article_form.html", {"form": form, "article": None})


@login_required
def article_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(queries.editable_articles(request.user), pk=pk)
    form = ArticleForm(request.POST or None, request.FILES or None, instance=found)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "cover_upload"}
        try:
            services.do_save_article(
                request.user, data, article=found, cover=form.cleaned_data.get("cover_upload")
            )
        except ValidationFailed as exc:
            _messages_for(request, exc)
        except PermissionDeniedError as exc:
            raise PermissionDenied from exc
        else:
            messages.success(request, "Đã lưu bài viết.")
            return redirect("portal:article_edit", pk=found.pk)
    found.refresh_from_db()
    return render(
        request,
        "portal/editor/article_form.html",
        {
            "form": form,
            "article": found,
            "can_review": can(request.user, C.REVIEW_PORTAL, found.province),
            "publish_form": PublishForm(),
            "comment_form": CommentForm(),
        },
    )


def _action(request: HttpRequest, pk: int, run: Any, done: str) -> HttpResponse:
    found = get_object_or_404(queries.editable_articles(request.user), pk=pk)
    try:
        run(found)
    except ValidationFailed as exc:
        _messages_for(request, exc)
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    else:
        messages.success(request, done)
    return redirect("portal:article_edit", pk=pk)


@login_required
@require_POST
def article_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _action(
        request, pk, lambda a: services.do_submit(request.user, a), "Đã gửi bài để duyệt."
    )


@login_required
@require_POST
def article_publish(request: HttpRequest, pk: int) -> HttpResponse:
    form = PublishForm(request.POST)
    publish_at = form.cleaned_data["publish_at"] if form.is_valid() else None
    return _action(
        request,
        pk,
        lambda a: services.do_publish(request.user, a, publish_at),
        "Đã hẹn giờ xuất bản." if publish_at else "Đã xuất bản bài viết.",
    )


@login_required
@require_POST
def article_refuse(request: HttpRequest, pk: int) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _action(
        request, pk, lambda a: services.do_refuse(request.user, a, comment), "Đã trả lại bài viết."
    )


@login_required
@require_POST
def article_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    comment = request.POST.get("comment", "")
    return _action(
        request,
        pk,
        lambda a: services.do_withdraw(request.user, a, comment),
        "Đã gỡ bài khỏi Cổng.",
    )


@login_required
def decision_new(request: HttpRequest) -> HttpResponse:
    if not has_capability_anywhere(request.user, C.REVIEW_PORTAL):
        raise PermissionDenied
    form = DecisionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k not in {"unit_code", "attachment"}}
        code = form.cleaned_data["unit_code"].strip()
        data["unit"] = (
            AdminUnit.objects.filter(structure=Structure.NEW, code=code).first() if code else None
        )
        try:
            if code and data["unit"] is None:
                raise ValidationFailed([f"Mã đơn vị {code}: không có trên bản đồ 2025."])
            services.do_save_decision(
                request.user,
                data,
                province=_home_province(request.user, C.REVIEW_PORTAL),
                attachment=form.cleaned_data.get("attachment") or None,
            )
        except ValidationFailed as exc:
            _messages_for(request, exc)
        except PermissionDeniedError as exc:
            raise PermissionDenied from exc
        else:
            messages.success(request, "Đã đăng quyết định.")
            return redirect("portal:decisions")
    return render(
        request,
        "portal/editor/simple_form.html",
        {"form": form, "title": "Đăng quyết định khen thưởng, xử phạt"},
    )


@login_required
def document_new(request: HttpRequest) -> HttpResponse:
    if not has_capability_anywhere(request.user, C.REVIEW_PORTAL):
        raise PermissionDenied
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "file"}
        try:
            services.do_save_document(
                request.user,
                data,
                province=_home_province(request.user, C.REVIEW_PORTAL),
                file=form.cleaned_data.get("file") or None,
            )
        except ValidationFailed as exc:
            _messages_for(request, exc)
        except PermissionDeniedError as exc:
            raise PermissionDenied from exc
        else:
            messages.success(request, "Đã đăng văn bản.")
            return redirect("portal:documents")
    return render(
        request, "portal/editor/simple_form.html", {"form": form, "title": "Đăng văn bản pháp lý"}
    )
