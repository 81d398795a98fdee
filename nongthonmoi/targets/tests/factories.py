"""Commune B's targets things for the access walk (tests/url_samples.py)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace
from typing import Any


def access_walk_objects(units: Any, personas: Any) -> SimpleNamespace:
    from django.core.files.base import ContentFile

    from nongthonmoi.targets.loading import sync_catalogue
    from nongthonmoi.targets.models import (
        Conclusion,
        Conference,
        ConferenceDocument,
        Course,
        Plan,
        Task,
        TaskUpdate,
    )

    sync_catalogue()
    commune = units.commune_b
    conference = Conference.objects.create(
        title="Họp giao ban xã Lý Bôn (thử)",
        held_on=dt.date(2025, 3, 1),
        chair="Chủ tịch xã",
        unit=commune,
    )
    conclusion = Conclusion.objects.create(conference=conference, number=1, text="Kết luận thử")
    plan = Plan.objects.create(unit=commune, year=2025, title="Kế hoạch thử")
    task = Task.objects.create(
        conclusion=conclusion,
        plan=plan,
        title="Nhiệm vụ thử",
        assignee_org="UBND xã",
        assignee_unit=commune,
        owner=personas.officer_b,
        start_date=dt.date(2025, 3, 1),
        deadline=dt.date(2025, 6, 30),
    )
    course = Course.objects.create(
        title="Lớp thử",
        topic="rural_tourism",
        start_date=dt.date(2025, 4, 1),
        end_date=dt.date(2025, 4, 2),
        organiser="UBND xã",
        unit=commune,
    )
    document = ConferenceDocument(conference=conference, title="Biên bản họp (thử)")
    document.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.4 test"))
    update = TaskUpdate(
        task=task, author=personas.officer_b, note="Tiến độ thử", state_after="open"
    )
    update.file.save("tien-do.pdf", ContentFile(b"%PDF-1.4 test"))
    return SimpleNamespace(
        conference=conference,
        task=task,
        plan=plan,
        course=course,
        document=document,
        task_update=update,
    )


def province_with_commune(index: int) -> tuple[Any, Any]:
    """A made-up 2025 province (code 9NN) with one rural commune (99NNN), for tests that add
    provinces one by one."""
    from nongthonmoi.places.models import AdminUnit, Level

    province = AdminUnit.objects.create(
        structure="2025",
        code=f"9{index:02d}",
        name=f"Tỉnh thử {index:02d}",
        level=Level.PROVINCE,
        kind="tinh",
    )
    province.province = province
    province.save()
    commune = AdminUnit.objects.create(
        structure="2025",
        code=f"99{index:03d}",
        name=f"Xã thử {index:02d}",
        level=Level.COMMUNE,
        kind="xa",
        parent=province,
        province=province,
    )
    return province, commune


def course(unit: Any, topic: str, end: dt.date) -> Any:
    """A one-day training course ending on `end`, organised at `unit`."""
    from nongthonmoi.targets.models import Course

    return Course.objects.create(
        title=f"Lớp {topic} {end}",
        topic=topic,
        start_date=end,
        end_date=end,
        organiser="Sở VHTTDL",
        unit=unit,
    )


def attend(c: Any, name: str, role: str, commune: Any, born: int = 1980) -> None:
    """One participant of course `c`, from `commune`."""
    from nongthonmoi.targets.models import Participant

    Participant.objects.create(
        course=c,
        full_name=name,
        birth_year=born,
        role=role,
        commune=commune,
        person_key=f"{name.lower()}|{born}|{commune.pk}",
    )


def evaluate(
    unit: Any, set_code: str, year: int, met: int, meets: bool, basis: str, total: int = 10
) -> None:
    """A stored criteria result of `unit` (what the targets' criteria sources read)."""
    from django.utils import timezone

    from nongthonmoi.criteria.models import Evaluation

    Evaluation.objects.create(
        unit=unit,
        province=unit.province,
        set_code=set_code,
        year=year,
        basis=basis,
        criteria_met=met,
        criteria_total=total,
        meets_standard=meets,
        version_label="test",
        fingerprint="x",
        computed_at=timezone.now(),
    )
