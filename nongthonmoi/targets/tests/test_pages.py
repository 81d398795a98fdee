"""Pages: boards, drill-down, comparison, entry, import, override, training, exports."""

from __future__ import annotations

import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from nongthonmoi.core.models import AuditEntry
from nongthonmoi.targets.models import (
    Course,
    Participant,
    ProgressValue,
    Target,
    TargetOverride,
    TrainingDenominator,
)

from .conftest import xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(catalogue):  # type: ignore[no-untyped-def]
    from nongthonmoi.targets import demo as targets_demo

    targets_demo.load()


def board_url(unit) -> str:  # type: ignore[no-untyped-def]
    return reverse("targets:board", args=[unit.structure, unit.code])


def row_html(page: str, code: str) -> str:
    start = page.index(f'data-target="{code}"')
    return page[start : page.index("</tr>", start)]


def test_the_demo_board_shows_the_rural_tourism_targets_with_their_status(
    client, personas, units, demo
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    page = client.get(board_url(units.province)).content.decode()
    owners = row_html(page, "DLNT-CHU-CO-SO")
    assert "75" in owners and "15/20" in owners and "Đúng tiến độ" in owners
    workers = row_html(page, "DLNT-LAO-DONG")
    assert "77" in workers and "77/100" in workers and "Có nguy cơ chậm" in workers
    assert "Chưa có chỉ tiêu số" in row_html(page, "ANTT-TAP-HUAN")


def test_the_demo_is_idempotent(demo) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.targets import demo as targets_demo

    counts = (Course.objects.count(), Participant.objects.count())
    lines = targets_demo.load()
    assert (Course.objects.count(), Participant.objects.count()) == counts
    assert "0 training courses, 0 conference tasks" in lines[-1]


def test_a_commune_officer_sees_their_board_but_not_another_communes(
    client, personas, units, catalogue
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    assert client.get(board_url(units.commune_a)).status_code == 200
    assert client.get(board_url(units.commune_b)).status_code == 404
    assert client.get(board_url(units.province)).status_code == 404
    drill = reverse("targets:drill", args=["2025", units.commune_b.code, "DLNT-CHU-CO-SO"])
    assert client.get(drill).status_code == 404


def test_the_drill_down_lists_the_communes_behind_the_number(client, personas, units, demo) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    url = reverse("targets:drill", args=["2025", units.province.code, "DLNT-CHU-CO-SO"])
    page = client.get(url, {"year": 2025}).content.decode()
    assert units.commune_a.name in page and units.commune_b.name in page
    assert "4</td>" in page  # commune A: 4 rural-tourism businesses


def test_the_board_exports_to_excel_and_pdf(client, personas, units, demo) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    response = client.get(reverse("targets:board_xlsx", args=["2025", units.province.code]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = {r[1]: r for r in sheet.iter_rows(min_row=3, values_only=True)}
    assert rows["DLNT-CHU-CO-SO"][5] == 75
    assert rows["DLNT-LAO-DONG"][11] == "Có nguy cơ chậm"
    pdf = client.get(reverse("targets:board_pdf", args=["2025", units.province.code]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_the_national_board_compares_the_provinces_in_scope(client, personas, units, demo) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.central)
    page = client.get(reverse("targets:national"), {"target": "DLNT-LAO-DONG"}).content.decode()
    assert units.province.name in page and units.other_province.name in page
    client.force_login(personas.approver)
    page = client.get(reverse("targets:national"), {"target": "DLNT-LAO-DONG"}).content.decode()
    assert units.other_province.name not in page


def test_the_board_stays_within_a_query_budget(
    client, personas, units, demo, django_assert_max_num_queries
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    client.get(board_url(units.province))  # warm the computed-source cache
    with django_assert_max_num_queries(40):
        assert client.get(board_url(units.province)).status_code == 200


def test_an_officer_records_a_value_for_their_commune_and_it_is_audited(
    client, personas, units, catalogue
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    data = {"target": "OCOP-DIEM-BAN", "year": 2025, "value": "2"}
    client.post(reverse("targets:values"), {**data, "unit": units.commune_a.pk})
    value = ProgressValue.objects.get(unit=units.commune_a, target__code="OCOP-DIEM-BAN")
    assert value.value == D(2)
    assert AuditEntry.objects.filter(action="targets.value", unit=units.commune_a).exists()
    client.post(reverse("targets:values"), {**data, "unit": units.commune_b.pk})
    assert not ProgressValue.objects.filter(unit=units.commune_b).exists()


def test_a_computed_target_cannot_be_entered_by_hand(client, personas, units, catalogue) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.core.exceptions import ValidationFailed
    from nongthonmoi.targets.services import do_record_value

    with pytest.raises(ValidationFailed, match="tự động"):
        do_record_value(
            personas.officer_a,
            Target.objects.get(code="DLNT-LAO-DONG"),
            units.commune_a,
            2025,
            value=D(1),
        )


def test_an_excel_import_with_errors_writes_nothing_and_names_rows_and_columns(
    client, personas, units, catalogue
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    header = ["Mã chỉ tiêu", "Mã đơn vị", "Năm", "Giá trị", "Tử số", "Mẫu số"]
    bad = xlsx(
        [
            header,
            ["OCOP-DIEM-BAN", units.commune_a.code, 2025, 1, None, None],
            ["KHONG-CO", units.commune_a.code, 2025, 1, None, None],
            ["OCOP-HTX", units.commune_a.code, "năm ngoái", None, 1, None],
            ["OCOP-DIEM-BAN", units.commune_b.code, 2025, 1, None, None],
        ]
    )
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("so-lieu.xlsx", bad)
    response = client.post(
        reverse("targets:values_import"), {"file": upload, "structure": "2025"}, follow=True
    )
    page = response.content.decode()
    assert "Dòng 4, cột C (Năm)" in page
    assert ProgressValue.objects.count() == 0
    upload = SimpleUploadedFile(
        "so-lieu.xlsx", xlsx([header, ["KHONG-CO", units.commune_b.code, 2025, 1]])
    )
    page = client.post(
        reverse("targets:values_import"), {"file": upload, "structure": "2025"}, follow=True
    ).content.decode()
    assert "Dòng 2, cột A (Mã chỉ tiêu): không có chỉ tiêu" in page
    assert "bạn không có quyền nhập số liệu" in page
    good = SimpleUploadedFile(
        "so-lieu.xlsx",
        xlsx([header, ["OCOP-HTX", units.commune_a.code, 2025, None, 2, 5]]),
    )
    client.post(reverse("targets:values_import"), {"file": good, "structure": "2025"})
    assert ProgressValue.objects.get(target__code="OCOP-HTX").numerator == D(2)


def test_a_province_sets_its_own_target_by_decision_and_it_is_audited(
    client, personas, units, catalogue
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    response = client.post(
        reverse("targets:override"),
        {
            "target": "DLNT-LAO-DONG",
            "province": units.province.pk,
            "target_value": "85",
            "target_year": 2025,
            "decision_number": "123/QĐ-UBND",
        },
    )
    assert response.status_code == 302
    override = TargetOverride.objects.get(target__code="DLNT-LAO-DONG")
    assert override.target_value == D(85)
    assert AuditEntry.objects.filter(action="targets.override", reason="123/QĐ-UBND").exists()
    page = client.get(board_url(units.province)).content.decode()
    assert "123/QĐ-UBND" in row_html(page, "DLNT-LAO-DONG")
    client.force_login(personas.officer_a)
    assert client.get(reverse("targets:override")).status_code == 404


def test_a_course_is_recorded_with_its_participant_list_or_not_at_all(
    client, personas, units, catalogue
) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(personas.approver)
    header = ["STT", "Họ và tên", "Năm sinh", "Vai trò", "Mã xã", "Cơ sở"]
    rows = [
        header,
        [1, "Nông Văn An", 1980, "Chủ cơ sở", units.commune_a.code, "Homestay An"],
        [2, "Lục Thị Bình", 1990, "lao động", units.commune_b.code, ""],
    ]
    form = {
        "course-title": "Lớp du lịch 2025",
        "course-topic": "rural_tourism",
        "course-start_date": "2025-09-01",
        "course-end_date": "2025-09-03",
        "course-organiser": "Sở VHTTDL",
        "course-unit": units.province.pk,
    }
    bad = rows + [[3, "Hà Văn C", 1985, "giám đốc", "99999", ""]]
    page = client.post(
        reverse("targets:training"),
        {**form, "course-participants": SimpleUploadedFile("ds.xlsx", xlsx(bad))},
        follow=True,
    ).content.decode()
    assert "Dòng 4, cột D (Vai trò)" in page
    assert Participant.objects.count() == 0
    ok = client.post(
        reverse("targets:training"),
        {**form, "course-participants": SimpleUploadedFile("ds.xlsx", xlsx(rows))},
        follow=True,
    ).content.decode()
    assert "Đã lưu lớp với 2 học viên" in ok, ok[ok.find("messages") :][:800]
    assert Participant.objects.filter(role="tourism_owner", commune=units.commune_a).count() == 1
    assert Participant.objects.filter(role="tourism_worker", commune=units.commune_b).count() == 1


def test_the_province_enters_denominators_per_commune(client, personas, units, catalogue) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    client.post(
        reverse("targets:training"),
        {
            "den-commune": units.commune_a.pk,
            "den-year": 2025,
            "den-tourism_businesses": 3,
            "den-tourism_workers": 12,
            "den-security_force": 4,
        },
    )
    row = TrainingDenominator.objects.get(commune=units.commune_a, year=2025)
    assert (row.tourism_businesses, row.tourism_workers) == (3, 12)
    client.force_login(personas.officer_a)
    page = client.get(reverse("targets:training")).content.decode()
    assert "Số cơ sở du lịch nông thôn" not in page  # no MANAGE: no denominator form


def test_the_index_and_list_pages_open(client, personas, demo) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    for name in [
        "index",
        "national",
        "values",
        "training",
        "conferences",
        "tasks",
        "plans",
        "timeline",
    ]:
        assert client.get(reverse(f"targets:{name}")).status_code == 200, name
    page = client.get(reverse("targets:index")).content.decode()
    assert "nguồn thứ cấp" in page and "chưa rõ" in page


def test_the_api_gives_a_units_board(client, personas, units, demo) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    rows = client.get(f"/api/v1/targets/units/2025/{units.province.code}/board").json()
    owners = next(r for r in rows if r["target"] == "DLNT-CHU-CO-SO")
    assert owners["status"] == "on_track"
    assert client.get("/api/v1/targets/programmes").status_code == 200
    client.force_login(personas.officer_a)
    assert client.get(f"/api/v1/targets/units/2025/{units.commune_b.code}/board").status_code == 404
