from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from nongthonmoi.accounts.scope import get_unit_or_404, units_for

from . import queries
from .models import AdminUnit

router = Router(tags=["units"])


class UnitOut(Schema):
    structure: str
    code: str
    name: str
    level: str
    kind: str
    parent_code: str | None
    region: str
    commune_group: int | None
    flags: list[str]

    @staticmethod
    def resolve_parent_code(obj: AdminUnit) -> str | None:
        return obj.parent.code if obj.parent_id and obj.parent else None


class UnitFilter(Schema):
    structure: str | None = None
    level: str | None = None
    parent: str | None = None
    limit: int = Field(500, ge=1, le=5000)
    offset: int = Field(0, ge=0, le=10_000_000)


@router.get("/units", response=list[UnitOut], summary="Units in the caller's scope")
def list_units(request: HttpRequest, filters: Query[UnitFilter]) -> list[AdminUnit]:
    qs = units_for(request.user).select_related("parent")
    if filters.structure:
        qs = qs.filter(structure=filters.structure)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.parent:
        qs = qs.filter(parent__code=filters.parent)
    return list(qs.order_by("structure", "code")[filters.offset : filters.offset + filters.limit])


@router.get(
    "/units/search",
    response=list[UnitOut],
    summary="Search units by name, with or without diacritics",
)
def search_units(request: HttpRequest, q: str, structure: str | None = None) -> list[AdminUnit]:
    scoped = units_for(request.user).values("pk")
    return list(queries.search(q, structure).filter(pk__in=scoped).select_related("parent")[:50])


@router.get("/units/{structure}/{code}", response=UnitOut)
def unit_detail(request: HttpRequest, structure: str, code: str) -> AdminUnit:
    return get_unit_or_404(request.user, structure, code)


@router.get("/units/{structure}/{code}/children", response=list[UnitOut])
def unit_children(request: HttpRequest, structure: str, code: str) -> list[AdminUnit]:
    unit = get_unit_or_404(request.user, structure, code)
    return list(
        units_for(request.user).filter(parent=unit).select_related("parent").order_by("code")
    )
