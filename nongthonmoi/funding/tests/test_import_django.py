"""Excel import of disbursement reports: all rows or none, every problem by row and column."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import Workbook

from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.core.models import AuditEntry
from nongthonmoi.funding import services
from nongthonmoi.funding.models import Disbursement

from . import factories as f

pytestmark = pytest.mark.django_db
HEADER = ["commune_code", "decision_number", "fund_kind", "date", "amount", "note"]


def xlsx(*rows: list[object]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def lines(units):  # type: ignore[no-untyped-def]
    return (
        f.allocation(units.province, units.commune_a, amount=100_000_000, number="05/QĐ"),
        f.allocation(units.province, units.commune_b, amount=60_000_000, number="05/QĐ"),
    )


def counts() -> tuple[int, int]:
    return Disbursement.objects.count(), AuditEntry.objects.count()


def run(personas, units, content: bytes) -> list[str]:  # type: ignore[no-untyped-def]
    before = counts()
    with pytest.raises(ValidationFailed) as error:
        services.do_import_disbursements(personas.approver, units.province, content, "bc.xlsx")
    assert counts() == before  # nothing written
    return error.value.problems


def test_a_good_report_imports_every_row_in_one_go(personas, units, lines) -> None:
    content = xlsx(
        HEADER,
        [units.commune_a.code, "05/QĐ", "investment", dt.datetime(2026, 4, 1), 30_000_000, "đợt 1"],
        [units.commune_a.code, "05/QĐ", "đầu tư", "15/05/2026", "20.000.000", ""],
        [units.commune_b.code, "05/QĐ", "investment", "2026-04-20", 60_000_000, None],
    )
    created = services.do_import_disbursements(
        personas.approver, units.province, content, "bc.xlsx"
    )
    assert len(created) == 3
    assert sum(d.amount for d in Disbursement.objects.filter(allocation=lines[0])) == 50_000_000
    assert Disbursement.objects.filter(source="import").count() == 3
    assert AuditEntry.objects.get(action="funding.import_disbursements").after["rows"] == 3


def test_text_in_a_number_cell_is_reported_with_row_and_column(personas, units, lines) -> None:
    problems = run(
        personas,
        units,
        xlsx(
            HEADER,
            [units.commune_a.code, "05/QĐ", "investment", "01/04/2026", 1_000_000],
            [units.commune_a.code, "05/QĐ", "investment", "02/04/2026", "ba triệu"],
        ),
    )
    assert problems == ["dòng 3, cột amount: số tiền phải là số nguyên đồng, không phải 'ba triệu'"]


def test_an_unknown_allocation_is_reported_and_nothing_is_written(personas, units, lines) -> None:
    problems = run(
        personas,
        units,
        xlsx(
            HEADER,
            [units.commune_a.code, "05/QĐ", "investment", "01/04/2026", 1_000_000],
            [units.commune_a.code, "99/QĐ", "investment", "01/04/2026", 1_000_000],
            [units.commune_a.code, "05/QĐ", "recurrent", "01/04/2026", 1_000_000],
        ),
    )
    assert len(problems) == 2
    assert problems[0].startswith("dòng 3, cột decision_number: không có quyết định phân bổ 99/QĐ")
    assert problems[1].startswith("dòng 4, cột decision_number")


def test_a_duplicate_row_is_reported(personas, units, lines) -> None:
    row = [units.commune_a.code, "05/QĐ", "investment", "01/04/2026", 1_000_000]
    problems = run(personas, units, xlsx(HEADER, row, list(row)))
    assert problems == [
        "dòng 3, cột amount: dòng trùng với dòng 2 (cùng xã, quyết định, loại vốn, ngày và số tiền)"
    ]


def test_a_row_already_imported_before_is_reported(personas, units, lines) -> None:
    f.disbursement(lines[0], 1_000_000, dt.date(2026, 4, 1))
    problems = run(
        personas,
        units,
        xlsx(HEADER, [units.commune_a.code, "05/QĐ", "investment", "01/04/2026", 1_000_000]),
    )
    assert "đã được ghi trước đây" in problems[0]


def test_an_empty_file_and_a_header_only_file_are_refused(personas, units, lines) -> None:
    assert run(personas, units, xlsx()) == ["dòng 1: tệp trống, không có dòng nào"]
    assert "chỉ có dòng tiêu đề" in run(personas, units, xlsx(HEADER))[0]


def test_a_file_that_is_not_a_workbook_is_refused(personas, units, lines) -> None:
    assert "không đọc được tệp" in run(personas, units, b"commune_code,amount\n1,2\n")[0]


def test_missing_columns_are_named(personas, units, lines) -> None:
    problems = run(personas, units, xlsx(["commune_code", "amount"], ["01290", 5]))
    assert "decision_number" in problems[0] and "fund_kind" in problems[0]


def test_every_problem_of_every_row_is_listed(personas, units, lines) -> None:
    problems = run(
        personas,
        units,
        xlsx(
            HEADER,
            ["", "", "lottery", "31/02/2026", -5],
            [units.commune_b.code, "05/QĐ", "investment", "01/04/2026", 70_000_000],
        ),
    )
    columns = [p.split(":")[0] for p in problems]
    assert columns == [
        "dòng 2, cột commune_code",
        "dòng 2, cột decision_number",
        "dòng 2, cột fund_kind",
        "dòng 2, cột date",
        "dòng 2, cột amount",
        "dòng 3, cột amount",  # more than the 60 million allocated
    ]


def test_a_commune_officer_cannot_import(personas, units, lines) -> None:
    with pytest.raises(PermissionDeniedError):
        services.do_import_disbursements(
            personas.officer_a, units.province, xlsx(HEADER), "bc.xlsx"
        )
