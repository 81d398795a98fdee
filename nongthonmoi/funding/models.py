"""Money as dated rows: provincial rules, allocation decisions, disbursements, mobilised resources.

Nothing here holds an overwritten total. An allocation is the sum of its decisions, a disbursed
amount the sum of its disbursements; a changed provincial rule is a new version. Amounts are
integer đồng. The national rules stay YAML files in `rules/` (read-only in the application).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FundKind(models.TextChoices):
    INVESTMENT = "investment", _("Vốn đầu tư phát triển")
    RECURRENT = "recurrent", _("Vốn sự nghiệp")


class ProvincialRule(models.Model):
    """A province's own allocation coefficients (HĐND resolution), one row per version."""

    province = models.ForeignKey(
        "places.AdminUnit", on_delete=models.PROTECT, related_name="funding_rules"
    )
    code = models.CharField(_("mã quy định"), max_length=60)
    version = models.PositiveIntegerField(_("phiên bản"))
    resolution_number = models.CharField(_("số nghị quyết"), max_length=100)
    resolution_date = models.DateField(_("ngày nghị quyết"))
    text = models.TextField(_("nội dung quy định (YAML)"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["province__code", "code", "-version"]
        verbose_name = _("quy định phân bổ của tỉnh")
        verbose_name_plural = _("quy định phân bổ của tỉnh")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "code", "version"], name="funding_rule_version_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} v{self.version} ({self.resolution_number})"

    @property
    def key(self) -> str:
        """How the what-if form names this rule version."""
        return f"p{self.pk}"


class AllocationDecision(models.Model):
    """One unit's share of one decision: from a unit to a unit, for a year and fund kind."""

    from_unit = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    to_unit = models.ForeignKey(
        "places.AdminUnit", on_delete=models.PROTECT, related_name="funding_allocations"
    )
    # The receiving unit's province, copied so province roll-ups and publication are one filter.
    province = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    fund_kind = models.CharField(_("loại vốn"), max_length=12, choices=FundKind.choices)
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    decision_number = models.CharField(_("số quyết định"), max_length=100)
    decision_date = models.DateField(_("ngày quyết định"))
    rule_code = models.CharField(_("quy định áp dụng"), max_length=80)
    coefficient = models.DecimalField(_("hệ số"), max_digits=14, decimal_places=4, null=True)
    breakdown = models.CharField(_("cách tính hệ số"), max_length=500, blank=True)
    # total, rounding unit, rule version and legal source, changed coefficients and commune
    # attributes: enough to recompute this row
    parameters = models.JSONField(_("tham số"), default=dict)
    batch = models.CharField(max_length=32, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "to_unit__code", "fund_kind", "decision_date"]
        verbose_name = _("quyết định phân bổ")
        verbose_name_plural = _("quyết định phân bổ")
        constraints = [
            models.UniqueConstraint(
                fields=["from_unit", "decision_number", "to_unit", "fund_kind"],
                name="funding_decision_line_unique",
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="funding_amount_gte_0"),
        ]
        indexes = [models.Index(fields=["province", "year", "fund_kind"])]

    def __str__(self) -> str:
        return f"{self.decision_number} → {self.to_unit} ({self.year}, {self.fund_kind})"


class Disbursement(models.Model):
    """Money actually paid out against one allocation decision."""

    class Source(models.TextChoices):
        FORM = "form", _("nhập trên trang")
        IMPORT = "import", _("nhập từ tệp Excel")

    allocation = models.ForeignKey(
        AllocationDecision, on_delete=models.PROTECT, related_name="disbursements"
    )
    date = models.DateField(_("ngày giải ngân"))
    amount = models.BigIntegerField(_("số tiền (đồng)"))
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FORM)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("giải ngân")
        verbose_name_plural = _("giải ngân")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="funding_disbursed_gt_0")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.amount} ({self.allocation})"


class MobilisationSource(models.TextChoices):
    CENTRAL_BUDGET = "central", _("Ngân sách trung ương")
    LOCAL_BUDGET = "local", _("Ngân sách địa phương")
    INTEGRATED = "integrated", _("Lồng ghép từ các chương trình MTQG khác")
    CREDIT = "credit", _("Vốn tín dụng")
    ENTERPRISES = "enterprises", _("Doanh nghiệp, hợp tác xã")
    COMMUNITY = "community", _("Cộng đồng dân cư đóng góp")


class MobilisationForm(models.TextChoices):
    MONEY = "money", _("Tiền")
    IN_KIND = "in_kind", _("Hiện vật, ngày công (quy ra tiền)")


class Mobilisation(models.Model):
    """Resources mobilised by a unit in a year from one source (money, or in kind valued in đồng)."""

    unit = models.ForeignKey(
        "places.AdminUnit", on_delete=models.PROTECT, related_name="funding_mobilisations"
    )
    province = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    source = models.CharField(_("nguồn"), max_length=12, choices=MobilisationSource.choices)
    form = models.CharField(
        _("hình thức"), max_length=8, choices=MobilisationForm.choices, default="money"
    )
    amount = models.BigIntegerField(_("giá trị (đồng)"))
    description = models.CharField(_("nội dung"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-year", "unit__code", "source"]
        verbose_name = _("nguồn lực huy động")
        verbose_name_plural = _("nguồn lực huy động")
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="funding_mobilised_gt_0")
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year} {self.source}: {self.amount}"


class PublishedYear(models.Model):
    """A province's decision to make a year's money public; withdrawing keeps the row."""

    province = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm"))
    published_at = models.DateTimeField(_("công bố lúc"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    withdrawn_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["province__code", "-year"]
        verbose_name = _("năm đã công bố")
        verbose_name_plural = _("năm đã công bố")
        constraints = [
            models.UniqueConstraint(
                fields=["province", "year"],
                condition=models.Q(withdrawn_at__isnull=True),
                name="funding_published_year_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.province} {self.year}"
