"""Deterministic demo data: Cao Bằng on both maps, users for every role at realistic units.

Idempotent: running it again changes nothing. Attributes set here are illustrative, and say so.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from nongthonmoi.accounts.models import Assignment, User
from nongthonmoi.accounts.roles import Role
from nongthonmoi.places.models import AdminUnit, Kind, Level, Structure

SEED = 20221117  # the date of the conference in the seed article
DEMO_NOTE = "Dữ liệu minh hoạ (demo) — không phải số liệu chính thức"
PROVINCE = "04"  # Cao Bằng, same GSO code on both maps
COMMUNE_A = "01290"  # Xã Bảo Lâm (2025 map)
COMMUNE_B = "01294"  # Xã Lý Bôn (2025 map)
OTHER_PROVINCE = "20"  # Lạng Sơn (2025 map)
OLD_DISTRICT = "042"  # Huyện Bảo Lâm (2021 map)


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    role: Role
    structure: str | None
    unit_code: str | None
    title: str

    @property
    def unit_label(self) -> str:
        return self.unit_code or "toàn quốc"


DEMO_USERS = [
    DemoUser("quantri", "Quản trị hệ thống", Role.ADMINISTRATOR, None, None, "Quản trị viên"),
    DemoUser(
        "trunguong",
        "Nguyễn Văn Trung",
        Role.CENTRAL_VIEWER,
        None,
        None,
        "Chuyên viên Văn phòng Điều phối NTM Trung ương",
    ),
    DemoUser(
        "tinh.caobang",
        "Hoàng Thị Bằng",
        Role.PROVINCE_APPROVER,
        Structure.NEW,
        PROVINCE,
        "Chuyên viên Văn phòng Điều phối NTM tỉnh Cao Bằng",
    ),
    DemoUser(
        "tinh.langson",
        "Lương Văn Sơn",
        Role.PROVINCE_APPROVER,
        Structure.NEW,
        OTHER_PROVINCE,
        "Chuyên viên Văn phòng Điều phối NTM tỉnh Lạng Sơn",
    ),
    DemoUser(
        "xa.baolam",
        "Nông Văn Lâm",
        Role.COMMUNE_OFFICER,
        Structure.NEW,
        COMMUNE_A,
        "Công chức Nông nghiệp - Môi trường xã Bảo Lâm",
    ),
    DemoUser(
        "xa.lybon",
        "Lục Thị Bôn",
        Role.COMMUNE_OFFICER,
        Structure.NEW,
        COMMUNE_B,
        "Công chức Nông nghiệp - Môi trường xã Lý Bôn",
    ),
    DemoUser(
        "huyen.baolam",
        "Triệu Văn Huyện",
        Role.DISTRICT_REVIEWER,
        Structure.OLD,
        OLD_DISTRICT,
        "Chuyên viên Phòng Nông nghiệp huyện Bảo Lâm (dữ liệu 2021–2025)",
    ),
    DemoUser(
        "ocop.thuky",
        "Đàm Thị Thư",
        Role.OCOP_COUNCIL_SECRETARY,
        Structure.NEW,
        PROVINCE,
        "Thư ký Hội đồng đánh giá, phân hạng sản phẩm OCOP tỉnh",
    ),
    DemoUser(
        "ocop.tv1",
        "Bế Văn Một",
        Role.OCOP_COUNCIL_MEMBER,
        Structure.NEW,
        PROVINCE,
        "Thành viên Hội đồng OCOP tỉnh",
    ),
    DemoUser(
        "ocop.tv2",
        "Hà Thị Hai",
        Role.OCOP_COUNCIL_MEMBER,
        Structure.NEW,
        PROVINCE,
        "Thành viên Hội đồng OCOP tỉnh",
    ),
    DemoUser(
        "ocop.tv3",
        "La Văn Ba",
        Role.OCOP_COUNCIL_MEMBER,
        Structure.NEW,
        PROVINCE,
        "Thành viên Hội đồng OCOP tỉnh",
    ),
    DemoUser(
        "chuthe.baolam",
        "HTX Nông sản Bảo Lâm",
        Role.OCOP_PRODUCER,
        Structure.NEW,
        COMMUNE_A,
        "Chủ thể OCOP (hợp tác xã)",
    ),
    DemoUser(
        "bientap",
        "Vi Thị Biên",
        Role.PORTAL_EDITOR,
        Structure.NEW,
        PROVINCE,
        "Biên tập viên Cổng thông tin NTM tỉnh",
    ),
    DemoUser(
        "duyetbai",
        "Mã Văn Duyệt",
        Role.PORTAL_REVIEWER,
        Structure.NEW,
        PROVINCE,
        "Người duyệt bài Cổng thông tin NTM tỉnh",
    ),
]


def _unit(structure: str | None, code: str | None) -> AdminUnit | None:
    if code is None:
        return None
    return AdminUnit.objects.get(structure=structure, code=code)


def load_users() -> int:
    created = 0
    for spec in DEMO_USERS:
        user, was_created = User.objects.get_or_create(
            username=spec.username,
            defaults={
                "full_name": spec.full_name,
                "job_title": spec.title,
                "email": f"{spec.username}@demo.nongthonmoi.local",
                "is_staff": spec.role == Role.ADMINISTRATOR,
                "is_superuser": spec.role == Role.ADMINISTRATOR,
            },
        )
        if was_created:
            user.set_password(settings.DEMO_PASSWORD)
            user.save(update_fields=["password"])
            created += 1
        Assignment.objects.get_or_create(
            user=user, role=spec.role, unit=_unit(spec.structure, spec.unit_code)
        )
    return created


def _illustrative_attributes(unit: AdminUnit, rng: random.Random) -> dict[str, object]:
    """Plausible attributes for a mountain border province's commune (illustrative only)."""
    is_ward = unit.kind == Kind.PHUONG
    group = 1 if is_ward else (3 if rng.random() < 0.8 else 2)
    return {
        "commune_group": group,
        "is_mountainous": True,
        "is_border": (not is_ward) and rng.random() < 0.3,
        "ethnic_area": "" if is_ward else rng.choice(["II", "III", "III"]),
        "is_specially_difficult": (not is_ward) and rng.random() < 0.25,
        "is_safe_zone": (not is_ward) and rng.random() < 0.1,
        "attributes_note": DEMO_NOTE,
    }


def assign_attributes(units: list[AdminUnit], seed: int) -> int:
    """Set illustrative attributes where they differ; returns how many units changed."""
    rng = random.Random(seed)
    changed = []
    now = timezone.now()
    for unit in units:
        wanted = _illustrative_attributes(unit, rng)
        if any(getattr(unit, k) != v for k, v in wanted.items()):
            for key, value in wanted.items():
                setattr(unit, key, value)
            unit.attributes_set_at = now
            changed.append(unit)
    AdminUnit.objects.bulk_update(changed, [*wanted, "attributes_set_at"], batch_size=1000)
    return len(changed)


@transaction.atomic
def load() -> list[str]:
    communes = list(
        AdminUnit.objects.filter(
            structure=Structure.NEW, level=Level.COMMUNE, province__code=PROVINCE
        ).order_by("code")
    )
    changed = assign_attributes(communes, SEED)
    created = load_users()
    return [
        f"demo users: {created} created",
        f"Cao Bằng communes with illustrative attributes: {changed} updated",
    ]


@transaction.atomic
def load_national() -> list[str]:
    """National-scale attributes for benchmarks: every 2025 commune gets illustrative attributes."""
    communes = list(
        AdminUnit.objects.filter(structure=Structure.NEW, level=Level.COMMUNE).order_by("code")
    )
    changed = assign_attributes(communes, SEED + 1)
    return [f"national communes with illustrative attributes: {changed} updated"]


def logins() -> list[tuple[str, str, str]]:
    """(username, role label, unit name) for printing after `make run`."""
    from nongthonmoi.accounts.models import ROLE_LABELS

    rows = []
    for spec in DEMO_USERS:
        unit = _unit(spec.structure, spec.unit_code)
        rows.append(
            (spec.username, str(ROLE_LABELS[spec.role]), unit.name if unit else "Toàn quốc")
        )
    return rows
