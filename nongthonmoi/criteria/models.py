from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ValueStatus(models.TextChoices):
    DRAFT = "draft", _("nháp")
    SUBMITTED = "submitted", _("đã gửi")
    VERIFIED = "verified", _("huyện đã thẩm định")
    APPROVED = "approved", _("tỉnh đã phê duyệt")
    RETURNED = "returned", _("trả lại để sửa")


class IndicatorValue(models.Model):
    """One unit's value of one indicator of a criteria set for one year.

    `value` keeps the canonical text of the value (a decimal such as "82.5", "true"/"false", or a
    choice code) so the pure engine can parse it back with `criteria.values.parse_value`; `number`
    mirrors numeric and yes/no values (1/0) for SQL aggregates. `version` grows with every change:
    writers send the version they read and a stale version is a conflict, never an overwrite.
    """

    unit = models.ForeignKey(
        "places.AdminUnit", on_delete=models.PROTECT, related_name="indicator_values"
    )
    set_code = models.CharField(_("bộ tiêu chí"), max_length=60)
    year = models.PositiveSmallIntegerField(_("năm"))
    indicator_code = models.CharField(_("chỉ tiêu"), max_length=20)
    value = models.CharField(_("giá trị"), max_length=200, blank=True)
    number = models.DecimalField(max_digits=24, decimal_places=6, null=True, blank=True)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=ValueStatus.choices, default=ValueStatus.DRAFT
    )
    locked = models.BooleanField(_("đã khoá"), default=False)
    comment = models.TextField(_("ghi chú"), blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("giá trị chỉ tiêu")
        verbose_name_plural = _("giá trị chỉ tiêu")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "set_code", "year", "indicator_code"], name="indicator_value_unique"
            )
        ]
        indexes = [models.Index(fields=["set_code", "year", "unit"])]

    def __str__(self) -> str:
        return f"{self.unit} {self.set_code} {self.year} {self.indicator_code} = {self.value}"
