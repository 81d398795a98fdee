"""Read API: programmes and targets, a unit's board, tasks (all scoped by accounts.scope)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from nongthonmoi.accounts.scope import get_unit_or_404

from . import queries
from .clock import today
from .models import Programme, Task

router = Router(tags=["targets"])


class TargetOut(Schema):
    code: str
    text: str
    unit: str
    direction: str
    target_value: Decimal | None
    target_year: int
    level: str
    aggregation: str
    computed: bool
    source: str
    source_status: str


class ProgrammeOut(Schema):
    code: str
    name: str
    legal_basis: str
    targets: list[TargetOut]


class BoardRowOut(Schema):
    target: str
    year: int | None
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    target_value: Decimal | None
    target_year: int
    target_origin: str
    expected: Decimal | None
    status: str


class TaskOut(Schema):
    id: int
    title: str
    assignee_org: str
    assignee_unit: str
    start_date: dt.date
    deadline: dt.date
    state: str
    overdue: bool


@router.get("/programmes", response=list[ProgrammeOut], summary="Programmes and their targets")
def programmes(request: HttpRequest) -> list[ProgrammeOut]:
    return [
        ProgrammeOut(
            code=p.code,
            name=p.name,
            legal_basis=p.legal_basis,
            targets=[
                TargetOut(
                    code=t.code,
                    text=t.text,
                    unit=t.unit_label,
                    direction=t.direction,
                    target_value=t.target_value,
                    target_year=t.target_year,
                    level=t.level,
                    aggregation=t.aggregation,
                    computed=t.is_computed,
                    source=t.source,
                    source_status=t.source_status,
                )
                for t in p.targets.all()
            ],
        )
        for p in Programme.objects.prefetch_related("targets")
    ]


@router.get(
    "/units/{structure}/{code}/board",
    response=list[BoardRowOut],
    summary="A unit's targets: value, target, expected value on the trajectory, status",
)
def board(request: HttpRequest, structure: str, code: str) -> list[BoardRowOut]:
    unit = get_unit_or_404(request.user, structure, code)
    rows = queries.Board(unit, structure, today()).rows()
    return [
        BoardRowOut(
            target=r.target.code,
            year=r.year,
            value=r.shown_value,
            numerator=r.numerator,
            denominator=r.denominator,
            target_value=r.effective.target_value,
            target_year=r.effective.target_year,
            target_origin=r.effective.origin,
            expected=r.expected,
            status=r.status.value,
        )
        for r in rows
    ]


def _task_out(task: Task, now: dt.date) -> TaskOut:
    return TaskOut(
        id=task.pk,
        title=task.title,
        assignee_org=task.assignee_org,
        assignee_unit=task.assignee_unit.code,
        start_date=task.start_date,
        deadline=task.deadline,
        state=task.display_state(now),
        overdue=task.is_overdue(now),
    )


class Page(Schema):
    limit: int = Field(200, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=10_000_000)


@router.get("/tasks", response=list[TaskOut], summary="Tasks in the caller's scope")
def tasks(request: HttpRequest, page: Query[Page]) -> list[TaskOut]:
    now = today()
    qs = queries.visible_tasks(request.user).order_by("deadline", "pk")
    qs = qs[page.offset : page.offset + page.limit]
    return [_task_out(t, now) for t in qs]


@router.get(
    "/units/{structure}/{code}/tasks", response=list[TaskOut], summary="Tasks assigned to a unit"
)
def unit_tasks(request: HttpRequest, structure: str, code: str) -> list[TaskOut]:
    unit = get_unit_or_404(request.user, structure, code)
    now = today()
    qs = Task.objects.filter(assignee_unit=unit).select_related("assignee_unit")
    return [_task_out(t, now) for t in qs.order_by("deadline", "pk")[:1000]]
