"""Conferences, conclusions, tasks, overdue from the clock, inbox, reminders by e-mail, plans."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from nongthonmoi.accounts.models import User
from nongthonmoi.core.models import AuditEntry
from nongthonmoi.targets.models import Conference, Plan, ReminderSent, Task, TaskState
from nongthonmoi.targets.reminders import reminder_kind
from nongthonmoi.targets.services import do_add_task, do_record_conference

pytestmark = pytest.mark.django_db


@pytest.fixture
def department(db) -> User:  # type: ignore[no-untyped-def]
    return User.objects.create_user(
        "so.vhttdl", email="vhttdl@example.vn", password="x", full_name="Sở VHTTDL"
    )


@pytest.fixture
def conference(personas, units, catalogue) -> Conference:  # type: ignore[no-untyped-def]
    return do_record_conference(
        personas.approver,
        units.province,
        title="Hội nghị trực tuyến triển khai Chương trình MTQG XDNTM 2021–2025",
        held_on=dt.date(2022, 11, 17),
        chair="Thứ trưởng Bộ NN&PTNT Trần Thành Nam",
        is_online=True,
        bridge_points=[units.province],
        conclusions=["Xây dựng kế hoạch cụ thể", "Tập huấn du lịch nông thôn"],
    )


def add_task(
    personas, units, conference, owner, deadline: dt.date, title: str = "Nhiệm vụ"
) -> Task:  # type: ignore[no-untyped-def]
    return do_add_task(
        personas.approver,
        title=title,
        assignee_org="Sở Văn hoá, Thể thao và Du lịch",
        assignee_unit=units.province,
        owner=owner,
        start_date=dt.date(2022, 11, 20),
        deadline=deadline,
        conclusion=conference.conclusions.last(),
    )


def test_a_conference_is_recorded_with_its_conclusions_and_audited(conference) -> None:  # type: ignore[no-untyped-def]
    assert [c.number for c in conference.conclusions.all()] == [1, 2]
    assert conference.bridge_points.count() == 1
    assert AuditEntry.objects.filter(action="targets.conference").exists()


def test_a_commune_officer_cannot_record_a_conference_for_the_province(personas, units) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.core.exceptions import PermissionDeniedError

    with pytest.raises(PermissionDeniedError):
        do_record_conference(
            personas.officer_a, units.province, title="x", held_on=dt.date(2022, 1, 1), chair="y"
        )


def test_a_task_joins_its_units_plan_of_the_deadline_year(
    personas, units, conference, department
) -> None:  # type: ignore[no-untyped-def]
    task = add_task(personas, units, conference, department, dt.date(2023, 3, 31))
    assert task.plan == Plan.objects.get(unit=units.province, year=2023)


def test_overdue_is_derived_from_the_clock_and_never_stored(
    personas, units, conference, department
) -> None:  # type: ignore[no-untyped-def]
    task = add_task(personas, units, conference, department, dt.date(2022, 12, 15))
    assert task.display_state(dt.date(2022, 12, 15)) == TaskState.OPEN
    assert task.display_state(dt.date(2022, 12, 16)) == "overdue"
    task.state = TaskState.DONE
    assert task.display_state(dt.date(2023, 1, 1)) == TaskState.DONE
    assert Task.objects.get(pk=task.pk).state == TaskState.OPEN


def test_the_assignee_sees_overdue_and_soon_due_tasks_in_the_home_inbox(
    client, personas, units, conference, department, settings
) -> None:  # type: ignore[no-untyped-def]
    late = add_task(personas, units, conference, department, dt.date(2022, 12, 15), "Kế hoạch")
    soon = add_task(personas, units, conference, department, dt.date(2022, 12, 22), "Tập huấn")
    add_task(personas, units, conference, department, dt.date(2023, 6, 30), "Xa hạn")
    settings.TARGETS_TODAY = dt.date(2022, 12, 16)
    client.force_login(department)
    page = client.get("/").content.decode()
    inbox = page[page.index('id="targets-inbox"') :]
    assert late.title in inbox[: inbox.index("Sắp đến hạn")]
    assert soon.title in inbox[inbox.index("Sắp đến hạn") :]
    assert "Xa hạn" not in inbox
    client.force_login(personas.officer_a)
    assert 'id="targets-inbox"' not in client.get("/").content.decode()


def test_the_owner_marks_a_task_done_and_others_cannot(
    client, personas, units, conference, department, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.TARGETS_TODAY = dt.date(2022, 12, 1)
    task = add_task(personas, units, conference, department, dt.date(2022, 12, 15))
    url = reverse("targets:task", args=[task.pk])
    client.force_login(personas.officer_a)
    assert client.post(url, {"state": "done", "note": "x"}).status_code == 404
    client.force_login(department)
    client.post(url, {"state": "done", "note": "Đã ban hành kế hoạch số 12/KH-SVHTTDL"})
    task.refresh_from_db()
    assert (task.state, task.completed_on) == (TaskState.DONE, dt.date(2022, 12, 1))
    assert task.updates.get().note.startswith("Đã ban hành")
    conference_page = client.get(reverse("targets:conference", args=[conference.pk]))
    assert conference_page.status_code == 200  # the owner reads the conference that assigned it
    assert AuditEntry.objects.filter(action="targets.task_update", object_id=str(task.pk)).exists()


def test_tasks_are_added_from_the_conference_page_by_the_province(
    client, personas, units, conference, department
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    page = client.get(reverse("targets:conference", args=[conference.pk])).content.decode()
    assert "Thứ trưởng" in page and "Tập huấn du lịch nông thôn" in page
    client.post(
        reverse("targets:conference_add_task", args=[conference.pk]),
        {
            "task-conclusion": conference.conclusions.first().pk,
            "task-title": "Xây dựng kế hoạch của tỉnh",
            "task-assignee_org": "Sở Nông nghiệp và Môi trường",
            "task-assignee_unit": units.province.pk,
            "task-owner": department.username,
            "task-start_date": "2022-11-20",
            "task-deadline": "2022-12-31",
            "task-targets": [],
        },
    )
    task = Task.objects.get(title="Xây dựng kế hoạch của tỉnh")
    assert task.owner == department
    client.force_login(personas.officer_a)
    assert client.get(reverse("targets:conference", args=[conference.pk])).status_code == 404


def test_the_task_list_filters_overdue_and_exports(
    client, personas, units, conference, department, settings
) -> None:  # type: ignore[no-untyped-def]
    add_task(personas, units, conference, department, dt.date(2022, 12, 15), "Trễ hạn")
    add_task(personas, units, conference, department, dt.date(2023, 12, 15), "Còn hạn")
    settings.TARGETS_TODAY = dt.date(2023, 1, 10)
    client.force_login(personas.approver)
    page = client.get(reverse("targets:tasks"), {"state": "overdue"}).content.decode()
    assert "Trễ hạn" in page and "Còn hạn" not in page
    response = client.get(reverse("targets:tasks_xlsx"), {"state": "overdue"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf = client.get(reverse("targets:tasks_pdf"))
    assert pdf.content.startswith(b"%PDF")
    timeline = client.get(reverse("targets:timeline"), {"year": 2022}).content.decode()
    assert "state-overdue" in timeline


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (dt.date(2022, 12, 8), "due_in_7"),
        (dt.date(2022, 12, 9), None),
        (dt.date(2022, 12, 14), "due_in_1"),
        (dt.date(2022, 12, 15), None),
        (dt.date(2022, 12, 16), "overdue"),
        (dt.date(2022, 12, 17), None),
        (dt.date(2022, 12, 23), "overdue"),
    ],
)
def test_reminders_fall_before_the_deadline_and_weekly_after_it(today, kind) -> None:  # type: ignore[no-untyped-def]
    assert reminder_kind(dt.date(2022, 12, 15), False, today) == kind


def test_the_daily_job_mails_each_reminder_once(
    personas, units, conference, department, immediate_tasks
) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.targets.tasks import send_task_reminders

    task = add_task(personas, units, conference, department, dt.date(2022, 12, 15))
    with time_machine.travel(dt.datetime(2022, 12, 8, 9, 0, tzinfo=dt.UTC), tick=False):
        send_task_reminders.enqueue()
        send_task_reminders.enqueue()  # run twice the same day: one mail
    assert len(mail.outbox) == 1
    assert "sắp đến hạn" in mail.outbox[0].subject
    assert mail.outbox[0].to == ["vhttdl@example.vn"]
    with time_machine.travel(dt.datetime(2022, 12, 16, 9, 0, tzinfo=dt.UTC), tick=False):
        send_task_reminders.enqueue()
    assert "quá hạn" in mail.outbox[-1].subject
    task.state = TaskState.DONE
    task.save()
    with time_machine.travel(dt.datetime(2022, 12, 23, 9, 0, tzinfo=dt.UTC), tick=False):
        send_task_reminders.enqueue()
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.filter(task=task).count() == 2


def test_the_province_adds_conclusions_and_documents_and_a_commune_officer_cannot(
    client, personas, units, conference, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path

    client.force_login(personas.approver)
    client.post(
        reverse("targets:conference_add_conclusion", args=[conference.pk]),
        {"c-text": "Lồng ghép nguồn vốn các chương trình MTQG khác"},
    )
    assert conference.conclusions.last().number == 3
    client.post(
        reverse("targets:conference_add_document", args=[conference.pk]),
        {"d-title": "Kết luận hội nghị", "d-file": SimpleUploadedFile("kl.pdf", b"%PDF-1.4")},
    )
    assert conference.documents.get().title == "Kết luận hội nghị"
    client.force_login(personas.officer_a)
    response = client.post(
        reverse("targets:conference_add_conclusion", args=[conference.pk]), {"c-text": "x"}
    )
    assert response.status_code == 404
    assert conference.conclusions.count() == 3


def test_a_province_may_give_a_number_to_a_target_the_reference_leaves_unknown(
    personas, units, catalogue
) -> None:  # type: ignore[no-untyped-def]
    from decimal import Decimal

    from nongthonmoi.targets.models import Target
    from nongthonmoi.targets.queries import Board
    from nongthonmoi.targets.services import do_set_override

    security = Target.objects.get(code="ANTT-TAP-HUAN")
    do_set_override(
        personas.approver,
        security,
        units.province,
        target_value=Decimal(90),
        target_year=2025,
        decision_number="45/KH-UBND",
    )
    row = Board(units.province, "2025", dt.date(2025, 12, 31)).row(security)
    assert row.effective.target_value == Decimal(90)
    assert row.effective.origin == "province"
    assert Target.objects.get(code="ANTT-TAP-HUAN").target_value is None  # shipped data untouched


def test_the_task_pages_stay_within_a_query_budget(
    client, personas, units, conference, department, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    for i in range(12):
        add_task(personas, units, conference, department, dt.date(2023, 1, 1 + i), f"Việc {i}")
    client.force_login(personas.approver)
    for url in [
        reverse("targets:tasks"),
        reverse("targets:conference", args=[conference.pk]),
        reverse("targets:timeline") + "?year=2023",
        reverse("targets:plan", args=[Plan.objects.get(year=2023).pk]),
    ]:
        with django_assert_max_num_queries(25):
            assert client.get(url).status_code == 200, url


def test_odd_years_in_the_query_string_fall_back_quietly(
    client, personas, units, catalogue
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    drill = reverse("targets:drill", args=["2025", units.province.code, "DLNT-LAO-DONG"])
    for url in [
        drill,
        reverse("targets:timeline"),
        reverse("targets:plans"),
        reverse("targets:tasks"),
    ]:
        for year in ["abc", "99999", "0"]:
            assert client.get(url, {"year": year}).status_code == 200, (url, year)


def test_task_progress_files_are_kept_private_and_served_only_within_scope(
    client, personas, units, conference, department, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path
    settings.TARGETS_TODAY = dt.date(2022, 12, 1)
    task = add_task(personas, units, conference, department, dt.date(2022, 12, 15))
    client.force_login(department)
    client.post(
        reverse("targets:task", args=[task.pk]),
        {
            "state": "in_progress",
            "note": "Đã tổ chức lớp đợt 1",
            "file": SimpleUploadedFile("danh-sach.xlsx", b"PK-xlsx"),
        },
    )
    update = task.updates.get()
    assert (tmp_path / "private" / update.file.name).read_bytes() == b"PK-xlsx"
    assert not (tmp_path / "media").exists()  # never where the web server publishes files
    url = reverse("targets:task_file", args=[update.pk])
    assert url in client.get(reverse("targets:task", args=[task.pk])).content.decode()

    for user in [department, personas.approver]:  # the owner, the province
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert b"".join(response.streaming_content) == b"PK-xlsx"
        assert response["Content-Disposition"].startswith("attachment;")
    for user in [personas.officer_a, personas.other_approver]:  # a commune, another province
        client.force_login(user)
        assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


def test_conference_documents_are_served_only_to_those_who_may_open_the_conference(
    client, personas, units, conference, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path
    client.force_login(personas.approver)
    client.post(
        reverse("targets:conference_add_document", args=[conference.pk]),
        {"d-title": "Kết luận hội nghị", "d-file": SimpleUploadedFile("kl.pdf", b"%PDF-1.4")},
    )
    document = conference.documents.get()
    url = reverse("targets:conference_document", args=[document.pk])
    assert url in client.get(reverse("targets:conference", args=[conference.pk])).content.decode()
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4"
    assert response["Content-Disposition"].startswith("inline;")  # a PDF opens in the browser
    client.force_login(personas.other_approver)
    assert client.get(url).status_code == 404


def test_html_and_scripts_are_refused_as_task_files_and_conference_documents(
    client, personas, units, conference, department, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DATA_DIR = tmp_path
    settings.TARGETS_TODAY = dt.date(2022, 12, 1)
    task = add_task(personas, units, conference, department, dt.date(2022, 12, 15))
    page = b"<script>alert(1)</script>"
    client.force_login(department)
    response = client.post(
        reverse("targets:task", args=[task.pk]),
        {"state": "done", "note": "x", "file": SimpleUploadedFile("bao-cao.html", page)},
    )
    assert response.status_code == 200 and "“html”" in response.content.decode()
    task.refresh_from_db()
    assert task.state == TaskState.OPEN and not task.updates.exists()

    client.force_login(personas.approver)
    response = client.post(
        reverse("targets:conference_add_document", args=[conference.pk]),
        {"d-title": "x", "d-file": SimpleUploadedFile("x.svg", page)},
        follow=True,
    )
    assert "“svg”" in response.content.decode()
    assert not conference.documents.exists()


def test_files_uploaded_before_they_became_private_are_moved_out_of_media(
    personas, units, conference, settings, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    import importlib

    from django.apps import apps

    from nongthonmoi.targets.models import ConferenceDocument

    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DATA_DIR = tmp_path
    old = tmp_path / "media" / "targets" / "conferences" / "2022" / "kl.pdf"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"%PDF-1.4 old")
    ConferenceDocument.objects.create(
        conference=conference, title="cũ", file="targets/conferences/2022/kl.pdf"
    )
    migration = importlib.import_module("nongthonmoi.targets.migrations.0002_private_files")
    migration.move_existing_files(apps, None)
    assert not old.exists()
    assert (tmp_path / "private" / "targets" / "conferences" / "2022" / "kl.pdf").read_bytes() == (
        b"%PDF-1.4 old"
    )
