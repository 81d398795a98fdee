"""Reads of the OCOP module: catalogue, statistics, lists by role.

`products_at_least(stars=3, province=None) -> int` is the figure the targets and reports modules
use (products holding a valid certificate of at least that many stars today).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from nongthonmoi.core.text import fold
from nongthonmoi.places.models import AdminUnit, Level, Structure

from .models import (
    Certificate,
    CertificateStatus,
    Dossier,
    DossierStatus,
    Producer,
    ProducerKind,
    Product,
)
from .rulebook import load_rulebook


@lru_cache(maxsize=1)
def programme_targets() -> dict[str, Any]:
    """Quyết định 919/QĐ-TTg targets, from programme_targets.yaml (with their status)."""
    data = yaml.safe_load((Path(__file__).parent / "programme_targets.yaml").read_text("utf-8"))
    return {k: v["value"] if isinstance(v, dict) else v for k, v in data.items()}


def _province(province: AdminUnit | str | None) -> AdminUnit | None:
    if province is None or isinstance(province, AdminUnit):
        return province
    return AdminUnit.objects.get(structure=Structure.NEW, level=Level.PROVINCE, code=province)


def valid_certificates(on: dt.date | None = None) -> QuerySet[Certificate]:
    day = on or timezone.localdate()
    return Certificate.objects.filter(
        status=CertificateStatus.VALID, decided_on__lte=day, valid_until__gte=day
    )


def products_at_least(
    stars: int = 3, province: AdminUnit | str | None = None, *, on: dt.date | None = None
) -> int:
    """Products with a valid certificate of at least `stars` stars (province: unit or 2025 code)."""
    certificates = valid_certificates(on).filter(stars__gte=stars)
    unit = _province(province)
    if unit is not None:
        certificates = certificates.filter(product__province=unit)
    return certificates.values("product").distinct().count()


def catalogue(
    *,
    q: str = "",
    province: str = "",
    group: str = "",
    set_number: int | None = None,
    stars: int | None = None,
) -> QuerySet[Product]:
    """Certified products, newest stars first; `q` matches with or without diacritics."""
    products = Product.objects.filter(stars__isnull=False).select_related(
        "producer", "commune", "province"
    )
    if q.strip():
        for word in fold(q).split():
            products = products.filter(search_folded__contains=word)
    if province:
        products = products.filter(province__code=province, province__structure=Structure.NEW)
    if group:
        products = products.filter(group_code=group)
    if set_number:
        products = products.filter(set_number=set_number)
    if stars:
        products = products.filter(stars=stars)
    return products.order_by("-stars", "name", "pk")


def catalogue_provinces() -> QuerySet[AdminUnit]:
    """Every province of the 2025 map (a filter on a province without products finds none)."""
    return AdminUnit.objects.filter(structure=Structure.NEW, level=Level.PROVINCE).order_by("name")


def product_sets() -> list[tuple[int, str, str]]:
    book = load_rulebook("qd-26-2026")
    return [(n, s.name, s.group_code) for n, s in sorted(book.product_sets.items())]


def groups() -> list[tuple[str, str]]:
    book = load_rulebook("qd-26-2026")
    return [(str(g["code"]), str(g["name"]).capitalize()) for g in book.groups]


def current_certificate(product: Product) -> Certificate | None:
    return valid_certificates().filter(product=product).order_by("-decided_on").first()


def expiring_between(
    certificates: QuerySet[Certificate], first: dt.date, last: dt.date
) -> QuerySet[Certificate]:
    return certificates.filter(
        status=CertificateStatus.VALID, valid_until__gte=first, valid_until__lte=last
    ).select_related("product", "product__producer", "product__commune")


def quarter_bounds(day: dt.date) -> tuple[dt.date, dt.date]:
    first_month = 3 * ((day.month - 1) // 3) + 1
    first = dt.date(day.year, first_month, 1)
    next_first = dt.date(day.year + (first_month == 10), (first_month + 2) % 12 + 1, 1)
    return first, next_first - dt.timedelta(days=1)


def statistics(
    products: QuerySet[Product], producers: QuerySet[Producer], on: dt.date | None = None
) -> dict[str, Any]:
    """Counts by stars, group, set, province and certification year; producer shares."""
    certified = products.filter(stars__isnull=False)
    sets = {n: name for n, name, _g in product_sets()}
    group_names = dict(groups())
    by_year = (
        valid_certificates(on)
        .filter(product__in=products)
        .values("decided_on__year")
        .annotate(n=Count("product", distinct=True))
        .order_by("decided_on__year")
    )
    producer_total = producers.count()
    kinds = dict(producers.values_list("kind").annotate(n=Count("pk")))
    cooperatives = kinds.get(ProducerKind.COOPERATIVE, 0) + kinds.get(
        ProducerKind.COOPERATIVE_GROUP, 0
    )
    enterprises = kinds.get(ProducerKind.ENTERPRISE, 0)
    women = producers.filter(representative_is_woman=True).count()

    def share(n: int) -> float:
        return round(100 * n / producer_total, 1) if producer_total else 0.0

    at_least_3 = certified.filter(stars__gte=3).count()
    targets = programme_targets()
    return {
        "products": products.count(),
        "certified": certified.count(),
        "by_stars": list(certified.values("stars").annotate(n=Count("pk")).order_by("-stars")),
        "by_group": [
            {"code": r["group_code"], "name": group_names.get(r["group_code"], ""), "n": r["n"]}
            for r in certified.values("group_code").annotate(n=Count("pk")).order_by("group_code")
        ],
        "by_set": [
            {"set": r["set_number"], "name": sets.get(r["set_number"], ""), "n": r["n"]}
            for r in certified.values("set_number").annotate(n=Count("pk")).order_by("set_number")
        ],
        "by_province": list(
            certified.values("province__code", "province__name")
            .annotate(n=Count("pk"))
            .order_by("-n", "province__name")
        ),
        "by_year": [{"year": r["decided_on__year"], "n": r["n"]} for r in by_year],
        "producers": producer_total,
        "cooperative_share": share(cooperatives),
        "enterprise_share": share(enterprises),
        "women_share": share(women),
        "target_cooperative_share": targets["entities_cooperatives_pct_min"],
        "target_enterprise_share": targets["entities_enterprises_pct_min"],
        "target_women_share": targets["entities_women_led_pct_min"],
        "targets_source": targets["source"],
        "at_least_3": at_least_3,
        "target_products": targets["products_3star_plus_min"],
        "target_progress": round(100 * at_least_3 / targets["products_3star_plus_min"], 2),
    }


def pending_for_commune(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return dossiers.filter(status=DossierStatus.SUBMITTED).select_related("product", "commune")


def forwarded(dossiers: QuerySet[Dossier]) -> QuerySet[Dossier]:
    return dossiers.filter(
        Q(status=DossierStatus.FORWARDED) | Q(status=DossierStatus.IN_COUNCIL)
    ).select_related("product", "commune", "session")


def awaiting_central_result(user: Any) -> QuerySet[Dossier]:
    """Dossiers forwarded to the central council (≥ 90 points) whose result the user may record:
    the set form of `services.may_record_central_result` (`approve` or `run_ocop_council` at the
    product's province), one query whatever the number of dossiers."""
    from nongthonmoi.accounts.roles import Capability as C
    from nongthonmoi.accounts.scope import filter_for

    sent = Dossier.objects.filter(status=DossierStatus.TO_MINISTRY)
    return filter_for(user, sent, unit_field="product__province", capability=C.APPROVE) | (
        filter_for(user, sent, unit_field="product__province", capability=C.RUN_OCOP_COUNCIL)
    )


def inbox_for(user: Any, today: dt.date) -> dict[str, Any]:
    """The user's OCOP work: returned dossiers (producer), dossiers to check (commune), sheets to
    fill (council member), dossiers waiting for a session (secretary), dossiers waiting for the
    central level's result (province approver, secretary)."""
    from nongthonmoi.accounts.roles import Capability as C
    from nongthonmoi.accounts.scope import filter_for, has_capability_anywhere

    from .models import CouncilSession, SessionStatus

    box: dict[str, Any] = {
        "returned": [],
        "to_check": [],
        "to_score": [],
        "to_session": [],
        "to_central": [],
    }
    if has_capability_anywhere(user, C.PRODUCE_OCOP):
        box["returned"] = list(
            filter_for(
                user,
                Dossier.objects.filter(
                    status=DossierStatus.RETURNED, product__producer__members=user.pk
                ),
                unit_field="commune",
                capability=C.PRODUCE_OCOP,
            ).select_related("product")[:20]
        )
    if has_capability_anywhere(user, C.ENTER_DATA):
        box["to_check"] = list(
            filter_for(
                user,
                Dossier.objects.filter(status=DossierStatus.SUBMITTED),
                unit_field="commune",
                capability=C.ENTER_DATA,
            )
            .select_related("product")
            .order_by("commune_deadline")[:20]
        )
    if has_capability_anywhere(user, C.SCORE_OCOP):
        sessions = filter_for(
            user,
            CouncilSession.objects.filter(status=SessionStatus.OPEN, members=user.pk),
            unit_field="province",
            capability=C.SCORE_OCOP,
        )
        # one query: session by session (newest first), then each session's dossiers
        unscored = (
            Dossier.objects.filter(session__in=sessions)
            .exclude(sheets__member=user.pk)
            .select_related("product", "session")
            .order_by("-session__held_on", "-session__pk", *Dossier._meta.ordering)
        )
        box["to_score"] = [(dossier.session, dossier) for dossier in unscored[:20]]
    if has_capability_anywhere(user, C.RUN_OCOP_COUNCIL):
        box["to_session"] = list(
            filter_for(
                user,
                Dossier.objects.filter(status=DossierStatus.FORWARDED),
                unit_field="product__province",
                capability=C.RUN_OCOP_COUNCIL,
            ).select_related("product", "commune")[:20]
        )
    if has_capability_anywhere(user, C.APPROVE) or has_capability_anywhere(
        user, C.RUN_OCOP_COUNCIL
    ):
        box["to_central"] = list(
            awaiting_central_result(user).select_related("product", "commune")[:20]
        )
    box["today"] = today
    box["total"] = sum(len(v) for k, v in box.items() if isinstance(v, list))
    return box
