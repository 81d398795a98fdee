"""Demo reporting rounds for Cao Bằng (deterministic, idempotent).

* 2026, map 2025, set xa-ntm-2026-2030: official thresholds are unknown, so the round uses the
  illustrative overlay `criteria/illustrative/cao-bang-2026.yaml` and every page says
  "Ngưỡng minh hoạ — không phải số liệu chính thức". A dozen communes have reported: some approved
  (one recognised), some waiting, Xã Bảo Lâm returned with a comment on one value.
* 2024, map 2021, set xa-ntm-2021-2025: communes of the old Bảo Lâm district, verified by the
  district, then approved by the province.

Values are invented (seeded) and entered through the services, so history and audit exist.
Communes without a demo officer are entered by the administrator account.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

from django.db import transaction

from nongthonmoi.accounts.models import User
from nongthonmoi.criteria.models import IndicatorValue
from nongthonmoi.demo import base
from nongthonmoi.places.models import AdminUnit, Level

from . import evaluation, services
from .models import Recognition, Round, RoundUnit, UnitStatus

SEED = 2026
ILLUSTRATIVE = "cao-bang-2026.yaml"


def _plausible(kind: str, comparator: str | None, threshold: object, rng: random.Random) -> str:
    miss = rng.random() < 0.12
    if isinstance(threshold, bool):
        return "Không đạt" if miss else "Đạt"
    if isinstance(threshold, Decimal):
        factor = Decimal(str(round(rng.uniform(0.0, 0.15), 2)))
        up = comparator in (">=", ">")
        if miss:
            up = not up
        value = threshold * (1 + factor) if up else threshold * (1 - factor)
        if up and comparator == ">":
            value += 1
        if kind == "count":
            value = value.to_integral_value()
        return str(round(value, 1))
    if kind in ("boolean", "set_met"):
        return "Đạt"
    return str(rng.randint(50, 100)) if kind in ("number", "percentage", "count") else ""


def _fill(round_: Round, ru: RoundUnit, officer: User, rng: random.Random) -> None:
    result = evaluation.evaluate(round_, ru.unit, {})
    # the criteria demo may have stored values already: edit them at their current version
    versions = dict(
        IndicatorValue.objects.filter(
            unit=ru.unit, set_code=round_.set_code, year=round_.year, locked=False
        ).values_list("indicator_code", "version")
    )
    for criterion in result.criteria:
        for item in criterion.indicators:
            if item.kind in ("children_share", "set_met", "choice"):
                continue
            threshold = item.threshold.value if item.threshold else None
            text = _plausible(item.kind, item.comparator, threshold, rng)
            if text:
                services.do_save_value(officer, ru, item.code, text, "", versions.get(item.code, 0))


def _ru(round_: Round, unit: AdminUnit) -> RoundUnit:
    return RoundUnit.objects.select_related("round", "round__province", "unit").get(
        round=round_, unit=unit
    )


def _round_2026(admin: User, approver: User, officer_a: User) -> list[str]:
    province = AdminUnit.objects.get(structure="2025", code=base.PROVINCE)
    if Round.objects.filter(province=province, set_code="xa-ntm-2026-2030", year=2026).exists():
        return ["rounds: 2026 round for Cao Bằng already loaded"]
    round_ = services.do_open_round(
        approver,
        province,
        "xa-ntm-2026-2030",
        2026,
        dt.date(2026, 9, 1),
        dt.date(2026, 12, 15),
        title="Báo cáo tiêu chí xã nông thôn mới năm 2026 — tỉnh Cao Bằng (minh hoạ)",
        illustrative_overlay=ILLUSTRATIVE,
    )
    rng = random.Random(SEED)
    communes = list(
        AdminUnit.objects.filter(structure="2025", province=province, level=Level.COMMUNE)
        .exclude(code__in=[base.COMMUNE_A, base.COMMUNE_B])
        .order_by("code")[:11]
    )
    communes.insert(0, AdminUnit.objects.get(structure="2025", code=base.COMMUNE_A))
    approved = 0
    for index, unit in enumerate(communes):
        ru = _ru(round_, unit)
        officer = officer_a if unit.code == base.COMMUNE_A else admin
        _fill(round_, ru, officer, rng)
        if index % 4 == 3:
            continue  # still a draft (Xã Lý Bôn, commune B, has not started)
        services.do_submit(officer, _ru(round_, unit))
        if unit.code == base.COMMUNE_A:
            services.do_return(
                approver,
                _ru(round_, unit),
                "Đề nghị bổ sung biên bản kiểm tra thực tế.",
                {"3.a": "Tốc độ tăng thu nhập chưa khớp số liệu thống kê của tỉnh."},
            )
        elif index % 4 != 2:
            services.do_approve(approver, _ru(round_, unit))
            approved += 1
    recognised = 0
    for ru in RoundUnit.objects.filter(round=round_, status=UnitStatus.APPROVED).select_related(
        "round", "round__province", "unit"
    ):
        if evaluation.approved_evaluation(round_, ru.unit).meets_standard:
            services.do_record_recognition(
                approver,
                ru,
                decision_number="1234/QĐ-UBND (minh hoạ)",
                decision_date=dt.date(2026, 12, 20),
                signer="Chủ tịch UBND tỉnh Cao Bằng (minh hoạ)",
            )
            recognised += 1
            break
    return [
        f"rounds: 2026 round for Cao Bằng (illustrative thresholds), {len(communes)} communes "
        f"reporting, {approved} approved, {recognised} recognised"
    ]


def _round_2024(admin: User, approver: User, reviewer: User) -> list[str]:
    old_province = AdminUnit.objects.get(structure="2021", code=base.PROVINCE)
    if Round.objects.filter(province=old_province, set_code="xa-ntm-2021-2025", year=2024).exists():
        return ["rounds: 2024 round (2021 map) already loaded"]
    round_ = services.do_open_round(
        approver,
        old_province,
        "xa-ntm-2021-2025",
        2024,
        dt.date(2024, 9, 1),
        dt.date(2024, 11, 30),
        title="Báo cáo tiêu chí xã nông thôn mới năm 2024 — tỉnh Cao Bằng (bản đồ 2021–2025)",
    )
    rng = random.Random(SEED + 1)
    communes = list(
        AdminUnit.objects.filter(
            structure="2021", district__code=base.OLD_DISTRICT, level=Level.COMMUNE
        ).order_by("code")[:4]
    )
    for index, unit in enumerate(communes):
        _fill(round_, _ru(round_, unit), admin, rng)
        services.do_submit(admin, _ru(round_, unit))
        if index == 0:
            continue  # waiting for the district
        services.do_verify(reviewer, _ru(round_, unit), "Đã thẩm tra hồ sơ và kiểm tra thực địa.")
        if index >= 2:
            services.do_approve(approver, _ru(round_, unit))
    return [
        f"rounds: 2024 round on the 2021 map with district verification, {len(communes)} communes"
    ]


@transaction.atomic
def load() -> list[str]:
    users = {
        u.username: u
        for u in User.objects.filter(
            username__in=["quantri", "tinh.caobang", "xa.baolam", "huyen.baolam"]
        )
    }
    admin, approver = users["quantri"], users["tinh.caobang"]
    lines = _round_2026(admin, approver, users["xa.baolam"])
    lines += _round_2024(admin, approver, users["huyen.baolam"])
    lines.append(f"rounds: {Recognition.objects.count()} recognition record(s)")
    return lines
