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
