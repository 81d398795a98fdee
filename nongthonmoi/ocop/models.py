"""OCOP registry, dossiers (Quyết định 26/2026/QĐ-TTg procedure), council scoring, certificates."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nongthonmoi.core.text import fold
from nongthonmoi.rounds.models import private_storage


class ProducerKind(models.TextChoices):
    # Điều 2.3; associations and operators only for the tourism group (VI)
    COOPERATIVE = "cooperative", _("Hợp tác xã")
    COOPERATIVE_GROUP = "coop_group", _("Tổ hợp tác")
    ENTERPRISE = "enterprise", _("Doanh nghiệp nhỏ và vừa")
    FARM = "farm", _("Trang trại")
    HOUSEHOLD = "household", _("Hộ sản xuất có đăng ký kinh doanh")
    ASSOCIATION = "association", _("Hội, hiệp hội (du lịch)")
    OPERATOR = "operator", _("Trung tâm điều hành, tổ chức tương đương (du lịch)")


TOURISM_ONLY_KINDS = {ProducerKind.ASSOCIATION, ProducerKind.OPERATOR}
TOURISM_GROUP = "VI"


class Producer(models.Model):
    """A chủ thể OCOP at a commune; `members` are the producer accounts that act for it."""

    name = models.CharField(_("tên chủ thể"), max_length=200)
    name_folded = models.CharField(max_length=200, editable=False, db_index=True)
    kind = models.CharField(_("loại hình"), max_length=20, choices=ProducerKind.choices)
    tax_code = models.CharField(_("mã số thuế / đăng ký kinh doanh"), max_length=20, blank=True)
    legal_representative = models.CharField(_("người đại diện theo pháp luật"), max_length=200)
    representative_is_woman = models.BooleanField(_("người đại diện là phụ nữ"), default=False)
    representative_is_ethnic_minority = models.BooleanField(
        _("người đại diện là người dân tộc thiểu số"), default=False
    )
    representative_has_disability = models.BooleanField(
        _("người đại diện là người khuyết tật"), default=False
    )
    commune = models.ForeignKey(
        "places.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("xã")
    )
    province = models.ForeignKey(
        "places.AdminUnit", on_delete=models.PROTECT, related_name="+", editable=False
    )
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="ocop_producers"
    )
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("chủ thể OCOP")
        verbose_name_plural = _("chủ thể OCOP")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        self.province_id = self.commune.province_id
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_cooperative(self) -> bool:
        return self.kind in {ProducerKind.COOPERATIVE, ProducerKind.COOPERATIVE_GROUP}


class EvidenceDocument(models.Model):
    """A document of the producer's evidence library, attached to as many dossiers as needed.

    The file is internal (business registration, test results…): stored under DATA_DIR/private,
    never under MEDIA_ROOT, and served only by `ocop:evidence_file` after a scope check."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("tên tài liệu"), max_length=300)
    kind = models.CharField(_("loại"), max_length=100, blank=True)
    file = models.FileField(_("tệp"), storage=private_storage, upload_to="ocop/evidence/%Y/")
    valid_until = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("tài liệu minh chứng")
        verbose_name_plural = _("tài liệu minh chứng")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title

    def is_expired(self, today: dt.date) -> bool:
        return self.valid_until is not None and self.valid_until < today


class Product(models.Model):
    producer = models.ForeignKey(Producer, on_delete=models.PROTECT, related_name="products")
    name = models.CharField(_("tên sản phẩm"), max_length=200)
    commune = models.ForeignKey(
        "places.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("xã")
    )
    province = models.ForeignKey(
        "places.AdminUnit", on_delete=models.PROTECT, related_name="+", editable=False
    )
    set_number = models.PositiveSmallIntegerField(_("bộ sản phẩm (Phụ lục I)"))
    group_code = models.CharField(_("nhóm sản phẩm"), max_length=4, editable=False)
    description = models.TextField(_("mô tả"), blank=True)
    packaging = models.CharField(_("quy cách đóng gói"), max_length=300, blank=True)
    traceability_code = models.CharField(_("mã truy xuất nguồn gốc"), max_length=100, blank=True)
    shop_links = models.JSONField(
        _("gian hàng thương mại điện tử"), default=list, blank=True
    )  # [{"label": "Shopee", "url": "https://…"}]
    points_of_sale = models.TextField(_("điểm bán"), blank=True)
    # T-X-STT-năm, assigned when the commune forwards the first dossier
    sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    code = models.CharField(_("mã sản phẩm"), max_length=30, blank=True, db_index=True)
    # the valid certificate's stars (denormalised for the catalogue)
    stars = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    search_folded = models.TextField(editable=False, blank=True)
    is_demo = models.BooleanField(default=False, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("sản phẩm OCOP")
        verbose_name_plural = _("sản phẩm OCOP")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["commune", "sequence"],
                condition=models.Q(sequence__isnull=False),
                name="ocop_product_sequence_per_commune",
            )
        ]
        indexes = [models.Index(fields=["province", "stars"])]

    def __str__(self) -> str:
        return self.name

    def refresh_search(self) -> None:
        parts = [
            self.name,
            self.producer.name,
            self.commune.name,
            self.code,
            self.description[:300],
        ]
        self.search_folded = fold(" ".join(p for p in parts if p))


class ProductPhoto(models.Model):
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(upload_to="ocop/photos/%Y/")  # resized, at most 1200 px
    thumbnail = models.ImageField(upload_to="ocop/thumbs/%Y/")  # at most 400 px
    caption = models.CharField(_("chú thích"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.caption or f"{self.product} #{self.position}"


class DossierKind(models.TextChoices):
    FIRST = "first", _("Đánh giá lần đầu")
    UPGRADE = "upgrade", _("Nâng hạng")
    REEVALUATION = "reevaluation", _("Đánh giá lại")


class DossierStatus(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã nộp, chờ xã kiểm tra")
    RETURNED = "returned", _("Trả lại để bổ sung")
    FORWARDED = "forwarded", _("Xã đã đề nghị lên tỉnh")
    IN_COUNCIL = "in_council", _("Hội đồng tỉnh đang đánh giá")
    CERTIFIED = "certified", _("Được công nhận")
    NOT_CERTIFIED = "not_certified", _("Không đạt 3 sao")
    TO_MINISTRY = "to_ministry", _("Đã gửi Hội đồng cấp trung ương (5 sao)")
    # Điều 7.4.g: the ministry did not recognise 5★ and the province certified nothing from it
    CENTRAL_REFUSED = "central_refused", _("Không được công nhận 5 sao (cấp trung ương)")
    # the council found a "Hồ sơ bị loại khi" condition of the dossier's sheet (Phụ lục II)
    REJECTED = "rejected", _("Không được công nhận — hồ sơ bị loại")


class Dossier(models.Model):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="dossiers")
    commune = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("loại hồ sơ"), max_length=20, choices=DossierKind.choices)
    status = models.CharField(
        _("trạng thái"), max_length=20, choices=DossierStatus.choices, default=DossierStatus.DRAFT
    )
    rulebook = models.CharField(_("bộ tiêu chí"), max_length=20, default="qd-26-2026")
    self_assessment = models.TextField(_("báo cáo tự đánh giá (Mẫu 02)"), blank=True)
    evidence = models.ManyToManyField(EvidenceDocument, blank=True, related_name="dossiers")
    filed_on = models.DateField(_("ngày nộp"), null=True, blank=True)
    commune_deadline = models.DateField(_("hạn xã kiểm tra"), null=True, blank=True)
    # commune assessment (Điều 7.2; Mẫu 03)
    origin_ok = models.BooleanField(_("nguồn gốc sản phẩm"), null=True)
    local_material_ok = models.BooleanField(_("nguyên liệu địa phương"), null=True)
    local_labour_ok = models.BooleanField(_("lao động địa phương"), null=True)
    idea_ok = models.BooleanField(_("nguồn gốc ý tưởng sản phẩm"), null=True)
    local_identity_ok = models.BooleanField(_("tính bản địa, tri thức địa phương"), null=True)
    commune_note = models.TextField(_("nhận xét của xã"), blank=True)
    forwarded_on = models.DateField(_("ngày xã đề nghị"), null=True, blank=True)
    round_year = models.PositiveSmallIntegerField(null=True, blank=True)
    round_number = models.PositiveSmallIntegerField(null=True, blank=True)
    decide_before = models.DateField(_("hạn Hội đồng tỉnh"), null=True, blank=True)
    session = models.ForeignKey(
        "CouncilSession", null=True, blank=True, on_delete=models.SET_NULL, related_name="dossiers"
    )
    average_total = models.DecimalField(max_digits=7, decimal_places=3, null=True, blank=True)
    result_stars = models.PositiveSmallIntegerField(null=True, blank=True)
    result = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("hồ sơ OCOP")
        verbose_name_plural = _("hồ sơ OCOP")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.product.name}"

    @property
    def commune_checks(self) -> list[tuple[str, bool | None]]:
        return [
            (str(self._meta.get_field(name).verbose_name), getattr(self, name))
            for name in COMMUNE_CHECK_FIELDS
        ]


COMMUNE_CHECK_FIELDS = (
    "origin_ok",
    "local_material_ok",
    "local_labour_ok",
    "idea_ok",
    "local_identity_ok",
)


class DossierEvent(models.Model):
    """The dossier's history as the producer and officers see it (returns carry the comment)."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(max_length=40)
    label = models.CharField(max_length=200)
    comment = models.TextField(blank=True)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return self.label


class SessionStatus(models.TextChoices):
    OPEN = "open", _("Đang chấm")
    CLOSED = "closed", _("Đã kết thúc")


class CouncilSession(models.Model):
    """A sitting of the provincial council in one round (Điều 5.1)."""

    province = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    round_number = models.PositiveSmallIntegerField(_("đợt"))
    title = models.CharField(_("tên phiên họp"), max_length=200)
    held_on = models.DateField(_("ngày họp"))
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="ocop_sessions", verbose_name=_("thành viên chấm")
    )
    secretary = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.OPEN
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    minutes_note = models.TextField(_("kết luận của Hội đồng"), blank=True)
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("phiên họp Hội đồng OCOP")
        verbose_name_plural = _("phiên họp Hội đồng OCOP")
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return self.title


class ScoreSheet(models.Model):
    """One member's sheet for one dossier: {criterion code: points as text}."""

    session = models.ForeignKey(CouncilSession, on_delete=models.CASCADE, related_name="sheets")
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="sheets")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    answers = models.JSONField(default=dict)
    total = models.DecimalField(max_digits=7, decimal_places=3)
    stars = models.PositiveSmallIntegerField()
    comment = models.TextField(_("nhận xét"), blank=True)
    submitted_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dossier", "member"], name="ocop_one_sheet_per_member")
        ]
        ordering = ["member__username"]

    def __str__(self) -> str:
        return f"{self.dossier_id}/{self.member_id}: {self.total}"


class CertificateStatus(models.TextChoices):
    VALID = "valid", _("Còn hiệu lực")
    REVOKED = "revoked", _("Đã thu hồi")
    SUPERSEDED = "superseded", _("Đã thay thế bằng quyết định mới")


class Certificate(models.Model):
    product = models.ForeignKey(Product, on_delete=models.PROTECT, related_name="certificates")
    dossier = models.OneToOneField(
        Dossier, null=True, blank=True, on_delete=models.PROTECT, related_name="certificate"
    )
    province = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decided_on = models.DateField(_("ngày quyết định"))
    stars = models.PositiveSmallIntegerField(_("hạng sao"))
    valid_until = models.DateField(_("hiệu lực đến"))
    status = models.CharField(
        max_length=10, choices=CertificateStatus.choices, default=CertificateStatus.VALID
    )
    revoked_on = models.DateField(null=True, blank=True)
    revoked_reason = models.TextField(_("lý do thu hồi"), blank=True)
    is_demo = models.BooleanField(default=False, editable=False)

    class Meta:
        verbose_name = _("giấy chứng nhận OCOP")
        verbose_name_plural = _("giấy chứng nhận OCOP")
        ordering = ["valid_until"]

    def __str__(self) -> str:
        return f"{self.decision_number} — {self.product.name} ({self.stars}★)"

    def is_valid_on(self, day: dt.date) -> bool:
        return self.status == CertificateStatus.VALID and self.decided_on <= day <= self.valid_until


class ExpiryReminder(models.Model):
    """A reminder sent before a certificate expires (one per certificate and stage)."""

    certificate = models.ForeignKey(Certificate, on_delete=models.CASCADE, related_name="reminders")
    stage = models.CharField(max_length=20)  # "window_open" (180 days), "window_closing" (120)
    sent_on = models.DateField()
    recipients = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["certificate", "stage"], name="ocop_reminder_once")
        ]
        ordering = ["-sent_on"]

    def __str__(self) -> str:
        return f"{self.certificate_id} {self.stage} {self.sent_on}"
