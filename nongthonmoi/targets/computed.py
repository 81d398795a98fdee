"""Computed sources: targets whose values come from data the platform already has.

A source is a pure function over querysets: (communes, year) -> {commune id: UnitFigure}, or None
when the platform holds no data for it yet ("chưa có số liệu"). The target's aggregation rule then
adds the figures up, so the same numbers feed the board, the drill-down and the national view.

Sources read other modules defensively: a module that has not built its models yet simply yields
no data (the source stays registered and starts working when the data appears).
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.db.models import Count, Q, QuerySet

from nongthonmoi.places.models import AdminUnit, Kind

from . import clock
from .aggregation import UnitFigure
from .models import Participant, ParticipantRole, Topic, TrainingDenominator

Figures = dict[int, UnitFigure]
Source = Callable[[QuerySet[AdminUnit], int], Figures | None]

REGISTRY: dict[str, Source] = {}
LABELS: dict[str, str] = {}


def register(key: str, label: str) -> Callable[[Source], Source]:
    def wrap(fn: Source) -> Source:
        REGISTRY[key] = fn
        LABELS[key] = label
        return fn

    return wrap


def compute(key: str, communes: QuerySet[AdminUnit], year: int) -> Figures | None:
    source = REGISTRY.get(key)
    return None if source is None else source(communes, year)


# --- training register (this module) ---------------------------------------------------------


def _latest_denominators(communes: QuerySet[AdminUnit], year: int, field: str) -> dict[int, int]:
    """Per commune, the denominator of `year` or, failing that, the latest earlier year."""
    result: dict[int, int] = {}
    rows = (
        TrainingDenominator.objects.filter(commune__in=communes, year__lte=year)
        .order_by("commune_id", "-year")
        .values_list("commune_id", field)
    )
    for commune_id, count in rows:
        result.setdefault(commune_id, count)
    return result


def training_coverage(
    communes: QuerySet[AdminUnit], year: int, *, topic: str, roles: list[str], field: str
) -> Figures | None:
    """Distinct people trained by the end of `year` over the commune's denominator.

    A person attending several courses counts once; a commune never counts more trained people
    than the denominator the province entered (so no commune exceeds 100%).
    """
    denominators = {k: v for k, v in _latest_denominators(communes, year, field).items() if v > 0}
    if not denominators:
        return None
    trained = dict(
        Participant.objects.filter(
            commune_id__in=list(denominators),
            role__in=roles,
            course__topic=topic,
            course__end_date__year__lte=year,
        )
        .values("commune_id")
        .annotate(n=Count("person_key", distinct=True))
        .values_list("commune_id", "n")
    )
    codes = dict(AdminUnit.objects.filter(pk__in=list(denominators)).values_list("pk", "code"))
    return {
        pk: UnitFigure(
            codes[pk],
            numerator=Decimal(min(trained.get(pk, 0), den)),
            denominator=Decimal(den),
        )
        for pk, den in denominators.items()
    }


@register("training.rural_tourism_owners", "Sổ theo dõi đào tạo: chủ cơ sở du lịch nông thôn")
def rural_tourism_owners(communes: QuerySet[AdminUnit], year: int) -> Figures | None:
    return training_coverage(
        communes,
        year,
        topic=Topic.RURAL_TOURISM,
        roles=[ParticipantRole.TOURISM_OWNER],
        field="tourism_businesses",
    )


@register("training.rural_tourism_workers", "Sổ theo dõi đào tạo: lao động du lịch nông thôn")
def rural_tourism_workers(communes: QuerySet[AdminUnit], year: int) -> Figures | None:
    return training_coverage(
        communes,
        year,
        topic=Topic.RURAL_TOURISM,
        roles=[ParticipantRole.TOURISM_WORKER],
        field="tourism_workers",
    )


@register("training.security_order", "Sổ theo dõi đào tạo: tập huấn an ninh trật tự")
def security_order(communes: QuerySet[AdminUnit], year: int) -> Figures | None:
    return training_coverage(
        communes,
        year,
        topic=Topic.SECURITY_ORDER,
        roles=[c.value for c in ParticipantRole],
        field="security_force",
    )


# --- criteria results (criteria module) ------------------------------------------------------


def _model(app_label: str, name: str) -> Any:
    try:
        return apps.get_model(app_label, name)
    except LookupError:
        return None


def _field_names(model: Any) -> set[str]:
    return {f.name for f in model._meta.get_fields()}


def _evaluations(communes: QuerySet[AdminUnit], year: int, set_code: str) -> list[Any] | None:
    """The criteria module's stored `Evaluation` rows (unit × set × year × basis).

    The official picture (basis "approved": approved values only) when the province has one for
    that set and year, otherwise the working picture (all entered values).
    """
    evaluation = _model("criteria", "Evaluation")
    if evaluation is None or not {"unit", "set_code", "year", "basis"} <= _field_names(evaluation):
        return None
    qs = evaluation.objects.filter(unit__in=communes, set_code=set_code, year=year)
    approved = list(qs.filter(basis="approved"))
    return approved or list(qs.filter(basis="all"))


def criteria_share(
    communes: QuerySet[AdminUnit], year: int, *, set_code: str, test: Callable[[Any], bool]
) -> Figures | None:
    """1/0 per commune from the stored evaluations.

    Communes without an evaluation count as not meeting (they stay in the denominator): the share
    is of all communes, as the national target is worded.
    """
    communes = communes.filter(kind=Kind.XA)  # NTM standards are for rural communes (xã)
    rows = _evaluations(communes, year, set_code)
    if not rows:
        return None
    meets = {row.unit_id: test(row) for row in rows}
    return {
        pk: UnitFigure(code, value=Decimal(1 if meets.get(pk) else 0))
        for pk, code in communes.values_list("pk", "code")
    }


def _meets(row: Any) -> bool:
    return bool(row.meets_standard)


def _below_15(communes: QuerySet[AdminUnit], year: int) -> Figures | None:
    """Communes evaluated under 15 of the 19 criteria of 2021–2025 (1 each), summed."""
    communes = communes.filter(kind=Kind.XA)
    rows = _evaluations(communes, year, "xa-ntm-2021-2025")
    if not rows:
        return None
    codes = dict(communes.values_list("pk", "code"))
    return {
        row.unit_id: UnitFigure(
            codes[row.unit_id], value=Decimal(1 if row.criteria_met < 15 else 0)
        )
        for row in rows
        if row.unit_id in codes
    }


REGISTRY_CRITERIA = {
    "criteria.communes_meeting_ntm_2021_2025": ("xa-ntm-2021-2025", "xã đạt chuẩn NTM"),
    "criteria.communes_advanced_2021_2025": ("xa-ntm-nang-cao-2021-2025", "xã NTM nâng cao"),
    "criteria.communes_model_2021_2025": ("xa-ntm-kieu-mau-2021-2025", "xã NTM kiểu mẫu"),
    "criteria.communes_meeting_ntm_2026_2030": ("xa-ntm-2026-2030", "xã đạt chuẩn NTM"),
    "criteria.communes_modern_2026_2030": ("xa-ntm-hien-dai-2026-2030", "xã NTM hiện đại"),
}


def _criteria_source(set_code: str) -> Source:
    def source(communes: QuerySet[AdminUnit], year: int) -> Figures | None:
        return criteria_share(communes, year, set_code=set_code, test=_meets)

    return source


for _key, (_set_code, _label) in REGISTRY_CRITERIA.items():
    register(_key, f"Kết quả đánh giá bộ tiêu chí: {_label}")(_criteria_source(_set_code))
register("criteria.communes_below_15_2021_2025", "Kết quả đánh giá: xã đạt dưới 15 tiêu chí")(
    _below_15
)


# --- OCOP registry (ocop module) -------------------------------------------------------------


@register("ocop.products_3star_plus", "Sổ sản phẩm OCOP: sản phẩm từ 3 sao trở lên")
def ocop_products_3star_plus(communes: QuerySet[AdminUnit], year: int) -> Figures | None:
    """Products holding a 3★+ certificate in force at the end of `year` (or today, this year).

    In force on day D: decided on or before D, valid until D or later, and not revoked by D.
    A product counts once, in its commune, whatever the number of its certificates.
    """
    certificate = _model("ocop", "Certificate")
    if certificate is None:
        return None
    day = min(dt.date(year, 12, 31), clock.today())
    counts = dict(
        certificate.objects.filter(
            product__commune__in=communes, stars__gte=3, decided_on__lte=day, valid_until__gte=day
        )
        .exclude(Q(status="revoked") & (Q(revoked_on__isnull=True) | Q(revoked_on__lte=day)))
        .values("product__commune_id")
        .annotate(n=Count("product", distinct=True))
        .values_list("product__commune_id", "n")
    )
    if not counts:
        return None
    codes = dict(communes.values_list("pk", "code"))
    return {pk: UnitFigure(codes[pk], value=Decimal(n)) for pk, n in counts.items() if pk in codes}


# --- online satisfaction survey (feedback module) --------------------------------------------


def _coverage_function() -> Callable[..., Any] | None:
    try:
        queries = importlib.import_module("nongthonmoi.feedback.queries")
    except ImportError:
        return None
    return getattr(queries, "online_feedback_coverage", None)


@register("feedback.online_feedback_coverage", "Khảo sát trực tuyến: xã lấy ý kiến qua ứng dụng")
def online_feedback(communes: QuerySet[AdminUnit], year: int) -> Figures | None:
    """1/0 per commune from `feedback.queries.online_feedback_coverage(communes, year)`.

    Accepted shapes of its answer: a mapping {commune id or code: bool} or an iterable of covered
    commune ids; anything else means "no data" rather than a guess.
    """
    coverage = _coverage_function()
    if coverage is None:
        return None
    communes = communes.filter(kind=Kind.XA)  # the 40% target counts rural communes (xã)
    try:
        answer = coverage(communes, year)
    except TypeError:
        return None
    codes = dict(communes.values_list("pk", "code"))
    if isinstance(answer, dict):
        covered = {k for k, v in answer.items() if v}
    elif isinstance(answer, (list, set, tuple, frozenset)):
        covered = set(answer)
    else:
        return None
    if not codes:
        return None
    return {
        pk: UnitFigure(code, value=Decimal(1 if (pk in covered or code in covered) else 0))
        for pk, code in codes.items()
    }
