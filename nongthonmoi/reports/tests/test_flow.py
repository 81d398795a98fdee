from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.core.models import AuditEntry
from nongthonmoi.reports import services
from nongthonmoi.reports.models import Generation, GenerationStatus, Report, Status

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(personas, units):  # type: ignore[no-untyped-def]
    return services.do_create_report(personas.approver, "bao-cao-6-thang", 2026, 1, units.province)


@pytest.fixture
def generated(report, personas, immediate_tasks, private_dir):  # type: ignore[no-untyped-def]
    generation = services.do_request_generation(personas.approver, report)
    generation.refresh_from_db()
    return generation


def test_a_generation_runs_in_the_task_and_stores_files_with_the_snapshot(generated) -> None:  # type: ignore[no-untyped-def]
    assert generated.status == GenerationStatus.DONE, generated.error
    assert generated.progress == 100
    assert generated.snapshot["scope"] == "Tỉnh Cao Bằng"
    assert generated.snapshot_at is not None
    workbook = load_workbook(io.BytesIO(generated.xlsx.read()))
    assert workbook.sheetnames[0] == "Thông tin"
    assert generated.pdf.read()[:5] == b"%PDF-"


def test_regenerating_from_a_snapshot_reuses_its_numbers_and_timestamp(
    generated, report, personas
) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.reports.generation import render_xlsx

    again = services.do_request_generation(personas.approver, report, from_snapshot=generated)
    again.refresh_from_db()
    assert again.status == GenerationStatus.DONE
    assert again.snapshot == generated.snapshot
    assert again.snapshot_at == generated.snapshot_at
    assert render_xlsx(again.snapshot) and again.from_snapshot_id == generated.pk

    def cells(generation: Generation) -> list[list[object]]:
        book = load_workbook(io.BytesIO(generation.xlsx.open("rb").read()))
        return [[c.value for c in row] for ws in book for row in ws.iter_rows()]

    assert cells(again) == cells(generated)


def test_the_workflow_goes_draft_reviewed_signed_off_sent_and_is_audited(
    generated, report, personas
) -> None:  # type: ignore[no-untyped-def]
    for target in (Status.REVIEWED, Status.SIGNED_OFF, Status.SENT):
        report = services.do_transition(personas.approver, report, target)
    report.refresh_from_db()
    assert report.status == Status.SENT
    assert report.signed_generation_id == generated.pk
    actions = list(
        AuditEntry.objects.filter(object_id=str(report.pk), action__startswith="reports.")
        .order_by("pk")
        .values_list("action", flat=True)
    )
    assert actions == [
        "reports.create",
        "reports.generate",
        "reports.review",
        "reports.sign_off",
        "reports.send",
    ]


def test_a_report_cannot_be_reviewed_before_its_files_exist(report, personas) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed):
        services.do_transition(personas.approver, report, Status.REVIEWED)


def test_returning_a_report_needs_a_reason_and_reopens_the_texts(
    generated, report, personas
) -> None:  # type: ignore[no-untyped-def]
    report = services.do_transition(personas.approver, report, Status.REVIEWED)
    with pytest.raises(ValidationFailed):
        services.do_save_texts(personas.approver, report, {"kho-khan": "x"})
    with pytest.raises(ValidationFailed):
        services.do_transition(personas.approver, report, Status.DRAFT)
    report = services.do_transition(personas.approver, report, Status.DRAFT, "Thiếu số liệu vốn")
    services.do_save_texts(personas.approver, report, {"kho-khan": "Thiếu vốn đối ứng"})
    assert Report.objects.get(pk=report.pk).texts["kho-khan"] == "Thiếu vốn đối ứng"


def test_another_province_approver_cannot_touch_the_report(report, personas) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDeniedError):
        services.do_save_texts(personas.other_approver, report, {"kho-khan": "x"})
    with pytest.raises(PermissionDeniedError):
        services.do_request_generation(personas.other_approver, report)


def test_a_commune_officer_cannot_create_a_province_report(personas, units) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDeniedError):
        services.do_create_report(personas.officer_a, "bao-cao-nam", 2026, None, units.province)


def test_creating_lists_every_problem(personas, units) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed) as caught:
        services.do_create_report(personas.approver, "bao-cao-6-thang", 1999, None, units.commune_a)
    assert len(caught.value.problems) == 3


def test_a_second_report_for_the_same_period_is_refused(report, personas, units) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed):
        services.do_create_report(personas.approver, "bao-cao-6-thang", 2026, 1, units.province)


def test_only_the_central_level_creates_the_national_report(personas) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDeniedError):
        services.do_create_report(personas.approver, "bao-cao-nam", 2026, None, None)
    national = services.do_create_report(personas.central, "bao-cao-nam", 2026, None, None)
    assert national.province is None and national.half == 0


# --- pages ------------------------------------------------------------------------------------


def test_the_approver_creates_a_report_from_the_index_page(client, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    assert client.get(reverse("reports:index")).status_code == 200
    response = client.post(
        reverse("reports:create"),
        {"definition": "bao-cao-6-thang", "year": "2026", "half": "2", "province": "04"},
    )
    report = Report.objects.get(definition_code="bao-cao-6-thang", year=2026, half=2)
    assert response["Location"] == reverse("reports:detail", args=[report.pk])
    assert report.province.code == "04" and report.status == Status.DRAFT


def test_the_detail_page_saves_texts_and_generates(
    client, report, personas, immediate_tasks, private_dir
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    url = reverse("reports:detail", args=[report.pk])
    assert client.get(url).status_code == 200
    client.post(reverse("reports:texts", args=[report.pk]), {"kien-nghi": "Bổ sung vốn"})
    assert Report.objects.get(pk=report.pk).texts["kien-nghi"] == "Bổ sung vốn"
    client.post(reverse("reports:generate", args=[report.pk]))
    generation = report.generations.get()
    assert generation.status == GenerationStatus.DONE
    page = client.get(url).content.decode()
    assert reverse("reports:download", args=[generation.pk, "pdf"]) in page
    download = client.get(reverse("reports:download", args=[generation.pk, "xlsx"]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content)[:2] == b"PK"


def test_the_status_fragment_polls_until_the_files_exist(client, report, personas) -> None:  # type: ignore[no-untyped-def]
    generation = Generation.objects.create(
        report=report, requested_by=personas.approver, progress=40
    )
    client.force_login(personas.approver)
    url = reverse("reports:generation_status", args=[generation.pk])
    fragment = client.get(url).content.decode()
    assert 'hx-trigger="every 1s"' in fragment and 'value="40"' in fragment
    Generation.objects.filter(pk=generation.pk).update(status=GenerationStatus.FAILED, error="hỏng")
    fragment = client.get(url).content.decode()
    assert "hx-trigger" not in fragment and "hỏng" in fragment


def test_the_other_province_approver_and_officers_get_404(client, report, personas) -> None:  # type: ignore[no-untyped-def]
    generation = Generation.objects.create(report=report, requested_by=personas.approver)
    for user in (personas.other_approver, personas.officer_a):
        client.force_login(user)
        assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 404
        assert (
            client.get(reverse("reports:generation_status", args=[generation.pk])).status_code
            == 404
        )
        assert client.post(reverse("reports:generate", args=[report.pk])).status_code == 404
        assert (
            client.get(reverse("reports:download", args=[generation.pk, "pdf"])).status_code == 404
        )


def test_the_central_viewer_sees_every_province_in_the_overview(client, report, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.central)
    page = client.get(reverse("reports:index"), {"year": 2026}).content.decode()
    assert "Lạng Sơn" in page and reverse("reports:detail", args=[report.pk]) in page
    assert client.get(reverse("reports:detail", args=[report.pk])).status_code == 200


def test_the_api_lists_only_reports_in_scope(client, report, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    assert [r["id"] for r in client.get("/api/v1/reports/").json()] == [report.pk]
    client.force_login(personas.other_approver)
    assert client.get("/api/v1/reports/").json() == []


def test_the_index_page_runs_in_few_queries(
    client, report, personas, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.central)
    with django_assert_max_num_queries(20):
        client.get(reverse("reports:index"), {"year": 2026})


def test_the_demo_creates_its_reports_once(demo_world, private_dir) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.reports import demo

    demo.load()
    counts = (Report.objects.count(), Generation.objects.count(), AuditEntry.objects.count())
    demo.load()
    assert (
        Report.objects.count(),
        Generation.objects.count(),
        AuditEntry.objects.count(),
    ) == counts
    half_year = Report.objects.get(
        definition_code="bao-cao-6-thang", year=2026, province__code="04"
    )
    assert half_year.status == Status.DRAFT and half_year.texts["kho-khan"].startswith("(Nội dung")
    assert half_year.generations.get().status == GenerationStatus.DONE
    assert Report.objects.filter(definition_code="bao-cao-nam", province__isnull=True).exists()


def test_a_second_generation_waits_for_the_first_unless_the_first_was_lost(
    report, personas
) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    from django.utils import timezone

    stuck = Generation.objects.create(report=report, requested_by=personas.approver)
    with pytest.raises(ValidationFailed):
        services.do_request_generation(personas.approver, report)
    Generation.objects.filter(pk=stuck.pk).update(
        requested_at=timezone.now() - dt.timedelta(hours=1)
    )
    assert services.do_request_generation(personas.approver, report).pk != stuck.pk


def test_the_phase_end_report_generates_on_the_old_map(
    personas, units, immediate_tasks, private_dir
) -> None:  # type: ignore[no-untyped-def]
    report = services.do_create_report(
        personas.approver, "bao-cao-cuoi-giai-doan-2021-2025", 2030, None, units.province
    )
    assert report.year == 2025 and report.period_kind == "phase"
    generation = services.do_request_generation(personas.approver, report)
    generation.refresh_from_db()
    assert generation.status == GenerationStatus.DONE, generation.error
    assert generation.snapshot["map"] == "2021"
    units_table = next(s for s in generation.snapshot["sections"] if s["key"] == "don-vi")
    assert units_table["table"]["rows"][0][0] == units.old_province.name
    assert units_table["table"]["rows"][0][2] > 100  # old Cao Bằng had 161 communes
