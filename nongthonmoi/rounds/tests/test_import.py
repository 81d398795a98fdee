"""Excel both ways: the round trip changes nothing; every bad file is refused with a specific
error and leaves the database exactly as it was."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from nongthonmoi.criteria.models import IndicatorValue

from .. import excel, services
from ..models import ImportJob, ImportStatus, RoundUnit, ValueChange
from .factories import open_round, round_unit

pytestmark = pytest.mark.django_db
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture
def round_(personas, units):  # type: ignore[no-untyped-def]
    round_ = open_round(personas.approver, units.province, [units.commune_a, units.commune_b])
    ru = round_unit(round_, units.commune_a)
    services.do_save_value(personas.officer_a, ru, "3.a", "7.5", "theo báo cáo", 0)
    services.do_save_value(personas.officer_a, ru, "3.b", "Đạt", "", 0)
    return round_


def exported(round_, scope_code: str = "") -> bytes:  # type: ignore[no-untyped-def]
    buffer = io.BytesIO()
    rus = list(RoundUnit.objects.filter(round=round_).select_related("unit").order_by("unit__code"))
    excel.write_export(round_, rus, scope_code or round_.province.code, buffer)
    return buffer.getvalue()


def edited(data: bytes, changes: dict[str, object], sheet: str = "Số liệu") -> bytes:
    book = load_workbook(io.BytesIO(data))
    for cell, value in changes.items():
        book[sheet][cell] = value
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def snapshot() -> tuple[int, int, list[tuple[object, ...]]]:
    return (
        IndicatorValue.objects.count(),
        ValueChange.objects.count(),
        sorted(
            IndicatorValue.objects.values_list(
                "unit_id", "indicator_code", "value", "comment", "version"
            )
        ),
    )


def upload(client, user, round_, data: bytes, scope: str, name: str = "bao-cao.xlsx") -> ImportJob:  # type: ignore[no-untyped-def]
    client.force_login(user)
    client.post(
        f"/rounds/{round_.pk}/import/",
        {"file": SimpleUploadedFile(name, data, content_type=XLSX), "scope": scope},
    )
    return ImportJob.objects.order_by("-pk").first()  # type: ignore[return-value]


def row_of(data: bytes, unit_code: str, indicator: str) -> int:
    sheet = load_workbook(io.BytesIO(data))["Số liệu"]
    for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
        if row[0] == unit_code and row[2] == indicator:
            return number
    raise AssertionError("row not found")


def test_the_template_is_prefilled_protected_and_validated(round_, units) -> None:  # type: ignore[no-untyped-def]
    book = load_workbook(io.BytesIO(exported(round_)))
    sheet = book["Số liệu"]
    assert sheet.protection.sheet and sheet.freeze_panes == "C2"
    assert book["_meta"].sheet_state == "hidden"
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][6] == "Giá trị"
    row = next(r for r in rows if r[0] == units.commune_a.code and r[2] == "3.a")
    assert row[6] == 7.5 and row[7] == "theo báo cáo" and "minh hoạ" in row[5]
    assert isinstance(row[0], str) and row[0].startswith("0")  # the code keeps its leading zero
    lists = [v.formula1 for v in sheet.data_validations.dataValidation]
    assert '"Đạt,Không đạt"' in lists


def test_round_trip_of_an_unchanged_province_export_records_no_change(
    client, personas, round_
) -> None:  # type: ignore[no-untyped-def]
    before = snapshot()
    job = upload(client, personas.approver, round_, exported(round_), round_.province.code)
    assert job.status == ImportStatus.DONE, job.errors
    assert job.changed_values == 0
    assert snapshot() == before


def test_an_edited_file_imports_the_changes_with_history(client, personas, units, round_) -> None:  # type: ignore[no-untyped-def]
    data = exported(round_, units.commune_a.code)
    rus = [round_unit(round_, units.commune_a)]
    buffer = io.BytesIO()
    excel.write_export(round_, rus, units.commune_a.code, buffer)
    data = buffer.getvalue()
    data = edited(
        data,
        {
            f"G{row_of(data, units.commune_a.code, '3.a')}": "8,5",
            f"G{row_of(data, units.commune_a.code, '6.a')}": 3,
        },
    )
    job = upload(client, personas.officer_a, round_, data, units.commune_a.code)
    assert job.status == ImportStatus.DONE, job.errors
    assert job.changed_values == 2
    values = dict(
        IndicatorValue.objects.filter(unit=units.commune_a).values_list("indicator_code", "value")
    )
    assert values["3.a"] == "8.5" and values["6.a"] == "3"
    assert ValueChange.objects.filter(action="import").count() == 2


def assert_refused(job: ImportJob, before, expected: str) -> None:  # type: ignore[no-untyped-def]
    assert job.status == ImportStatus.FAILED
    assert any(expected in e for e in job.errors), job.errors
    assert snapshot() == before


def test_text_in_a_number_cell_is_refused_with_sheet_row_and_column(
    client, personas, units, round_
) -> None:  # type: ignore[no-untyped-def]
    data = exported(round_)
    row = row_of(data, units.commune_a.code, "3.a")
    other = row_of(data, units.commune_b.code, "6.a")
    bad = edited(data, {f"G{row}": "khoảng bảy", f"G{other}": 2})  # one good change must not land
    before = snapshot()
    job = upload(client, personas.approver, round_, bad, round_.province.code)
    assert_refused(job, before, f"Trang 'Số liệu', dòng {row}, cột G (Giá trị): cần một số")


def test_an_unknown_commune_code_is_refused(client, personas, units, round_) -> None:  # type: ignore[no-untyped-def]
    data = exported(round_)
    row = row_of(data, units.commune_a.code, "3.a")
    before = snapshot()
    job = upload(
        client, personas.approver, round_, edited(data, {f"A{row}": "99999"}), round_.province.code
    )
    assert_refused(
        job, before, f"dòng {row}, cột A (Mã đơn vị): mã đơn vị '99999' không có trong đợt"
    )


def test_a_duplicated_row_is_refused(client, personas, units, round_) -> None:  # type: ignore[no-untyped-def]
    data = exported(round_)
    book = load_workbook(io.BytesIO(data))
    sheet = book["Số liệu"]
    row = row_of(data, units.commune_a.code, "3.a")
    sheet.append([c.value for c in sheet[row]])
    out = io.BytesIO()
    book.save(out)
    before = snapshot()
    job = upload(client, personas.approver, round_, out.getvalue(), round_.province.code)
    assert_refused(
        job, before, f"dòng trùng — đơn vị {units.commune_a.code}, chỉ tiêu 3.a đã có ở dòng {row}"
    )


def test_a_wrong_template_is_refused(client, personas, round_) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["commune_code", "indicator", "value"])
    out = io.BytesIO()
    book.save(out)
    before = snapshot()
    job = upload(client, personas.approver, round_, out.getvalue(), round_.province.code)
    assert_refused(job, before, "không phải mẫu nhập liệu của đợt báo cáo")


def test_a_changed_header_is_refused(client, personas, round_) -> None:  # type: ignore[no-untyped-def]
    before = snapshot()
    job = upload(
        client,
        personas.approver,
        round_,
        edited(exported(round_), {"G1": "Số liệu"}),
        round_.province.code,
    )
    assert_refused(job, before, "tiêu đề cột đã bị thay đổi")


def test_an_empty_file_is_refused_before_reading(client, personas, round_) -> None:  # type: ignore[no-untyped-def]
    before = snapshot()
    client.force_login(personas.approver)
    response = client.post(
        f"/rounds/{round_.pk}/import/",
        {
            "file": SimpleUploadedFile("rong.xlsx", b"", content_type=XLSX),
            "scope": round_.province.code,
        },
        follow=True,
    )
    assert (
        "Tệp rỗng" in response.content.decode()
        or "The submitted file is empty" in response.content.decode()
        or "rỗng" in response.content.decode()
    )
    assert snapshot() == before and not ImportJob.objects.exists()


def test_a_template_with_no_data_rows_is_refused(client, personas, round_) -> None:  # type: ignore[no-untyped-def]
    book = load_workbook(io.BytesIO(exported(round_)))
    sheet = book["Số liệu"]
    sheet.delete_rows(2, sheet.max_row)
    out = io.BytesIO()
    book.save(out)
    before = snapshot()
    job = upload(client, personas.approver, round_, out.getvalue(), round_.province.code)
    assert_refused(job, before, "không có dòng số liệu nào")


def test_a_50_mb_file_is_refused_before_it_is_read(client, personas, round_) -> None:  # type: ignore[no-untyped-def]
    before = snapshot()
    client.force_login(personas.approver)
    big = SimpleUploadedFile(
        "lon.xlsx", b"PK\x03\x04" + b"\0" * (50 * 1024 * 1024), content_type=XLSX
    )
    response = client.post(
        f"/rounds/{round_.pk}/import/", {"file": big, "scope": round_.province.code}, follow=True
    )
    assert "vượt giới hạn 20 MB" in response.content.decode()
    assert snapshot() == before and not ImportJob.objects.exists()


def zip_bomb() -> bytes:
    """A valid-looking .xlsx whose sheet XML expands to 400 MB of zeros."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as member:
            chunk = b"0" * (1024 * 1024)
            for _ in range(400):
                member.write(chunk)
    return out.getvalue()


def test_a_zip_bomb_disguised_as_xlsx_is_refused_before_calamine_reads_it(
    client, personas, round_, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from .. import workbook

    def must_not_read(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise AssertionError("calamine must not open a zip bomb")

    monkeypatch.setattr(workbook, "read_meta", must_not_read)
    data = zip_bomb()
    assert len(data) < 2 * 1024 * 1024
    before = snapshot()
    job = upload(client, personas.approver, round_, data, round_.province.code)
    assert_refused(job, before, "bom nén")


def test_a_file_of_another_province_is_refused(client, personas, units, round_) -> None:  # type: ignore[no-untyped-def]
    other = open_round(personas.other_approver, units.other_province)
    before = snapshot()
    job = upload(client, personas.approver, round_, exported(other), round_.province.code)
    assert_refused(job, before, "không phải tỉnh của đợt báo cáo")


def test_a_commune_cannot_import_values_of_another_commune(client, personas, units, round_) -> None:  # type: ignore[no-untyped-def]
    data = exported(round_)
    row = row_of(data, units.commune_b.code, "6.a")
    before = snapshot()
    job = upload(
        client, personas.officer_a, round_, edited(data, {f"G{row}": 2}), units.commune_a.code
    )
    assert_refused(
        job, before, f"bạn không có quyền nhập số liệu cho đơn vị '{units.commune_b.code}'"
    )


def test_a_locked_value_cannot_be_changed_by_import(client, personas, units, round_) -> None:  # type: ignore[no-untyped-def]
    ru = round_unit(round_, units.commune_a)
    services.do_submit(personas.officer_a, ru)
    services.do_approve(personas.approver, round_unit(round_, units.commune_a))
    data = exported(round_)
    row = row_of(data, units.commune_a.code, "3.a")
    before = snapshot()
    job = upload(
        client, personas.approver, round_, edited(data, {f"G{row}": 1}), round_.province.code
    )
    assert_refused(job, before, "đã khoá")


def test_a_large_file_runs_as_a_background_task_with_progress(
    client, personas, units, round_, monkeypatch, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(excel, "INLINE_LIMIT", 10)
    data = exported(round_)
    row = row_of(data, units.commune_b.code, "6.a")
    with django_capture_on_commit_callbacks(execute=True):  # the task is enqueued on commit
        job = upload(
            client, personas.approver, round_, edited(data, {f"G{row}": 2}), round_.province.code
        )
    job.refresh_from_db()
    assert job.status == ImportStatus.DONE and job.percent == 100
    page = client.get(f"/rounds/imports/{job.pk}/", HTTP_HX_REQUEST="true").content.decode()
    assert 'id="import-progress"' in page and "every 2s" not in page
    assert IndicatorValue.objects.get(unit=units.commune_b, indicator_code="6.a").value == "2"


def test_a_running_import_page_polls_for_progress(client, personas, units, round_) -> None:  # type: ignore[no-untyped-def]
    job = ImportJob.objects.create(
        round=round_,
        scope_unit=units.province,
        original_name="x.xlsx",
        uploaded_by=personas.approver,
        status=ImportStatus.RUNNING,
        total_rows=100,
        processed_rows=40,
    )
    client.force_login(personas.approver)
    page = client.get(f"/rounds/imports/{job.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in page and 'value="40"' in page


def test_export_of_a_single_commune_has_only_its_rows(client, personas, units, round_) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    response = client.get(f"/rounds/{round_.pk}/export/", {"unit": units.commune_a.code})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content)))["Số liệu"]
    codes = {r[0] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert codes == {units.commune_a.code}
    assert (
        client.get(f"/rounds/{round_.pk}/export/", {"unit": units.commune_b.code}).status_code
        == 404
    )
