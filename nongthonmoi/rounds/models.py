"""Reporting rounds: who reports which criteria set for which year, and how far each unit got.

The values themselves live in `criteria.IndicatorValue` (shared with the evaluation pages); this
app adds the workflow around them: the round, each unit's status in it, evidence files, the
reviewer's flags, the full history of every value, notifications, Excel imports and recognition.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from nongthonmoi.core.files import PrivateStorage


def private_storage() -> FileSystemStorage:
    """Evidence and uploads are never under MEDIA_ROOT (served publicly in DEBUG): views check scope.

    Named here because migrations refer to it (also used by the OCOP app's documents)."""
    return PrivateStorage()


class Round(models.Model):
    """A province asks its communes to report one criteria set for one year by a due date."""

    set_code = models.CharField(_("bộ tiêu chí"), max_length=60)
    year = models.PositiveSmallIntegerField(_("năm"))
    province = models.ForeignKey(
        "places.AdminUnit", on_delete=models.PROTECT, related_name="+", verbose_name=_("tỉnh")
    )
    title = models.CharField(_("tên đợt"), max_length=200)
    opens_on = models.DateField(_("mở từ ngày"))
    due_on = models.DateField(_("hạn nộp"))
    # A file name in criteria/illustrative/ used when the province has no overlay of its own;
    # every page showing a threshold from it says "Ngưỡng minh hoạ — không phải số liệu chính thức".
    illustrative_overlay = models.CharField(_("ngưỡng minh hoạ"), max_length=100, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-year", "province__code", "set_code"]
        verbose_name = _("đợt báo cáo")
        verbose_name_plural = _("đợt báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["province", "set_code", "year"], name="round_unique")
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def structure(self) -> str:
        return self.province.structure

    @property
    def needs_district_verification(self) -> bool:
        """Only the 2021–2025 map has districts; from 1/7/2025 the province reviews directly."""
        return self.province.structure == "2021"


class UnitStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("chưa nhập")
    DRAFT = "draft", _("đang nhập")
    SUBMITTED = "submitted", _("đã gửi")
    VERIFIED = "verified", _("huyện đã thẩm tra")
    APPROVED = "approved", _("đã phê duyệt")
    RETURNED = "returned", _("bị trả lại")


EDITABLE_STATUSES = {UnitStatus.NOT_STARTED, UnitStatus.DRAFT, UnitStatus.RETURNED}


class RoundUnit(models.Model):
    """One reporting unit (commune) in a round, with its place in the review chain."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="units")
    unit = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=UnitStatus.choices, default=UnitStatus.NOT_STARTED
    )
    return_comment = models.TextField(_("lý do trả lại"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit__code"]
        verbose_name = _("đơn vị báo cáo")
        verbose_name_plural = _("đơn vị báo cáo")
        constraints = [models.UniqueConstraint(fields=["round", "unit"], name="round_unit_unique")]
        indexes = [models.Index(fields=["round", "status"])]

    def __str__(self) -> str:
        return f"{self.round} — {self.unit}"

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE_STATUSES


class ValueFlag(models.Model):
    """A reviewer's note on one value ("kiểm tra lại"), or the reason a single value was unlocked."""

    round_unit = models.ForeignKey(RoundUnit, on_delete=models.CASCADE, related_name="flags")
    indicator_code = models.CharField(max_length=20)
    comment = models.TextField(_("nhận xét"))
    is_unlock = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.indicator_code}: {self.comment[:60]}"


class Evidence(models.Model):
    """A file proving one value (minutes, photos, decisions); checked by content, not by name."""

    round_unit = models.ForeignKey(RoundUnit, on_delete=models.CASCADE, related_name="evidence")
    indicator_code = models.CharField(max_length=20)
    file = models.FileField(storage=private_storage, upload_to="evidence/%Y/")
    original_name = models.CharField(max_length=200)
    kind = models.CharField(max_length=10)  # pdf, png, jpeg, docx, xlsx …
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["indicator_code", "uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class ValueChange(models.Model):
    """Every change of a value or its state: who, when, old → new, why. Written by the services."""

    value = models.ForeignKey(
        "criteria.IndicatorValue", on_delete=models.CASCADE, related_name="changes"
    )
    round_unit = models.ForeignKey(
        RoundUnit, null=True, on_delete=models.SET_NULL, related_name="changes"
    )
    action = models.CharField(max_length=20)  # edit import submit verify return approve unlock
    old_value = models.CharField(max_length=200, blank=True)
    new_value = models.CharField(max_length=200, blank=True)
    old_status = models.CharField(max_length=12, blank=True)
    new_status = models.CharField(max_length=12, blank=True)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.action} {self.old_value} → {self.new_value}"


class Notification(models.Model):
    """An in-app message (also e-mailed) when a report is returned or approved."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="round_notifications"
    )
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.text[:80]


class ImportStatus(models.TextChoices):
    PENDING = "pending", _("đang chờ")
    RUNNING = "running", _("đang xử lý")
    DONE = "done", _("đã nhập")
    FAILED = "failed", _("bị từ chối")


class ImportJob(models.Model):
    """One uploaded workbook; checked in full before anything is written (all or nothing)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="imports")
    scope_unit = models.ForeignKey(
        "places.AdminUnit", on_delete=models.PROTECT, related_name="+"
    )  # the commune or province the uploader acted for: the access check of the job page
    file = models.FileField(storage=private_storage, upload_to="imports/%Y/")
    original_name = models.CharField(max_length=200)
    status = models.CharField(
        max_length=10, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    changed_values = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def percent(self) -> int:
        if not self.total_rows:
            return 0 if self.status in (ImportStatus.PENDING, ImportStatus.RUNNING) else 100
        return min(100, round(100 * self.processed_rows / self.total_rows))


class Recognition(models.Model):
    """A province's decision that a unit reached a tier in a year; may later be withdrawn."""

    unit = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    set_code = models.CharField(_("bộ tiêu chí"), max_length=60)
    tier = models.CharField(_("mức"), max_length=20)
    year = models.PositiveSmallIntegerField(_("năm"))
    decision_number = models.CharField(_("số quyết định"), max_length=60)
    decision_date = models.DateField(_("ngày quyết định"))
    signer = models.CharField(_("người ký"), max_length=120)
    decision_file = models.FileField(storage=private_storage, upload_to="decisions/%Y/", blank=True)
    decision_sha256 = models.CharField(max_length=64, blank=True)
    # the approved evaluation it rests on (criteria met, tier) or the documented override
    evaluation = models.JSONField(default=dict)
    override_reason = models.TextField(_("lý do công nhận ngoại lệ"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_on = models.DateField(_("ngày thu hồi"), null=True, blank=True)
    withdrawal_decision = models.CharField(_("quyết định thu hồi"), max_length=60, blank=True)
    withdrawal_reason = models.TextField(_("lý do thu hồi"), blank=True)
    withdrawal_assessment = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-year", "unit__code"]
        verbose_name = _("công nhận")
        verbose_name_plural = _("công nhận")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "set_code", "year"],
                condition=models.Q(withdrawn_on__isnull=True),
                name="recognition_active_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.tier} {self.year} ({self.decision_number})"

    @property
    def is_override(self) -> bool:
        return bool(self.override_reason)
