from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from .roles import Role

ROLE_LABELS = {
    Role.COMMUNE_OFFICER: _("Cán bộ xã"),
    Role.DISTRICT_REVIEWER: _("Cán bộ thẩm định huyện (dữ liệu 2021–2025)"),
    Role.PROVINCE_APPROVER: _("Văn phòng điều phối NTM tỉnh (phê duyệt)"),
    Role.CENTRAL_VIEWER: _("Văn phòng điều phối NTM Trung ương (theo dõi)"),
    Role.OCOP_COUNCIL_MEMBER: _("Thành viên Hội đồng OCOP"),
    Role.OCOP_COUNCIL_SECRETARY: _("Thư ký Hội đồng OCOP"),
    Role.OCOP_PRODUCER: _("Chủ thể OCOP"),
    Role.PORTAL_EDITOR: _("Biên tập viên cổng thông tin"),
    Role.PORTAL_REVIEWER: _("Người duyệt bài cổng thông tin"),
    Role.ADMINISTRATOR: _("Quản trị hệ thống"),
}


class User(AbstractUser):
    full_name = models.CharField(_("họ và tên"), max_length=200, blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    job_title = models.CharField(_("chức vụ"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    def __str__(self) -> str:
        return self.full_name or self.username


class Assignment(models.Model):
    """A role held by a user at an administrative unit (no unit = the whole nation)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(
        _("vai trò"), max_length=40, choices=[(r.value, ROLE_LABELS[r]) for r in Role]
    )
    unit = models.ForeignKey(
        "places.AdminUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("đơn vị"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "unit"], name="assignment_unique"),
        ]

    def __str__(self) -> str:
        where = self.unit.name if self.unit else _("Toàn quốc")
        return f"{ROLE_LABELS[Role(self.role)]} — {where}"

    @property
    def role_label(self) -> str:
        return str(ROLE_LABELS[Role(self.role)])


class ApiToken(models.Model):
    """A personal API token; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("tên"), max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    prefix = models.CharField(max_length=8)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("mã truy cập API")
        verbose_name_plural = _("mã truy cập API")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash(raw: str) -> str:
        return hashlib.sha256(raw.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, name: str) -> tuple[ApiToken, str]:
        raw = "ntm_" + secrets.token_urlsafe(32)
        token = cls.objects.create(user=user, name=name, digest=cls.hash(raw), prefix=raw[:8])
        return token, raw
