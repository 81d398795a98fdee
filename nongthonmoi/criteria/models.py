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


class ExplanationField(models.JSONField):
    """A JSONField whose bulk inserts use plain VALUES on PostgreSQL.

    Django's UNNEST bulk-insert strategy has psycopg quote arrays of large JSON texts client-side
    with a regular expression; for the engine's explanations (~13 KB each) that took 120 s of
    the 3,321-commune recompute (benchmarks/bench_evaluate.py). A field with `get_placeholder`
    opts the insert out of UNNEST.
    """

    def get_placeholder(self, value: object, compiler: object, connection: object) -> str:
        return "%s"


class ValuesBasis(models.TextChoices):
    """Which stored values an evaluation used: the working picture or the official one."""

    ALL = "all", _("mọi số liệu đã nhập")
    APPROVED = "approved", _("chỉ số liệu đã phê duyệt")


class ProvinceOverlay(models.Model):
    """One version of a province's own thresholds on top of a national set.

    `data` is the loader's `Overlay` in JSON form (`Overlay.model_dump(mode="json")`). Versions are
    never overwritten: each save adds a row with the next version; the latest active one applies.
    """

    province = models.ForeignKey(
        "places.AdminUnit", on_delete=models.PROTECT, related_name="criteria_overlays"
    )
    set_code = models.CharField(_("bộ tiêu chí"), max_length=60)
    code = models.CharField(_("mã bộ của tỉnh"), max_length=80)
    version = models.PositiveIntegerField(_("phiên bản"))
    decision_number = models.CharField(_("số quyết định"), max_length=100, blank=True)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    illustrative = models.BooleanField(_("ngưỡng minh hoạ"), default=False)
    active = models.BooleanField(_("đang áp dụng"), default=True)
    data = models.JSONField(_("ngưỡng (định dạng overlay)"))
    source = models.CharField(_("nguồn"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("bộ tiêu chí của tỉnh")
        verbose_name_plural = _("bộ tiêu chí của tỉnh")
        ordering = ["province", "set_code", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["province", "set_code", "version"], name="province_overlay_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version}"


class Evaluation(models.Model):
    """The stored result of one unit against one set for one year, with the engine's explanation.

    `version_label` and `fingerprint` name the exact rules used (set version + overlay version),
    so a result computed before a province changed its thresholds can still be explained.
    """

    unit = models.ForeignKey(
        "places.AdminUnit", on_delete=models.CASCADE, related_name="criteria_evaluations"
    )
    # The unit's province, copied so province roll-ups are one indexed query.
    province = models.ForeignKey(
        "places.AdminUnit", null=True, on_delete=models.CASCADE, related_name="+"
    )
    set_code = models.CharField(_("bộ tiêu chí"), max_length=60)
    year = models.PositiveSmallIntegerField(_("năm"))
    basis = models.CharField(
        _("cơ sở số liệu"), max_length=10, choices=ValuesBasis.choices, default=ValuesBasis.ALL
    )
    criteria_met = models.PositiveSmallIntegerField(_("số tiêu chí đạt"))
    criteria_total = models.PositiveSmallIntegerField(_("tổng số tiêu chí"))
    meets_standard = models.BooleanField(_("đạt chuẩn"))
    tier_reached = models.CharField(_("mức đạt"), max_length=20, blank=True)
    criteria_status = models.JSONField(default=dict)  # criterion code -> met/not_met/no_data/…
    missing_indicators = models.JSONField(default=list)
    no_data_indicators = models.JSONField(default=list)
    no_threshold_indicators = models.JSONField(default=list)
    explanation = ExplanationField(default=dict)  # engine UnitResult.to_dict()
    illustrative = models.BooleanField(default=False)
    version_label = models.CharField(_("phiên bản quy tắc"), max_length=200)
    fingerprint = models.CharField(max_length=32)
    computed_at = models.DateTimeField(_("tính lúc"))

    class Meta:
        verbose_name = _("kết quả đánh giá")
        verbose_name_plural = _("kết quả đánh giá")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "set_code", "year", "basis"], name="evaluation_unique"
            )
        ]
        indexes = [models.Index(fields=["set_code", "year", "basis", "province"])]

    def __str__(self) -> str:
        return f"{self.unit} {self.set_code} {self.year}: {self.criteria_met}/{self.criteria_total}"


class EvaluationSummary(models.Model):
    """Dashboard counts for one province (or the nation), filled bottom-up from Evaluation rows."""

    NATION = "nation"

    scope_key = models.CharField(max_length=20)  # "nation" or "<structure>:<province code>"
    scope_unit = models.ForeignKey(
        "places.AdminUnit", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    set_code = models.CharField(max_length=60)
    year = models.PositiveSmallIntegerField()
    basis = models.CharField(max_length=10, choices=ValuesBasis.choices)
    units_total = models.PositiveIntegerField(default=0)
    units_evaluated = models.PositiveIntegerField(default=0)
    meets_standard = models.PositiveIntegerField(default=0)
    by_criteria_met = models.JSONField(default=dict)  # "7" -> number of units with 7 criteria met
    by_tier = models.JSONField(default=dict)  # "standard" / "none" -> count
    by_criterion = models.JSONField(default=dict)  # "3" -> {"met": n, "not_met": n, …}
    missing_by_indicator = models.JSONField(default=dict)  # "3.a" -> units not meeting it
    illustrative = models.BooleanField(default=False)
    computed_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["scope_key", "set_code", "year", "basis"], name="evaluation_summary_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scope_key} {self.set_code} {self.year} {self.basis}"

    @property
    def share_meeting(self) -> float:
        return 100.0 * self.meets_standard / self.units_total if self.units_total else 0.0
