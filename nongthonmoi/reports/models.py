from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from nongthonmoi.core.files import PrivateStorage


def private_storage() -> FileSystemStorage:
    """Report files are never under MEDIA_ROOT (served in DEBUG): the download view checks scope."""
    return PrivateStorage()


class Status(models.TextChoices):
    DRAFT = "draft", _("dự thảo")
    REVIEWED = "reviewed", _("đã rà soát")
    SIGNED_OFF = "signed_off", _("đã ký duyệt")
    SENT = "sent", _("đã gửi lên")


class PeriodKind(models.TextChoices):
    HALF_YEAR = "half_year", _("6 tháng")
    YEAR = "year", _("năm")
    PHASE = "phase", _("cuối giai đoạn 2021–2025")


class Report(models.Model):
    """One report of a province (or the nation, province=None) for one period and definition.

    Numbers are never stored here: they live in each generation's snapshot (`Generation`). The
    report holds the staff-written text sections and the workflow state.
    """

    definition_code = models.CharField(_("mẫu báo cáo"), max_length=60)
    period_kind = models.CharField(_("kỳ báo cáo"), max_length=10, choices=PeriodKind.choices)
    year = models.PositiveSmallIntegerField(_("năm"))
    half = models.PositiveSmallIntegerField(_("nửa năm"), default=0)  # 1, 2; 0 = not a half
    province = models.ForeignKey(
        "places.AdminUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("tỉnh"),
    )
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.DRAFT
    )
    texts = models.JSONField(_("nội dung do cán bộ viết"), default=dict, blank=True)
    signed_generation = models.ForeignKey(
        "Generation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-year", "-half", "province__code", "definition_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["definition_code", "year", "half", "province"],
                condition=models.Q(province__isnull=False),
                name="report_unique_per_province_period",
            ),
            models.UniqueConstraint(
                fields=["definition_code", "year", "half"],
                condition=models.Q(province__isnull=True),
                name="report_unique_national_per_period",
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.definition_code} {self.year}/{self.half or '-'} {self.province or 'toàn quốc'}"
        )


class GenerationStatus(models.TextChoices):
    QUEUED = "queued", _("đang chờ")
    RUNNING = "running", _("đang tạo")
    DONE = "done", _("hoàn thành")
    FAILED = "failed", _("lỗi")


class Generation(models.Model):
    """One production of a report's files, with the data snapshot it was made from.

    `snapshot` holds every provider's table as JSON and `snapshot_at` the moment it was taken;
    a generation made `from_snapshot` of another reuses those tables, so the files come out the
    same numbers however the live data changed since.
    """

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="generations")
    status = models.CharField(
        max_length=10, choices=GenerationStatus.choices, default=GenerationStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)  # percent
    step = models.CharField(max_length=200, blank=True)
    from_snapshot = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    snapshot = models.JSONField(default=dict, blank=True)
    snapshot_at = models.DateTimeField(null=True, blank=True)
    xlsx = models.FileField(storage=private_storage, upload_to="reports/%Y/", blank=True)
    pdf = models.FileField(storage=private_storage, upload_to="reports/%Y/", blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.report} #{self.pk} {self.status}"

    @property
    def is_finished(self) -> bool:
        return self.status in {GenerationStatus.DONE, GenerationStatus.FAILED}
