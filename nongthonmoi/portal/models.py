"""The public portal: news articles, decisions (commendations and sanctions), legal documents and
the daily visitor counts. Personal data is never stored: visitor identities live only in the cache
as daily-rotated hashes (see `counters.py`); the database keeps counts."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nongthonmoi.core.text import fold

from .richtext import plain_text, sanitize


class Category(models.Model):
    slug = models.SlugField(_("đường dẫn"), max_length=60, unique=True)
    name = models.CharField(_("tên chuyên mục"), max_length=120)
    description = models.CharField(_("mô tả"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=50)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("chuyên mục")
        verbose_name_plural = _("chuyên mục")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("portal:category", kwargs={"slug": self.slug})


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("bản nháp")
    REVIEW = "review", _("chờ duyệt")
    PUBLISHED = "published", _("đã xuất bản")
    REFUSED = "refused", _("bị từ chối")


class PublishedArticles(models.QuerySet["Article"]):
    def public(self, now: dt.datetime | None = None) -> PublishedArticles:
        """Published and due: a scheduled article appears by itself when its time comes."""
        return self.filter(
            status=ArticleStatus.PUBLISHED, published_at__lte=now or timezone.now()
        ).order_by("-published_at", "-pk")


class Article(models.Model):
    # The province whose portal publishes it (editing scope); null = a national article.
    province = models.ForeignKey(
        "places.AdminUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="portal_articles",
        verbose_name=_("tỉnh"),
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name=_("chuyên mục")
    )
    title = models.CharField(_("tiêu đề"), max_length=300)
    slug = models.SlugField(_("đường dẫn"), max_length=120, unique=True)
    summary = models.TextField(_("tóm tắt"), max_length=1000, blank=True)
    body = models.TextField(_("nội dung"), blank=True)  # sanitised HTML (see save())
    cover = models.ImageField(_("ảnh đại diện"), upload_to="portal/covers/%Y/%m", blank=True)
    cover_thumb = models.ImageField(upload_to="portal/covers/%Y/%m", blank=True, editable=False)
    cover_caption = models.CharField(_("chú thích ảnh"), max_length=300, blank=True)
    cover_alt = models.CharField(_("mô tả ảnh (cho người khiếm thị)"), max_length=300, blank=True)
    tags = models.CharField(
        _("từ khoá"), max_length=300, blank=True, help_text=_("cách nhau bởi dấu phẩy")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    byline = models.CharField(_("tác giả"), max_length=120, blank=True)
    source = models.CharField(
        _("nguồn"), max_length=200, blank=True, help_text=_("ví dụ: Theo Baocaobang.vn")
    )
    status = models.CharField(
        _("trạng thái"), max_length=10, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    review_comment = models.TextField(_("ý kiến người duyệt"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    published_at = models.DateTimeField(_("thời điểm xuất bản"), null=True, blank=True)
    view_count = models.PositiveBigIntegerField(_("lượt xem"), default=0)
    search_folded = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedArticles.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("bài viết")
        verbose_name_plural = _("bài viết")
        indexes = [models.Index(fields=["status", "published_at"])]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        # Sanitised on every save, whatever the path (form, admin, API, demo): no script is stored.
        self.body = sanitize(self.body)
        self.search_folded = fold(
            " ".join([self.title, self.summary, plain_text(self.body), self.tags])
        )
        if not self._state.adding and kwargs.get("update_fields") is None:
            # The view count belongs to the counters' flush: an edit made from a copy loaded
            # before a flush must not write its stale count back.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name != "view_count"
            ]
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("portal:article", kwargs={"slug": self.slug})

    @property
    def tag_list(self) -> list[str]:
        return [t.strip() for t in self.tags.split(",") if t.strip()]

    @property
    def is_public(self) -> bool:
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


class DecisionKind(models.TextChoices):
    COMMENDATION = "commendation", _("Khen thưởng")
    SANCTION = "sanction", _("Xử phạt")


class Decision(models.Model):
    """A decision commending or sanctioning a unit or a person in the programme."""

    province = models.ForeignKey(
        "places.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại"), max_length=14, choices=DecisionKind.choices)
    number = models.CharField(_("số quyết định"), max_length=60)
    signed_on = models.DateField(_("ngày ký"))
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    unit = models.ForeignKey(
        "places.AdminUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="portal_decisions",
        verbose_name=_("đơn vị hành chính"),
    )
    recipient = models.CharField(_("tập thể, cá nhân"), max_length=300)
    content = models.TextField(_("nội dung"))
    attachment = models.FileField(_("tệp đính kèm"), upload_to="portal/decisions/%Y", blank=True)
    published = models.BooleanField(_("công khai"), default=True)
    search_folded = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-pk"]
        verbose_name = _("quyết định khen thưởng, xử phạt")
        verbose_name_plural = _("quyết định khen thưởng, xử phạt")

    def __str__(self) -> str:
        return f"{self.number} — {self.recipient}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_folded = fold(
            " ".join([self.number, self.recipient, self.content, self.issuer])
        )
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class DocumentType(models.TextChoices):
    LAW = "law", _("Luật")
    RESOLUTION = "resolution", _("Nghị quyết")
    DECREE = "decree", _("Nghị định")
    DECISION = "decision", _("Quyết định")
    CIRCULAR = "circular", _("Thông tư")
    GUIDANCE = "guidance", _("Hướng dẫn")
    OFFICIAL_LETTER = "letter", _("Công văn")
    PLAN = "plan", _("Kế hoạch")


class LegalDocument(models.Model):
    province = models.ForeignKey(
        "places.AdminUnit", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    doc_type = models.CharField(_("loại văn bản"), max_length=12, choices=DocumentType.choices)
    number = models.CharField(_("số, ký hiệu"), max_length=60)
    title = models.CharField(_("trích yếu"), max_length=500)
    issuer = models.CharField(_("cơ quan ban hành"), max_length=200)
    signed_on = models.DateField(_("ngày ban hành"))
    effective_from = models.DateField(_("ngày hiệu lực"), null=True, blank=True)
    effective_until = models.DateField(_("hết hiệu lực từ"), null=True, blank=True)
    file = models.FileField(_("tệp văn bản"), upload_to="portal/documents/%Y", blank=True)
    official_url = models.URLField(_("đường dẫn chính thức"), blank=True)
    published = models.BooleanField(_("công khai"), default=True)
    search_folded = models.TextField(editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-signed_on", "-pk"]
        verbose_name = _("văn bản pháp lý")
        verbose_name_plural = _("văn bản pháp lý")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def save(self, *args: object, **kwargs: object) -> None:
        self.search_folded = fold(" ".join([self.number, self.title, self.issuer]))
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def validity(self, on: dt.date | None = None) -> str:
        """'not_yet', 'in_force' or 'expired' on a day (today by default)."""
        day = on or timezone.localdate()
        if self.effective_from and day < self.effective_from:
            return "not_yet"
        if self.effective_until and day >= self.effective_until:
            return "expired"
        return "in_force"


class VisitDay(models.Model):
    """Distinct visitors of one day (Asia/Ho_Chi_Minh), written by the flush, never per request."""

    day = models.DateField(unique=True)
    visitors = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]

    def __str__(self) -> str:
        return f"{self.day}: {self.visitors}"
