"""Criteria API: sets (public rules), batch evaluation, stored evaluations and summaries (scoped)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from pydantic import Field

from nongthonmoi.accounts.scope import filter_for, get_unit_or_404, is_national, units_for
from nongthonmoi.places.models import AdminUnit, Level

from . import queries
from .cli import set_as_json
from .engine import UnitProfileError, evaluate_batch
from .inputs import COLUMNS, InputError, parse_table
from .loader import OverlayError, list_sets, load_set
from .models import Evaluation, EvaluationSummary
from .schema import ILLUSTRATIVE_LABEL

router = Router(tags=["criteria"])
MAX_ROWS = 200_000
SET_CODE = r"^[a-z0-9-]{1,60}$"
UNIT_CODE = r"^[0-9]{1,10}$"
Year = Annotated[int, Field(ge=1990, le=2100)]
Basis = Literal["all", "approved"]


class SetSummaryOut(Schema):
    code: str
    name: str
    version: int
    decision: str | None
    appendix: str | None
    valid_from: int
    valid_to: int
    map: str
    level: str
    tier: str
    dimension: str
    criteria_count: int
    indicator_count: int


class ProblemOut(Schema):
    detail: str
    problems: list[str]


@router.get("/sets", response=list[SetSummaryOut], summary="Criteria sets shipped (national rules)")
def sets(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "code": s.code,
            "name": s.name,
            "version": s.version,
            "decision": s.source.decision,
            "appendix": s.source.appendix,
            "valid_from": s.valid_from,
            "valid_to": s.valid_to,
            "map": s.map,
            "level": s.level,
            "tier": s.tier,
            "dimension": s.dimension,
            "criteria_count": len(s.criteria),
            "indicator_count": len(s.indicators()),
        }
        for s in list_sets()
    ]


def _province_in_scope(request: HttpRequest, structure: str, code: str) -> AdminUnit:
    """A province whose rules the caller may read: one where they see at least one unit."""
    province = AdminUnit.objects.filter(
        structure=structure, code=code, level=Level.PROVINCE
    ).first()
    if province is None or not units_for(request.user).filter(province=province).exists():
        raise Http404("province not in scope")
    return province


@router.get(
    "/set",
    response={200: dict[str, Any], 404: ProblemOut},
    summary="One set as JSON (same shape as `nongthonmoi criteria show CODE --json`)",
)
def set_detail(
    request: HttpRequest,
    code: Annotated[str, Field(max_length=60)],
    province: Annotated[str, Field(pattern=UNIT_CODE)] | None = None,
) -> Any:
    """With `province` (a province code on the set's map), that province's overlay is applied."""
    try:
        national = load_set(code)
    except KeyError:
        return Status(
            404, {"detail": "unknown set", "problems": [f"không có bộ tiêu chí '{code}'"]}
        )
    if province is None:
        return set_as_json(national.definition)
    unit = _province_in_scope(request, national.definition.map, province)
    resolved = queries.resolved_set_for(unit, code)
    return {**set_as_json(resolved.definition), "version_label": resolved.version_label}


# --- batch evaluation -------------------------------------------------------------------------


class EvaluateRow(Schema):
    commune_code: str
    commune_name: str = ""
    group: str | int | None = None
    region: str | None = None
    flags: str | list[str] = ""
    indicator: str
    value: str | int | float | bool | None = None


class EvaluateIn(Schema):
    set: str
    year: int
    province: Annotated[str, Field(pattern=UNIT_CODE)] | None = None
    rows: list[EvaluateRow]


class CommuneResultOut(Schema):
    commune_code: str
    criteria_met: int
    criteria_total: int
    meets_standard: bool
    criteria: dict[str, bool]
    missing_indicators: list[str]
    no_data_indicators: list[str]


class EvaluateOut(Schema):
    set: str
    year: int
    results: list[CommuneResultOut]


def _cell(value: object) -> object:
    if isinstance(value, bool):
        return "Đạt" if value else "Không đạt"
    return "" if value is None else value


@router.post(
    "/evaluate",
    response={200: EvaluateOut, 400: ProblemOut},
    summary="Batch evaluation, as `nongthonmoi evaluate --json` (rows in long format)",
)
def evaluate(request: HttpRequest, payload: EvaluateIn) -> Any:
    """Rows are the long-format table (`commune_code, commune_name, group, region, flags,
    indicator, value`); row numbers in problems count the header as row 1, like a file.
    With `province`, that province's thresholds (overlay) are used."""
    try:
        national = load_set(payload.set)
    except KeyError:
        return Status(
            400, {"detail": "unknown set", "problems": [f"không có bộ tiêu chí '{payload.set}'"]}
        )
    definition = national.definition
    if not definition.valid_from <= payload.year <= definition.valid_to:
        return Status(
            400,
            {
                "detail": "year outside the set",
                "problems": [
                    f"năm {payload.year} nằm ngoài thời hạn của {definition.code} "
                    f"({definition.valid_from}–{definition.valid_to})"
                ],
            },
        )
    if len(payload.rows) > MAX_ROWS:
        return Status(
            400, {"detail": "too many rows", "problems": [f"tối đa {MAX_ROWS} dòng mỗi lần"]}
        )
    resolved = national
    if payload.province:
        province = _province_in_scope(request, definition.map, payload.province)
        resolved = queries.resolved_set_for(province, payload.set)
    table: list[list[object]] = [list(COLUMNS)]
    for row in payload.rows:
        flags = ";".join(row.flags) if isinstance(row.flags, list) else row.flags
        table.append(
            [
                row.commune_code,
                row.commune_name,
                _cell(row.group),
                row.region or "",
                flags,
                row.indicator,
                _cell(row.value),
            ]
        )
    try:
        units = parse_table(table, resolved, "rows")
        results = evaluate_batch(resolved, units, payload.year)
    except InputError as exc:
        return Status(400, {"detail": "bad input", "problems": [str(p) for p in exc.problems]})
    except (UnitProfileError, OverlayError, ValueError) as exc:
        return Status(400, {"detail": "bad input", "problems": [str(exc)]})
    return {
        "set": definition.code,
        "year": payload.year,
        "results": [r.summary_dict() for r in results],
    }


# --- stored evaluations -----------------------------------------------------------------------


class EvaluationOut(Schema):
    unit_structure: str
    unit_code: str
    unit_name: str
    set: str
    year: int
    basis: str
    criteria_met: int
    criteria_total: int
    meets_standard: bool
    tier_reached: str
    criteria: dict[str, str]
    missing_indicators: list[str]
    no_data_indicators: list[str]
    no_threshold_indicators: list[str]
    illustrative: bool
    illustrative_label: str | None
    version_label: str
    fingerprint: str
    computed_at: dt.datetime
    explanation: dict[str, Any] | None = None


def _out(evaluation: Evaluation, explain: bool) -> dict[str, Any]:
    return {
        "unit_structure": evaluation.unit.structure,
        "unit_code": evaluation.unit.code,
        "unit_name": evaluation.unit.name,
        "set": evaluation.set_code,
        "year": evaluation.year,
        "basis": evaluation.basis,
        "criteria_met": evaluation.criteria_met,
        "criteria_total": evaluation.criteria_total,
        "meets_standard": evaluation.meets_standard,
        "tier_reached": evaluation.tier_reached,
        "criteria": evaluation.criteria_status,
        "missing_indicators": evaluation.missing_indicators,
        "no_data_indicators": evaluation.no_data_indicators,
        "no_threshold_indicators": evaluation.no_threshold_indicators,
        "illustrative": evaluation.illustrative,
        "illustrative_label": ILLUSTRATIVE_LABEL if evaluation.illustrative else None,
        "version_label": evaluation.version_label,
        "fingerprint": evaluation.fingerprint,
        "computed_at": evaluation.computed_at,
        "explanation": evaluation.explanation if explain else None,
    }


class EvaluationFilter(Schema):
    set: Annotated[str, Field(pattern=SET_CODE)] | None = None
    year: Year | None = None
    basis: Basis | None = None
    province: Annotated[str, Field(pattern=UNIT_CODE)] | None = None
    meets_standard: bool | None = None


def _filtered(qs: Any, filters: EvaluationFilter) -> Any:
    if filters.set:
        qs = qs.filter(set_code=filters.set)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.basis:
        qs = qs.filter(basis=filters.basis)
    if filters.province:
        qs = qs.filter(province__code=filters.province)
    if filters.meets_standard is not None:
        qs = qs.filter(meets_standard=filters.meets_standard)
    return qs


@router.get(
    "/evaluations",
    response=list[EvaluationOut],
    summary="Stored evaluations of the units in the caller's scope",
)
def evaluations(
    request: HttpRequest,
    filters: Query[EvaluationFilter],
    limit: Annotated[int, Field(ge=1, le=5000)] = 500,
    offset: Annotated[int, Field(ge=0, le=10_000_000)] = 0,
) -> list[dict[str, Any]]:
    qs = filter_for(request.user, Evaluation.objects.select_related("unit").defer("explanation"))
    qs = _filtered(qs, filters).order_by("set_code", "year", "unit__code", "basis")
    return [_out(e, explain=False) for e in qs[offset : offset + limit]]


@router.get(
    "/evaluations/{structure}/{code}",
    response=list[EvaluationOut],
    summary="Stored evaluations of one unit, with the engine's explanation",
)
def unit_evaluations(
    request: HttpRequest, structure: str, code: str, filters: Query[EvaluationFilter]
) -> list[dict[str, Any]]:
    unit = get_unit_or_404(request.user, structure, code)
    qs = _filtered(Evaluation.objects.filter(unit=unit).select_related("unit"), filters)
    return [_out(e, explain=True) for e in qs.order_by("set_code", "-year", "basis")]


class SummaryFilter(Schema):
    set: Annotated[str, Field(pattern=SET_CODE)] | None = None
    year: Year | None = None
    basis: Basis = "all"


class SummaryOut(Schema):
    scope: str
    province_code: str | None
    province_name: str | None
    set: str
    year: int
    basis: str
    units_total: int
    units_evaluated: int
    meets_standard: int
    share_meeting: float
    by_criteria_met: dict[str, int]
    by_tier: dict[str, int]
    by_criterion: dict[str, dict[str, int]]
    missing_by_indicator: dict[str, int]
    illustrative: bool


@router.get(
    "/summaries",
    response=list[SummaryOut],
    summary="Province summaries in the caller's scope (and the nation for national users)",
)
def summaries(request: HttpRequest, filters: Query[SummaryFilter]) -> list[dict[str, Any]]:
    qs = EvaluationSummary.objects.filter(basis=filters.basis).select_related("scope_unit")
    if filters.set:
        qs = qs.filter(set_code=filters.set)
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    scoped = list(filter_for(request.user, qs.exclude(scope_unit=None), unit_field="scope_unit"))
    if is_national(request.user):
        scoped += list(qs.filter(scope_key=EvaluationSummary.NATION))
    return [
        {
            "scope": s.scope_key,
            "province_code": s.scope_unit.code if s.scope_unit else None,
            "province_name": s.scope_unit.name if s.scope_unit else None,
            "set": s.set_code,
            "year": s.year,
            "basis": s.basis,
            "units_total": s.units_total,
            "units_evaluated": s.units_evaluated,
            "meets_standard": s.meets_standard,
            "share_meeting": round(s.share_meeting, 2),
            "by_criteria_met": s.by_criteria_met,
            "by_tier": s.by_tier,
            "by_criterion": s.by_criterion,
            "missing_by_indicator": s.missing_by_indicator,
            "illustrative": s.illustrative,
        }
        for s in scoped
    ]
