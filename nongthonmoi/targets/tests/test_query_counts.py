"""The main targets pages run as many queries with 30 rows as with 3: no query per row (issue 11).

Each test renders a page with a few rows, adds many more rows of the same kind, renders it again
and compares the number of queries. A per-row query (a related object read in the template, a
`.count()`, a Board or a permission check per row) makes the second number larger.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from nongthonmoi.places.models import AdminUnit, Level
from nongthonmoi.targets import queries
from nongthonmoi.targets.models import (
    Conclusion,
    Conference,
    Course,
    Participant,
    Plan,
    ProgressValue,
    Target,
    TargetOverride,
    Task,
    TaskUpdate,
    TrainingDenominator,
)
from tests.query_counts import MANY, assert_flat

from .factories import province_with_commune

pytestmark = pytest.mark.django_db

MANUAL_TARGET = "OCOP-DIEM-BAN"  # entered by hand, summed over communes


def _communes(province: AdminUnit) -> list[AdminUnit]:
    return list(
        AdminUnit.objects.filter(
            structure=province.structure, level=Level.COMMUNE, province=province
        ).order_by("code")[:MANY]
    )


def _values_grower(province: AdminUnit) -> Callable[[int], None]:
    """Adds a value of the manual target for the next n communes of the province."""
    target = Target.objects.get(code=MANUAL_TARGET)
    communes = iter(_communes(province))

    def grow(n: int) -> None:
        for _ in range(n):
            ProgressValue.objects.create(
                target=target, unit=next(communes), year=2025, value=Decimal(2)
            )

    return grow


# -- boards ------------------------------------------------------------------------------------


def test_board(client, personas, units, catalogue) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    url = reverse("targets:board", args=[units.province.structure, units.province.code])
    assert_flat(client, url, _values_grower(units.province))


def test_drill_down(client, personas, units, catalogue) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    url = reverse(
        "targets:drill", args=[units.province.structure, units.province.code, MANUAL_TARGET]
    )
    assert_flat(client, url, _values_grower(units.province))


@pytest.mark.parametrize("code", [MANUAL_TARGET, "DLNT-LAO-DONG"])  # entered, computed
def test_national_comparison(client, personas, units, catalogue, code) -> None:  # type: ignore[no-untyped-def]
    """One row per province: the provinces' overrides and values are read once for all."""
    client.force_login(personas.central)
    target = Target.objects.get(code=code)
    added: list[int] = []

    def grow(n: int) -> None:
        for _ in range(n):
            index = len(added)
            province, commune = province_with_commune(index)
            ProgressValue.objects.create(
                target=target, unit=commune, year=2025, value=Decimal(index)
            )
            TargetOverride.objects.create(
                target=target,
                province=province,
                target_value=Decimal(10),
                target_year=2030,
                decision_number=f"{index}/QĐ-UBND",
            )
            added.append(province.pk)

    url = reverse("targets:national") + f"?target={code}"
    assert_flat(client, url, grow)
    # the rows read together are the rows each province's own board gives
    ProgressValue.objects.create(
        target=target, unit_id=added[0], year=2024, value=Decimal(7)
    )  # entered for the province itself
    provinces = AdminUnit.objects.filter(level=Level.PROVINCE, structure="2025")
    rows = queries.compare_provinces(target, provinces, dt.date(2026, 6, 1))
    assert len(rows) == provinces.count() > MANY
    for province, row in rows:
        assert row == queries.Board(province, "2025", dt.date(2026, 6, 1)).row(target)


# -- tasks, plans, conferences ------------------------------------------------------------------


@pytest.fixture
def conclusion(units, personas) -> Conclusion:  # type: ignore[no-untyped-def]
    conference = Conference.objects.create(
        title="Hội nghị", held_on=dt.date(2025, 1, 10), chair="Chủ tịch", unit=units.province
    )
    return Conclusion.objects.create(conference=conference, number=1, text="Kết luận")


def _tasks_grower(units: Any, personas: Any, conclusion: Conclusion) -> Callable[[int], None]:
    plan = Plan.objects.create(unit=units.province, year=2025)
    owners = [personas.officer_a, None]

    def grow(n: int) -> None:
        for index in range(n):
            Task.objects.create(
                conclusion=conclusion,
                plan=plan,
                title=f"Việc {index}",
                assignee_org="Sở Nông nghiệp và Môi trường",
                assignee_unit=units.province,
                owner=owners[index % 2],
                start_date=dt.date(2025, 1, 1 + index % 28),
                deadline=dt.date(2025, 6, 1 + index % 28),
            )

    return grow


@pytest.mark.parametrize("page", ["tasks", "timeline", "conference", "plan"])
def test_task_pages(client, personas, units, catalogue, conclusion, page) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    grow = _tasks_grower(units, personas, conclusion)
    url = {
        "tasks": reverse("targets:tasks"),
        "timeline": reverse("targets:timeline") + "?year=2025",
        "conference": reverse("targets:conference", args=[conclusion.conference_id]),
        "plan": reverse("targets:plan", args=[Plan.objects.get().pk]),
    }[page]
    assert_flat(client, url, grow)


def test_task_detail(client, personas, units, catalogue, conclusion) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    _tasks_grower(units, personas, conclusion)(1)
    task = Task.objects.get()
    targets = iter(Target.objects.order_by("code")[:MANY])

    def grow(n: int) -> None:
        for _ in range(n):
            TaskUpdate.objects.create(
                task=task, author=personas.approver, note="Tiến độ", state_after="in_progress"
            )
            linked = next(targets, None)  # the catalogue has fewer than 30 targets
            if linked is not None:
                task.targets.add(linked)

    assert_flat(client, reverse("targets:task", args=[task.pk]), grow)


def test_plans(client, personas, units, catalogue) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    years = iter(range(2000, 2100))

    def grow(n: int) -> None:
        for _ in range(n):
            Plan.objects.create(unit=units.province, year=next(years))

    assert_flat(client, reverse("targets:plans"), grow)


def test_conferences(client, personas, units, catalogue) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)

    def grow(n: int) -> None:
        for index in range(n):
            conference = Conference.objects.create(
                title=f"Hội nghị {index}",
                held_on=dt.date(2025, 1, 1 + index % 28),
                chair="Chủ tịch",
                unit=units.province,
            )
            conference.bridge_points.add(units.commune_a, units.commune_b)

    assert_flat(client, reverse("targets:conferences"), grow)


# -- training ----------------------------------------------------------------------------------


def test_training(client, personas, units, catalogue) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    communes = iter(_communes(units.province))

    def grow(n: int) -> None:
        for index in range(n):
            commune = next(communes)
            Course.objects.create(
                title=f"Lớp {index}",
                topic="rural_tourism",
                start_date=dt.date(2025, 3, 1),
                end_date=dt.date(2025, 3, 2),
                organiser="Sở VHTTDL",
                unit=commune,
            )
            TrainingDenominator.objects.create(commune=commune, year=2025, tourism_workers=10)

    assert_flat(client, reverse("targets:training"), grow)


def test_course(client, personas, units, catalogue) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    course = Course.objects.create(
        title="Lớp",
        topic="rural_tourism",
        start_date=dt.date(2025, 3, 1),
        end_date=dt.date(2025, 3, 2),
        organiser="Sở VHTTDL",
        unit=units.province,
    )
    communes = iter(_communes(units.province))

    def grow(n: int) -> None:
        for index in range(n):
            Participant.objects.create(
                course=course,
                full_name=f"Nguyễn Văn {index}",
                role="tourism_worker",
                commune=next(communes),
                person_key=str(index),
            )

    assert_flat(client, reverse("targets:course", args=[course.pk]), grow)
