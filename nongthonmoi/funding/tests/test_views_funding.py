"""Pages and API of the funding app: scope, what-if, saving, disbursement, publication."""

from __future__ import annotations

import csv
import io
from urllib.parse import urlencode

import pytest
from openpyxl import load_workbook

from nongthonmoi.funding import queries
from nongthonmoi.funding.models import AllocationDecision, Disbursement, Mobilisation, PublishedYear

from . import factories as f
from .test_import_django import HEADER, xlsx

pytestmark = pytest.mark.django_db
PLAN = {"rule": "qd-16-2026", "year": 2026, "fund_kind": "investment", "total": "1.000.000.000"}


def whatif_url(**extra: object) -> str:
    return "/funding/2025/04/whatif/?" + urlencode({**PLAN, **extra})


# --- scope -------------------------------------------------------------------------------


def test_officer_a_sees_own_commune_and_is_denied_commune_b(client, personas, units) -> None:
    a = f.allocation(units.province, units.commune_a, number="A/QĐ")
    b = f.allocation(units.province, units.commune_b, number="B/QĐ")
    client.force_login(personas.officer_a)
    page = client.get(f"/funding/2025/{units.commune_a.code}/?year=2026")
    assert page.status_code == 200
    assert "A/QĐ" in page.content.decode()
    assert client.get(f"/funding/2025/{units.commune_b.code}/").status_code == 404
    assert client.get(f"/funding/allocations/{b.pk}/disburse/").status_code == 404
    assert client.get(f"/funding/allocations/{a.pk}/disburse/").status_code == 404  # no MANAGE
    assert client.get(whatif_url()).status_code == 404
    index = client.get("/funding/").content.decode()
    assert units.commune_b.name not in index


def test_another_provinces_approver_cannot_open_the_what_if(client, personas) -> None:
    client.force_login(personas.other_approver)
    assert client.get(whatif_url()).status_code == 404
    assert (
        client.post("/funding/2025/04/publish/", {"year": 2026, "action": "publish"}).status_code
        == 404
    )
    assert PublishedYear.objects.count() == 0


def test_pages_require_login(client) -> None:
    response = client.get("/funding/2025/04/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


# --- what-if -----------------------------------------------------------------------------


def test_the_what_if_shows_the_allocation_and_the_changed_total_side_by_side(
    client, personas, units
) -> None:
    client.force_login(personas.approver)
    response = client.get(whatif_url(new_total="2.000.000.000"))
    assert response.status_code == 200
    plan = response.context["plan"]
    assert plan.current.total == 1_000_000_000 and plan.changed.total == 2_000_000_000
    assert sum(u.amount for u in plan.changed.units) == 2_000_000_000
    html = response.content.decode()
    assert 'class="num diff more"' in html
    assert units.commune_a.name in html


def test_changing_a_coefficient_only_moves_money_between_groups(client, personas) -> None:
    client.force_login(personas.approver)
    response = client.get(whatif_url(**{"k-other": "100"}))
    plan = response.context["plan"]
    assert plan.coefficient_changes
    rows = plan.comparison.rows
    assert plan.comparison.total_difference == 0
    assert sum(r.difference for r in rows) == 0
    assert any(r.difference > 0 for r in rows) == any(r.difference < 0 for r in rows)


def test_a_commune_recognised_in_the_changed_plan_gets_less_under_qd_07(
    client, personas, units
) -> None:
    client.force_login(personas.approver)
    codes = [u.code for u in queries.province_communes(units.province)]
    base = {f"base-{code}": "12" for code in codes}  # no stored evaluations: typed, marked
    response = client.get(
        whatif_url(rule="qd-07-2022", **base, **{f"rc-{units.commune_a.code}": "1"})
    )
    assert response.status_code == 200, response.context["plan"].problems
    row = response.context["plan"].comparison.row(units.commune_a.code)
    assert row.new_coefficient < row.old_coefficient and row.difference < 0
    assert "nhập tay" in response.content.decode()
    assert "không bao gồm năm 2026" in response.content.decode()  # qd-07-2022 is 2022–2025


def test_bad_what_if_input_lists_the_problems(client, personas) -> None:
    client.force_login(personas.approver)
    response = client.get(whatif_url(total="một tỷ", **{"k-other": "abc"}))
    problems = response.context["plan"].problems
    assert any("Tổng số vốn" in p for p in problems)
    assert any("abc" in p for p in problems)


def test_the_what_if_exports_both_plans_to_excel(client, personas) -> None:
    client.force_login(personas.approver)
    response = client.get(
        "/funding/2025/04/whatif/export/?" + urlencode({**PLAN, "new_total": "1500000000"})
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["So sánh", "Hiện tại", "Phương án mới"]


def test_saving_the_what_if_creates_decision_lines_in_one_go(client, personas, units) -> None:
    client.force_login(personas.approver)
    query = urlencode({**PLAN, "new_total": "1.200.000.000"})
    response = client.post(
        "/funding/2025/04/whatif/save/",
        {"plan": query, "decision_number": "15/QĐ-UBND", "decision_date": "2026-03-10"},
    )
    assert response.status_code == 302
    rows = AllocationDecision.objects.filter(decision_number="15/QĐ-UBND")
    assert rows.count() == queries.province_communes(units.province).count()
    assert sum(r.amount for r in rows) == 1_200_000_000
    assert rows.first().parameters["rule"] == "qd-16-2026"
    again = client.post(
        "/funding/2025/04/whatif/save/",
        {"plan": query, "decision_number": "15/QĐ-UBND", "decision_date": "2026-03-10"},
    )
    assert again.status_code == 400
    assert "15/QĐ-UBND" in again.content.decode()
    assert AllocationDecision.objects.count() == rows.count()


# --- money flows ----------------------------------------------------------------------------


def test_the_province_records_a_disbursement_through_the_form(client, personas, units) -> None:
    line = f.allocation(units.province, units.commune_b, amount=80_000_000)
    client.force_login(personas.approver)
    response = client.post(
        f"/funding/allocations/{line.pk}/disburse/",
        {"date": "2026-04-10", "amount": "20.000.000", "note": "tạm ứng"},
    )
    assert response.status_code == 302
    assert Disbursement.objects.get().amount == 20_000_000
    too_much = client.post(
        f"/funding/allocations/{line.pk}/disburse/", {"date": "2026-04-11", "amount": "70000000"}
    )
    assert too_much.status_code == 400
    assert Disbursement.objects.count() == 1


def test_the_import_page_reports_errors_and_writes_nothing(client, personas, units) -> None:
    f.allocation(units.province, units.commune_a, number="05/QĐ")
    client.force_login(personas.approver)
    bad = io.BytesIO(xlsx(HEADER, [units.commune_a.code, "05/QĐ", "investment", "x", "y"]))
    bad.name = "bc.xlsx"
    response = client.post("/funding/2025/04/disbursements/import/", {"file": bad})
    assert response.status_code == 400
    assert "dòng 2, cột date" in response.content.decode()
    assert Disbursement.objects.count() == 0
    good = io.BytesIO(xlsx(HEADER, [units.commune_a.code, "05/QĐ", "investment", "01/04/2026", 5]))
    good.name = "bc.xlsx"
    assert client.post("/funding/2025/04/disbursements/import/", {"file": good}).status_code == 302
    assert Disbursement.objects.count() == 1


def test_the_import_template_lists_the_provinces_decision_lines(client, personas, units) -> None:
    f.allocation(units.province, units.commune_a, number="05/QĐ")
    client.force_login(personas.approver)
    response = client.get("/funding/2025/04/disbursements/template/")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADER
    assert sheet["A2"].value == units.commune_a.code and sheet["B2"].value == "05/QĐ"


def test_mobilised_resources_are_entered_and_shown_by_source(client, personas, units) -> None:
    client.force_login(personas.approver)
    response = client.post(
        f"/funding/2025/{units.commune_a.code}/mobilise/",
        {"year": 2026, "source": "enterprises", "form": "money", "amount": "300.000.000"},
    )
    assert response.status_code == 302
    assert Mobilisation.objects.get().province == units.province
    page = client.get(f"/funding/2025/{units.commune_a.code}/?year=2026").content.decode()
    assert "300.000.000" in page


def test_a_provincial_rule_is_saved_from_the_rules_page(client, personas) -> None:
    client.force_login(personas.approver)
    text = queries.provincial_rule_template(personas.approver.assignments.first().unit, 2026)
    response = client.post(
        "/funding/2025/04/rules/",
        {"text": text, "resolution_number": "08/2026/NQ-HĐND", "resolution_date": "2026-02-01"},
    )
    assert response.status_code == 302
    whatif = client.get("/funding/2025/04/whatif/")
    assert "08/2026/NQ-HĐND" in whatif.content.decode()


# --- publication and public pages ----------------------------------------------------------


def test_public_pages_show_only_published_years(client, personas, units) -> None:
    a = f.allocation(units.province, units.commune_a, amount=400_000_000, number="P26")
    f.allocation(units.province, units.commune_a, amount=999_000_000, number="P27", year=2027)
    f.disbursement(a, 100_000_000)
    assert client.get("/funding/public/2025/04/").status_code == 404
    client.force_login(personas.approver)
    client.post("/funding/2025/04/publish/", {"year": 2026, "action": "publish"})
    client.logout()
    page = client.get("/funding/public/2025/04/?year=2026")
    assert page.status_code == 200
    html = page.content.decode()
    assert "P26" in html and "25,0 %" in html
    assert "P27" not in html
    other_year = client.get("/funding/public/2025/04/?year=2027").content.decode()
    assert "P27" not in other_year  # falls back to the published year
    assert client.get("/funding/public/2025/04/export.csv?year=2027").status_code == 404
    rows = list(
        csv.reader(
            io.StringIO(
                client.get("/funding/public/2025/04/export.csv?year=2026").content.decode(
                    "utf-8-sig"
                )
            )
        )
    )
    assert rows[1][0] == units.commune_a.code and rows[1][-1] == "25.0"
    book = load_workbook(
        io.BytesIO(client.get("/funding/public/2025/04/export.xlsx?year=2026").content)
    )
    assert book.sheetnames == ["Phân bổ và giải ngân", "Quy định áp dụng"]
    assert "Cao Bằng" in client.get("/funding/public/").content.decode()


def test_withdrawing_a_year_hides_it_again(client, personas, units) -> None:
    f.allocation(units.province, units.commune_a)
    f.publish(units.province)
    client.force_login(personas.approver)
    client.post("/funding/2025/04/publish/", {"year": 2026, "action": "withdraw"})
    client.logout()
    assert client.get("/funding/public/2025/04/").status_code == 404


def test_the_unit_page_uses_a_bounded_number_of_queries(
    client, personas, units, django_assert_max_num_queries
) -> None:
    for commune in queries.province_communes(units.province)[:20]:
        line = f.allocation(units.province, commune)
        f.disbursement(line, 1_000_000)
    f.publish(units.province)
    client.force_login(personas.approver)
    with django_assert_max_num_queries(25):
        assert client.get("/funding/2025/04/?year=2026").status_code == 200
    client.logout()
    with django_assert_max_num_queries(15):
        assert client.get("/funding/public/2025/04/").status_code == 200


# --- API --------------------------------------------------------------------------------------


def test_the_api_lists_only_the_callers_allocations(client, personas, units) -> None:
    a = f.allocation(units.province, units.commune_a, number="A")
    f.allocation(units.province, units.commune_b, number="B")
    f.disbursement(a, 10_000_000)
    client.force_login(personas.officer_a)
    rows = client.get("/api/v1/funding/allocations").json()
    assert [r["to_unit"] for r in rows] == [units.commune_a.code]
    assert [d["amount"] for d in client.get("/api/v1/funding/disbursements").json()] == [10_000_000]
    rates = client.get("/api/v1/funding/rates?year=2026").json()
    assert rates[0]["rate"] == pytest.approx(0.01)
    own = client.get(f"/api/v1/funding/units/2025/{units.commune_a.code}/money")
    assert own.status_code == 200
    assert client.get(f"/api/v1/funding/units/2025/{units.commune_b.code}/money").status_code == 404
    client.force_login(personas.approver)
    assert len(client.get("/api/v1/funding/allocations").json()) == 2


def test_the_public_api_serves_published_years_only(client, units) -> None:
    a = f.allocation(units.province, units.commune_a, amount=200_000_000)
    f.disbursement(a, 50_000_000)
    assert client.get("/api/v1/funding/public/2025/04").status_code == 404
    f.publish(units.province)
    assert client.get("/api/v1/funding/public").json()[0]["years"] == [2026]
    body = client.get("/api/v1/funding/public/2025/04?year=2026").json()
    assert (body["allocated"], body["disbursed"], body["rate"]) == (200_000_000, 50_000_000, 0.25)
    assert client.get("/api/v1/funding/public/2025/04?year=2025").status_code == 404


def test_typed_villages_raise_a_communes_coefficient_in_both_plans(client, personas, units) -> None:
    client.force_login(personas.approver)
    plain = client.get(whatif_url()).context["plan"]
    response = client.get(whatif_url(**{f"vl-{units.commune_a.code}": "3"}))
    plan = response.context["plan"]
    before = plain.current.unit(units.commune_a.code).coefficient
    assert plan.current.unit(units.commune_a.code).coefficient == before + 3
    assert plan.changed.unit(units.commune_a.code).coefficient == before + 3
    assert plan.parameters()["communes"][units.commune_a.code]["dbkk_villages"] == 3


def test_criteria_met_come_from_stored_evaluations_when_there_are_some(
    client, personas, units
) -> None:
    from django.utils import timezone

    from nongthonmoi.criteria.models import Evaluation

    for basis, met in (("all", 11), ("approved", 16)):
        Evaluation.objects.create(
            unit=units.commune_a,
            province=units.province,
            set_code="xa-ntm-2026-2030",
            year=2025,
            basis=basis,
            criteria_met=met,
            criteria_total=19,
            meets_standard=False,
            version_label="test",
            fingerprint="x",
            computed_at=timezone.now(),
        )
    rows = {r.unit.code: r for r in queries.commune_rows(units.province, 2026)}
    assert rows[units.commune_a.code].criteria_met == 16  # approved values win
    assert rows[units.commune_a.code].criteria_source == "evaluation:2025"
    assert rows[units.commune_b.code].criteria_met is None
    client.force_login(personas.approver)
    html = client.get(whatif_url(rule="qd-07-2022")).content.decode()
    assert f'name="base-{units.commune_a.code}"' not in html  # stored, not typed
    assert f'name="base-{units.commune_b.code}"' in html


def test_the_what_if_page_uses_a_bounded_number_of_queries(
    client, personas, django_assert_max_num_queries
) -> None:
    client.force_login(personas.approver)
    with django_assert_max_num_queries(20):
        assert client.get(whatif_url(new_total="2000000000")).status_code == 200
