"""Funding API: allocations, disbursements and rates in the caller's scope; published data for all."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Query, Router, Schema
from pydantic import Field

from nongthonmoi.accounts.scope import filter_for, get_unit_or_404
from nongthonmoi.places.models import AdminUnit, Level

from . import queries
from .models import AllocationDecision, Disbursement

router = Router(tags=["funding"])
Year = Annotated[int, Field(ge=2010, le=2100)]
FundKindParam = Literal["investment", "recurrent"]
MAX_ROWS = 5000


class AllocationOut(Schema):
    id: int
    from_unit: str
    to_unit: str
    to_unit_name: str
    year: int
    fund_kind: str
    amount: int
    decision_number: str
    decision_date: dt.date
    rule_code: str
    coefficient: str | None
    breakdown: str


class DisbursementOut(Schema):
    id: int
    allocation_id: int
    unit_code: str
    decision_number: str
    fund_kind: str
    year: int
    date: dt.date
    amount: int
    note: str


class MoneyLineOut(Schema):
    unit_code: str
    unit_name: str
    year: int
    fund_kind: str
    allocated: int
    disbursed: int
    rate: float | None = Field(description="disbursed / allocated (0–1); null if nothing allocated")


class PublishedOut(Schema):
    structure: str
    province_code: str
    province_name: str
    years: list[int]


class PublicYearOut(Schema):
    province_code: str
    province_name: str
    year: int
    allocated: int
    disbursed: int
    rate: float | None
    rules: list[str]
    lines: list[MoneyLineOut]


class ListFilters(Schema):
    year: Year | None = None
    fund_kind: FundKindParam | None = None


def _allocation(row: AllocationDecision) -> dict[str, Any]:
    return {
        "id": row.pk,
        "from_unit": row.from_unit.code,
        "to_unit": row.to_unit.code,
        "to_unit_name": row.to_unit.name,
        "year": row.year,
        "fund_kind": row.fund_kind,
        "amount": row.amount,
        "decision_number": row.decision_number,
        "decision_date": row.decision_date,
        "rule_code": row.rule_code,
        "coefficient": str(row.coefficient) if row.coefficient is not None else None,
        "breakdown": row.breakdown,
    }


def _line(line: queries.MoneyLine) -> dict[str, Any]:
    rate = line.rate
    return {
        "unit_code": line.unit.code,
        "unit_name": line.unit.name,
        "year": line.year,
        "fund_kind": line.fund_kind,
        "allocated": line.allocated,
        "disbursed": line.disbursed,
        "rate": float(rate) if rate is not None else None,
    }


def _scoped_allocations(request: HttpRequest, filters: ListFilters) -> Any:
    qs = filter_for(request.user, AllocationDecision.objects.all(), unit_field="to_unit")
    if filters.year is not None:
        qs = qs.filter(year=filters.year)
    if filters.fund_kind:
        qs = qs.filter(fund_kind=filters.fund_kind)
    return qs


@router.get(
    "/allocations",
    response=list[AllocationOut],
    summary="Allocation decision lines received by units in your scope",
)
def allocations(request: HttpRequest, filters: Query[ListFilters]) -> list[dict[str, Any]]:
    qs = _scoped_allocations(request, filters).select_related("from_unit", "to_unit")
    return [_allocation(row) for row in qs.order_by("-year", "to_unit__code", "pk")[:MAX_ROWS]]


@router.get(
    "/disbursements",
    response=list[DisbursementOut],
    summary="Disbursements against allocations in your scope",
)
def disbursements(request: HttpRequest, filters: Query[ListFilters]) -> list[dict[str, Any]]:
    allocations_qs = _scoped_allocations(request, filters)
    rows = (
        Disbursement.objects.filter(allocation__in=allocations_qs.values("pk"))
        .select_related("allocation__to_unit")
        .order_by("-date", "-pk")[:MAX_ROWS]
    )
    return [
        {
            "id": d.pk,
            "allocation_id": d.allocation_id,
            "unit_code": d.allocation.to_unit.code,
            "decision_number": d.allocation.decision_number,
            "fund_kind": d.allocation.fund_kind,
            "year": d.allocation.year,
            "date": d.date,
            "amount": d.amount,
            "note": d.note,
        }
        for d in rows
    ]


@router.get(
    "/rates",
    response=list[MoneyLineOut],
    summary="Disbursement rate (disbursed / allocated) by unit, fund kind and year, in your scope",
)
def rates(request: HttpRequest, filters: Query[ListFilters]) -> list[dict[str, Any]]:
    lines = queries.money_lines(
        _scoped_allocations(request, filters), year=filters.year, fund_kind=filters.fund_kind
    )
    return [_line(x) for x in lines[:MAX_ROWS]]


@router.get(
    "/units/{structure}/{code}/money",
    response=list[MoneyLineOut],
    summary="One unit's money: a commune's own lines, or a province's communes",
)
def unit_money(
    request: HttpRequest, structure: str, code: str, filters: Query[ListFilters]
) -> list[dict[str, Any]]:
    unit = get_unit_or_404(request.user, structure, code)
    qs = (
        AllocationDecision.objects.filter(province=unit)
        if unit.level == Level.PROVINCE
        else AllocationDecision.objects.filter(to_unit=unit)
    )
    lines = queries.money_lines(qs, year=filters.year, fund_kind=filters.fund_kind)
    return [_line(x) for x in lines]


@router.get(
    "/public",
    response=list[PublishedOut],
    auth=None,
    summary="Provinces and the years they have published (public)",
)
def public_index(request: HttpRequest) -> list[dict[str, Any]]:
    return [
        {
            "structure": province.structure,
            "province_code": province.code,
            "province_name": province.name,
            "years": years,
        }
        for province, years in queries.published_provinces()
    ]


class PublicFilters(Schema):
    year: Year | None = None
    fund_kind: FundKindParam | None = None


@router.get(
    "/public/{structure}/{province_code}",
    response=PublicYearOut,
    auth=None,
    summary="A province's published allocations and disbursements for one year (public)",
)
def public_year(
    request: HttpRequest, structure: str, province_code: str, filters: Query[PublicFilters]
) -> dict[str, Any]:
    province = get_object_or_404(
        AdminUnit, structure=structure, code=province_code, level=Level.PROVINCE
    )
    years = queries.published_years(province)
    year = filters.year if filters.year is not None else (years[0] if years else None)
    if year is None or year not in years:
        raise Http404("year not published")
    from .exports import public_report

    report = public_report(province, year, filters.fund_kind)
    totals = report.totals
    return {
        "province_code": province.code,
        "province_name": province.name,
        "year": year,
        "allocated": totals.allocated,
        "disbursed": totals.disbursed,
        "rate": (totals.disbursed / totals.allocated) if totals.allocated else None,
        "rules": sorted({f"{r.code}: {r.version}" for r in report.rules}),
        "lines": [_line(x) for x in report.lines],
    }
