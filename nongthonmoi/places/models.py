from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from nongthonmoi.core.text import fold


class Structure(models.TextChoices):
    """The two administrative maps: 3-level until 30 June 2025, 2-level from 1 July 2025."""

    OLD = "2021", _("Bản đồ 2021–2025 (63 tỉnh, 3 cấp)")
    NEW = "2025", _("Bản đồ từ 1/7/2025 (34 tỉnh, 2 cấp)")


class Level(models.TextChoices):
    PROVINCE = "province", _("tỉnh")
    DISTRICT = "district", _("huyện")
    COMMUNE = "commune", _("xã")


class Kind(models.TextChoices):
    TINH = "tinh", _("Tỉnh")
    THANH_PHO_TW = "thanh_pho_tw", _("Thành phố trực thuộc trung ương")
    HUYEN = "huyen", _("Huyện")
    QUAN = "quan", _("Quận")
    THI_XA = "thi_xa", _("Thị xã")
    THANH_PHO = "thanh_pho", _("Thành phố thuộc tỉnh")
    XA = "xa", _("Xã")
    PHUONG = "phuong", _("Phường")
    THI_TRAN = "thi_tran", _("Thị trấn")
    DAC_KHU = "dac_khu", _("Đặc khu")


class Region(models.TextChoices):
    """The 7 socio-economic regions used by the 2021–2025 criteria (editable per old province)."""

    TDMNPB = "TDMNPB", _("Trung du và miền núi phía Bắc")
    DBSH = "DBSH", _("Đồng bằng sông Hồng")
    BTB = "BTB", _("Bắc Trung Bộ")
    DHNTB = "DHNTB", _("Duyên hải Nam Trung Bộ")
    TN = "TN", _("Tây Nguyên")
    DNB = "DNB", _("Đông Nam Bộ")
    DBSCL = "DBSCL", _("Đồng bằng sông Cửu Long")


class CommuneGroup(models.IntegerChoices):
    """Commune groups of Decision 51/2025 (2026–2030 criteria)."""

    GROUP_1 = 1, _("Nhóm 1: giáp đô thị hoặc nông nghiệp dưới 10% cơ cấu kinh tế")
    GROUP_2 = 2, _("Nhóm 2: các xã còn lại")
    GROUP_3 = 3, _("Nhóm 3: vùng đồng bào dân tộc thiểu số và miền núi khu vực II, III")


class EthnicArea(models.TextChoices):
    NONE = "", _("không")
    I = "I", _("khu vực I")  # noqa: E741
    II = "II", _("khu vực II")
    III = "III", _("khu vực III")


class AdminUnit(models.Model):
    """A province, district or commune on one of the two maps, identified by its GSO code."""

    structure = models.CharField(_("bản đồ"), max_length=4, choices=Structure.choices)
    code = models.CharField(_("mã"), max_length=10)
    name = models.CharField(_("tên"), max_length=200)
    name_folded = models.CharField(max_length=200, db_index=True, editable=False)
    level = models.CharField(_("cấp"), max_length=10, choices=Level.choices)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("đơn vị cấp trên"),
    )
    # Per-level ancestor columns: "all communes under X" is one indexed equality query.
    province = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    district = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)

    # Attributes used by the criteria and funding rules; editable by the province.
    region = models.CharField(_("vùng"), max_length=10, choices=Region.choices, blank=True)
    commune_group = models.PositiveSmallIntegerField(
        _("nhóm xã (2026–2030)"), choices=CommuneGroup.choices, null=True, blank=True
    )
    is_mountainous = models.BooleanField(_("miền núi"), default=False)
    is_island = models.BooleanField(_("hải đảo"), default=False)
    is_border = models.BooleanField(_("biên giới"), default=False)
    ethnic_area = models.CharField(
        _("vùng đồng bào DTTS"), max_length=3, choices=EthnicArea.choices, blank=True
    )
    is_specially_difficult = models.BooleanField(_("đặc biệt khó khăn"), default=False)
    is_safe_zone = models.BooleanField(_("an toàn khu (ATK)"), default=False)
    attributes_set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("người cập nhật thuộc tính"),
    )
    attributes_set_at = models.DateTimeField(_("cập nhật thuộc tính lúc"), null=True, blank=True)
    attributes_note = models.CharField(_("ghi chú thuộc tính"), max_length=300, blank=True)

    class Meta:
        ordering = ["structure", "code"]
        verbose_name = _("đơn vị hành chính")
        verbose_name_plural = _("đơn vị hành chính")
        constraints = [
            models.UniqueConstraint(fields=["structure", "code"], name="unit_code_unique"),
        ]
        indexes = [
            models.Index(fields=["structure", "level", "province"]),
            models.Index(fields=["structure", "level", "district"]),
            models.Index(fields=["structure", "level", "code"]),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def flags(self) -> list[str]:
        """Short flag codes as used by the criteria and funding inputs (e.g. ['dbkk', 'atk'])."""
        result = []
        if self.is_specially_difficult:
            result.append("dbkk")
        if self.is_safe_zone:
            result.append("atk")
        if self.is_border:
            result.append("border")
        if self.is_island:
            result.append("island")
        if self.is_mountainous:
            result.append("mountainous")
        if self.kind == Kind.DAC_KHU:
            result.append("special_zone")
        if self.ethnic_area:
            result.append(f"region{len(self.ethnic_area)}")
        return result

    def flag_labels(self) -> list[str]:
        """Human labels of the flags, for pages."""
        labels = {
            "dbkk": _("đặc biệt khó khăn"),
            "atk": _("an toàn khu (ATK)"),
            "border": _("biên giới"),
            "island": _("hải đảo"),
            "mountainous": _("miền núi"),
            "special_zone": _("Đặc khu"),
        }
        result = [str(labels[f]) for f in self.flags if f in labels]
        if self.ethnic_area:
            result.append(f"{_('vùng đồng bào DTTS')} {self.get_ethnic_area_display()}")
        return result

    def ancestors(self) -> list[AdminUnit]:
        """Province first, then district (if any); excludes the unit itself."""
        chain = []
        if self.province_id and self.province_id != self.pk:
            chain.append(self.province)
        if self.district_id and self.district_id != self.pk:
            chain.append(self.district)
        return [unit for unit in chain if unit is not None]


class UnitSuccession(models.Model):
    """Old (2021 map) commune → new (2025 map) commune; many-to-many, with an indicative share."""

    old = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="successors")
    new = models.ForeignKey(AdminUnit, on_delete=models.CASCADE, related_name="predecessors")
    share = models.DecimalField(max_digits=6, decimal_places=4, null=True, blank=True)
    source = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("kế thừa đơn vị")
        verbose_name_plural = _("kế thừa đơn vị")
        constraints = [models.UniqueConstraint(fields=["old", "new"], name="succession_unique")]

    def __str__(self) -> str:
        return f"{self.old} → {self.new}"
