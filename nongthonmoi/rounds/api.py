"""Rounds API: what the caller must do (inbox), a unit's reporting status, the public list."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from ninja import Query, Router, Schema

from nongthonmoi.accounts.scope import get_unit_or_404

from . import queries
from .models import Recognition, RoundUnit

router = Router(tags=["rounds"])


class RoundUnitOut(Schema):
    round_id: int
    round_title: str
    set_code: str
    year: int
    due_on: dt.date
    unit_code: str
    unit_name: str
    status: str


def _out(ru: RoundUnit) -> RoundUnitOut:
    return RoundUnitOut(
        round_id=ru.round_id,
        round_title=ru.round.title,
        set_code=ru.round.set_code,
        year=ru.round.year,
        due_on=ru.round.due_on,
        unit_code=ru.unit.code,
        unit_name=ru.unit.name,
        status=ru.status,
    )


class InboxOut(Schema):
    due: list[RoundUnitOut]
    overdue: list[RoundUnitOut]
    returned: list[RoundUnitOut]
    to_review: list[RoundUnitOut]
    unread_notifications: int


@router.get(
    "/inbox", response=InboxOut, summary="Reports due, overdue, returned or waiting for the caller"
)
def inbox(request: HttpRequest) -> InboxOut:
    box = queries.inbox_for(request.user)
    return InboxOut(
        due=[_out(r) for r in box.due],
        overdue=[_out(r) for r in box.overdue],
        returned=[_out(r) for r in box.returned],
        to_review=[_out(r) for r in box.to_review],
        unread_notifications=box.unread,
    )


@router.get(
    "/units/{structure}/{code}",
    response=list[RoundUnitOut],
    summary="A unit's status in every round",
)
def unit_rounds(request: HttpRequest, structure: str, code: str) -> list[RoundUnitOut]:
    unit = get_unit_or_404(request.user, structure, code)
    rows = (
        RoundUnit.objects.filter(unit=unit).select_related("round", "unit").order_by("-round__year")
    )
    return [_out(r) for r in rows]


class RecognitionOut(Schema):
    province: str
    unit_code: str
    unit_name: str
    tier: str
    set_code: str
    year: int
    decision_number: str
    decision_date: dt.date


@router.get(
    "/recognitions/public",
    response=list[RecognitionOut],
    auth=None,
    summary="Recognised units of a year (public)",
)
def public_recognitions(
    request: HttpRequest, year: int | None = Query(None, ge=1990, le=2100)
) -> list[RecognitionOut]:
    qs = Recognition.objects.filter(withdrawn_on__isnull=True).select_related(
        "unit", "unit__province"
    )
    if year is not None:
        if not 1900 <= year <= 2200:  # a year column is small; never pass a huge int to the DB
            return []
        qs = qs.filter(year=year)
    return [
        RecognitionOut(
            province=r.unit.province.name if r.unit.province else "",
            unit_code=r.unit.code,
            unit_name=r.unit.name,
            tier=r.tier,
            set_code=r.set_code,
            year=r.year,
            decision_number=r.decision_number,
            decision_date=r.decision_date,
        )
        for r in qs.order_by("-year", "unit__code")[:5000]
    ]
