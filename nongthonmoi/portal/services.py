"""Every write of the portal: permission (accounts.scope), validation, one transaction, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import can
from nongthonmoi.core import audit
from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.core.text import fold
from nongthonmoi.places.models import AdminUnit

from . import images
from .models import Article, ArticleStatus, Category, Decision, LegalDocument

C = Capability
ARTICLE_FIELDS = [
    "title",
    "category",
    "summary",
    "body",
    "cover_caption",
    "cover_alt",
    "tags",
    "byline",
    "source",
]
AUDITED = ["title", "status", "published_at", "review_comment", "category", "province"]
EDITABLE_BY_EDITOR = {ArticleStatus.DRAFT, ArticleStatus.REFUSED}


def unique_slug(title: str, exclude_pk: int | None = None) -> str:
    base = slugify(fold(title))[:100].strip("-") or "bai-viet"
    slug, n = base, 2
    while Article.objects.filter(slug=slug).exclude(pk=exclude_pk).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _require(user: Any, capability: Capability, province: AdminUnit | None) -> None:
    if not can(user, capability, province):
        raise PermissionDeniedError(f"missing {capability} on {province}")


def _attach_cover(article: Article, upload: Any) -> None:
    try:
        large, thumb = images.renditions(upload.read())
    except images.BadImage as exc:
        raise ValidationFailed([f"Ảnh đại diện: {exc}"]) from exc
    stem = article.slug or "anh"
    article.cover.save(f"{stem}.jpg", ContentFile(large), save=False)
    article.cover_thumb.save(f"{stem}-thumb.jpg", ContentFile(thumb), save=False)


def do_save_article(
    user: Any,
    data: dict[str, Any],
    *,
    article: Article | None = None,
    province: AdminUnit | None = None,
    cover: Any = None,
) -> Article:
    """Create (in `province`) or change an article; editors change drafts and refused articles only."""
    target_province = article.province if article else province
    _require(user, C.EDIT_PORTAL, target_province)
    if (
        article
        and article.status not in EDITABLE_BY_EDITOR
        and not can(user, C.REVIEW_PORTAL, article.province)
    ):
        raise PermissionDeniedError("only reviewers change articles under review or published")
    problems = []
    # a partial change keeps the current values
    title = data.get("title", article.title if article else "")
    category = data.get("category", article.category if article else None)
    if not str(title).strip():
        problems.append("Tiêu đề: bắt buộc.")
    if not isinstance(category, Category):
        problems.append("Chuyên mục: bắt buộc.")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        before = audit.snapshot(article, AUDITED) if article else None
        if article is None:
            article = Article(province=province, author=user, status=ArticleStatus.DRAFT)
        for field in ARTICLE_FIELDS:
            if field in data:
                setattr(article, field, data[field])
        if not article.byline:
            article.byline = user.get_full_name() or user.get_username()
        article.slug = article.slug or unique_slug(article.title)
        if cover is not None:
            _attach_cover(article, cover)
        article.save()
        audit.record(
            user,
            "portal.article_saved" if before else "portal.article_created",
            article,
            unit=article.province,
            before=before,
            after=audit.snapshot(article, AUDITED),
        )
    return article


def _transition(
    user: Any,
    article: Article,
    capability: Capability,
    allowed_from: set[str],
    to: str,
    action: str,
    reason: str = "",
    **changes: Any,
) -> Article:
    _require(user, capability, article.province)
    if article.status not in allowed_from:
        raise ValidationFailed(
            [f"Bài viết đang ở trạng thái “{article.get_status_display()}”, không thể chuyển."]
        )
    with transaction.atomic():
        before = audit.snapshot(article, AUDITED)
        article.status = to
        for name, value in changes.items():
            setattr(article, name, value)
        article.save()
        audit.record(
            user,
            action,
            article,
            unit=article.province,
            before=before,
            after=audit.snapshot(article, AUDITED),
            reason=reason,
        )
    return article


def do_submit(user: Any, article: Article) -> Article:
    """Draft or refused → waiting for review."""
    return _transition(
        user,
        article,
        C.EDIT_PORTAL,
        EDITABLE_BY_EDITOR,
        ArticleStatus.REVIEW,
        "portal.article_submitted",
    )


def do_publish(user: Any, article: Article, publish_at: dt.datetime | None = None) -> Article:
    """Under review → published now, or at `publish_at` (scheduled: it appears by itself)."""
    return _transition(
        user,
        article,
        C.REVIEW_PORTAL,
        {ArticleStatus.REVIEW},
        ArticleStatus.PUBLISHED,
        "portal.article_published",
        published_at=publish_at or timezone.now(),
        reviewed_by=user,
        review_comment="",
    )


def do_refuse(user: Any, article: Article, comment: str) -> Article:
    """Under review → refused, with the reviewer's comment for the editor."""
    if not comment.strip():
        raise ValidationFailed(["Ý kiến: cần nêu lý do từ chối để biên tập viên sửa."])
    return _transition(
        user,
        article,
        C.REVIEW_PORTAL,
        {ArticleStatus.REVIEW},
        ArticleStatus.REFUSED,
        "portal.article_refused",
        reason=comment,
        review_comment=comment.strip(),
        reviewed_by=user,
    )


def do_withdraw(user: Any, article: Article, comment: str) -> Article:
    """Published → draft (taken off the portal), with a reason."""
    if not comment.strip():
        raise ValidationFailed(["Ý kiến: cần nêu lý do gỡ bài."])
    return _transition(
        user,
        article,
        C.REVIEW_PORTAL,
        {ArticleStatus.PUBLISHED},
        ArticleStatus.DRAFT,
        "portal.article_withdrawn",
        reason=comment,
        review_comment=comment.strip(),
    )


def do_save_decision(
    user: Any, data: dict[str, Any], *, province: AdminUnit | None, attachment: Any = None
) -> Decision:
    """Record a commendation or sanction decision (reviewers: it is published as it is official)."""
    _require(user, C.REVIEW_PORTAL, province)
    unit = data.get("unit")
    problems = []
    if unit is not None and not can(user, C.REVIEW_PORTAL, unit):
        problems.append("Đơn vị: ngoài phạm vi được giao.")
    for field, label in [
        ("number", "Số quyết định"),
        ("recipient", "Tập thể, cá nhân"),
        ("content", "Nội dung"),
    ]:
        if not str(data.get(field, "")).strip():
            problems.append(f"{label}: bắt buộc.")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        decision = Decision(province=province, **data)
        if attachment is not None:
            decision.attachment.save(attachment.name, attachment, save=False)
        decision.save()
        audit.record(
            user,
            "portal.decision_created",
            decision,
            unit=unit or province,
            after=audit.snapshot(decision, ["kind", "number", "recipient", "unit"]),
        )
    return decision


def do_save_document(
    user: Any, data: dict[str, Any], *, province: AdminUnit | None, file: Any = None
) -> LegalDocument:
    _require(user, C.REVIEW_PORTAL, province)
    problems = [
        f"{label}: bắt buộc."
        for field, label in [
            ("number", "Số, ký hiệu"),
            ("title", "Trích yếu"),
            ("issuer", "Cơ quan ban hành"),
        ]
        if not str(data.get(field, "")).strip()
    ]
    start, end = data.get("effective_from"), data.get("effective_until")
    if start and end and end <= start:
        problems.append("Hết hiệu lực từ: phải sau ngày hiệu lực.")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        document = LegalDocument(province=province, **data)
        if file is not None:
            document.file.save(file.name, file, save=False)
        document.save()
        audit.record(
            user,
            "portal.document_created",
            document,
            unit=province,
            after=audit.snapshot(document, ["doc_type", "number", "title"]),
        )
    return document
