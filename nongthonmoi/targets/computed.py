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
from collections import defaultdict
from collections.abc import Callable, Iterable
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

# Bulk form of a source: (communes of many provinces, year) -> {province id: figures}, exactly what
# the source gives for each province's communes (a province without data may be left out).
BulkSource = Callable[[QuerySet[AdminUnit], int], dict[int, Figures]]

REGISTRY: dict[str, Source] = {}
LABELS: dict[str, str] = {}
BULK: dict[str, BulkSource] = {}


def register(key: str, label: str) -> Callable[[Source], Source]:
    def wrap(fn: Source) -> Source:
        REGISTRY[key] = fn
        LABELS[key] = label
        return fn

    return wrap


def register_bulk(key: str) -> Callable[[BulkSource], BulkSource]:
    def wrap(fn: BulkSource) -> BulkSource:
        BULK[key] = fn
        return fn

    return wrap


def compute(key: str, communes: QuerySet[AdminUnit], year: int) -> Figures | None:
    source = REGISTRY.get(key)
    return None if source is None else source(communes, year)


def compute_by_province(
    key: str, communes: QuerySet[AdminUnit], year: int, provinces: Iterable[int]
) -> dict[int, Figures | None]:
    """{province id: compute(key, that province's communes, year)} for every province asked.

    `communes` are the communes of all those provinces; the source's bulk form reads them with a
    fixed number of queries. A source without a bulk form is computed province by province.
    """
    provinces = list(provinces)
    source = REGISTRY.get(key)
    if source is None:
        return dict.fromkeys(provinces)
    bulk = BULK.get(key)
    if bulk is None:
        return {pk: source(communes.filter(province_id=pk), year) for pk in provinces}
    grouped = bulk(communes, year)
    return {pk: grouped.get(pk) or None for pk in provinces}


def _split_by_province(
    communes: QuerySet[AdminUnit], figures: Figures | None
) -> dict[int, Figures]:
    """Per-commune figures of many provinces, grouped by the commune's province.

    Right for the sources whose figure for a commune depends on that commune alone (and that give
    no data exactly when no commune has a figure).
    """
    grouped: dict[int, Figures] = defaultdict(dict)
    if not figures:
        return grouped
    for pk, province_id in communes.values_list("pk", "province_id"):
        if pk in figures:
            grouped[province_id][pk] = figures[pk]
    return grouped


def _bulk_by_splitting(key: str) -> BulkSource:
    def bulk(communes: QuerySet[AdminUnit], year: int) -> dict[int, Figures]:
        return _split_by_province(communes, REGISTRY[key](communes, year))

    return bulk


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


def training_coverage_by_province(
    communes: QuerySet[AdminUnit], year: int, *, topic: str, roles: list[str], field: str
) -> dict[int, Figures]:
    """`training_coverage` for the communes of many provinces, grouped by province (3 queries)."""
    denominators = {k: v for k, v in _latest_denominators(communes, year, field).items() if v > 0}
    if not denominators:
        return {}
    trained = dict(
        Participant.objects.filter(
            commune__in=communes,
            role__in=roles,
            course__topic=topic,
            course__end_date__year__lte=year,
        )
        .values("commune_id")
        .annotate(n=Count("person_key", distinct=True))
        .values_list("commune_id", "n")
    )
    grouped: dict[int, Figures] = defaultdict(dict)
    for pk, code, province_id in communes.values_list("pk", "code", "province_id"):
        den = denominators.get(pk)
        if den is not None:
            grouped[province_id][pk] = UnitFigure(
                code,
                numerator=Decimal(min(trained.get(pk, 0), den)),
                denominator=Decimal(den),
            )
    return grouped


TRAINING = {
    "training.rural_tourism_owners": (
        Topic.RURAL_TOURISM,
        [ParticipantRole.TOURISM_OWNER],
        "tourism_businesses",
    ),
    "training.rural_tourism_workers": (
        Topic.RURAL_TOURISM,
        [ParticipantRole.TOURISM_WORKER],
        "tourism_workers",
    ),
    "training.security_order": (
        Topic.SECURITY_ORDER,
        [c.value for c in ParticipantRole],
        "security_force",
    ),
}


def _training_bulk(topic: str, roles: list[str], field: str) -> BulkSource:
    def bulk(communes: QuerySet[AdminUnit], year: int) -> dict[int, Figures]:
        return training_coverage_by_province(communes, year, topic=topic, roles=roles, field=field)

    return bulk


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


for _key, (_topic, _roles, _field) in TRAINING.items():
    register_bulk(_key)(_training_bulk(_topic, _roles, _field))


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


def _evaluations_by_province(
    communes: QuerySet[AdminUnit], year: int, set_code: str
) -> tuple[dict[int, list[Any]], dict[int, tuple[str, int]]] | None:
    """`_evaluations` for the communes of many provinces in one read, chosen per province.

    Returns ({province id: the province's rows}, {commune id: (code, province id)}); None when
    the criteria module has no `Evaluation` model.
    """
    evaluation = _model("criteria", "Evaluation")
    if evaluation is None or not {"unit", "set_code", "year", "basis"} <= _field_names(evaluation):
        return None
    units = {
        pk: (code, prov) for pk, code, prov in communes.values_list("pk", "code", "province_id")
    }
    by_basis: dict[tuple[int, str], list[Any]] = defaultdict(list)
    for row in evaluation.objects.filter(
        unit__in=communes, set_code=set_code, year=year, basis__in=["approved", "all"]
    ):
        by_basis[(units[row.unit_id][1], row.basis)].append(row)
    chosen = {
        prov: by_basis.get((prov, "approved")) or by_basis.get((prov, "all")) or []
        for prov in {prov for prov, _ in by_basis}
    }
    return {prov: rows for prov, rows in chosen.items() if rows}, units


def criteria_share_by_province(
    communes: QuerySet[AdminUnit], year: int, *, set_code: str, test: Callable[[Any], bool]
) -> dict[int, Figures]:
    """`criteria_share` for the communes of many provinces, grouped by province (3 queries)."""
    communes = communes.filter(kind=Kind.XA)
    found = _evaluations_by_province(communes, year, set_code)
    if found is None:
        return {}
    rows, units = found
    meets = {row.unit_id: test(row) for province_rows in rows.values() for row in province_rows}
    grouped: dict[int, Figures] = defaultdict(dict)
    for pk, (code, prov) in units.items():
        if prov in rows:
            grouped[prov][pk] = UnitFigure(code, value=Decimal(1 if meets.get(pk) else 0))
    return grouped


def _below_15_by_province(communes: QuerySet[AdminUnit], year: int) -> dict[int, Figures]:
    communes = communes.filter(kind=Kind.XA)
    found = _evaluations_by_province(communes, year, "xa-ntm-2021-2025")
    if found is None:
        return {}
    rows, units = found
    return {
        prov: {
            row.unit_id: UnitFigure(
                units[row.unit_id][0], value=Decimal(1 if row.criteria_met < 15 else 0)
            )
            for row in province_rows
        }
        for prov, province_rows in rows.items()
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


def _criteria_bulk(set_code: str) -> BulkSource:
    def bulk(communes: QuerySet[AdminUnit], year: int) -> dict[int, Figures]:
        return criteria_share_by_province(communes, year, set_code=set_code, test=_meets)

    return bulk


for _key, (_set_code, _label) in REGISTRY_CRITERIA.items():
    register(_key, f"Kết quả đánh giá bộ tiêu chí: {_label}")(_criteria_source(_set_code))
    register_bulk(_key)(_criteria_bulk(_set_code))
register("criteria.communes_below_15_2021_2025", "Kết quả đánh giá: xã đạt dưới 15 tiêu chí")(
    _below_15
)
register_bulk("criteria.communes_below_15_2021_2025")(_below_15_by_province)


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


register_bulk("ocop.products_3star_plus")(_bulk_by_splitting("ocop.products_3star_plus"))


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


register_bulk("feedback.online_feedback_coverage")(
    _bulk_by_splitting("feedback.online_feedback_coverage")
)
