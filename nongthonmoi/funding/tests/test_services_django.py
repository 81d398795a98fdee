"""Services: permission (MANAGE at the province), validation, one transaction, audit."""

from __future__ import annotations

import datetime as dt

import pytest

from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.core.models import AuditEntry
from nongthonmoi.funding import queries, services
from nongthonmoi.funding.allocation import allocate
from nongthonmoi.funding.models import (
    AllocationDecision,
    Disbursement,
    Mobilisation,
    ProvincialRule,
    PublishedYear,
)
from nongthonmoi.funding.queries import RULE_TEMPLATE

from . import factories as f

pytestmark = pytest.mark.django_db


def _allocation(province, total: int = 1_000_000_000, fund_kind: str = "investment"):  # type: ignore[no-untyped-def]
    rows = queries.commune_rows(province, 2026)
    rule = queries.national_rule("qd-16-2026")
    return allocate(rule, total, [r.commune() for r in rows], level="commune", fund_kind=fund_kind)


def _save(user, province, number: str = "01/QĐ-UBND", **kwargs):  # type: ignore[no-untyped-def]
    return services.do_save_allocation(
        user,
        province,
        kwargs.pop("allocation", None) or _allocation(province),
        year=2026,
        decision_number=number,
        decision_date=dt.date(2026, 3, 1),
        parameters={"rule": "qd-16-2026"},
    )


def test_saving_an_allocation_creates_one_line_per_commune_summing_to_the_total(
    personas, units
) -> None:
    created = _save(personas.approver, units.province)
    assert len(created) == queries.province_communes(units.province).count()
    assert sum(row.amount for row in created) == 1_000_000_000
    assert {row.from_unit_id for row in created} == {units.province.pk}
    entry = AuditEntry.objects.get(action="funding.save_allocation")
    assert entry.after["lines"] == len(created)
    assert entry.unit == units.province


def test_a_commune_officer_cannot_save_an_allocation(personas, units) -> None:
    with pytest.raises(PermissionDeniedError):
        _save(personas.officer_a, units.province)
    assert AllocationDecision.objects.count() == 0


def test_another_provinces_approver_cannot_save_an_allocation(personas, units) -> None:
    with pytest.raises(PermissionDeniedError):
        _save(personas.other_approver, units.province)
    assert AllocationDecision.objects.count() == 0


def test_a_decision_number_cannot_be_saved_twice_for_the_same_fund(personas, units) -> None:
    _save(personas.approver, units.province)
    before = AllocationDecision.objects.count()
    with pytest.raises(ValidationFailed) as error:
        _save(personas.approver, units.province)
    assert "01/QĐ-UBND" in error.value.problems[0]
    assert AllocationDecision.objects.count() == before


def test_an_allocation_naming_a_commune_of_another_province_writes_nothing(personas, units) -> None:
    rows = queries.commune_rows(units.province, 2026)
    communes = [r.commune() for r in rows]
    foreign = queries.commune_rows(units.other_province, 2026)[0].commune()
    result = allocate(
        queries.national_rule("qd-16-2026"),
        1_000_000_000,
        [*communes, foreign],
        level="commune",
        fund_kind="investment",
    )
    with pytest.raises(ValidationFailed) as error:
        _save(personas.approver, units.province, allocation=result)
    assert foreign.code in error.value.problems[0]
    assert AllocationDecision.objects.count() == 0
    assert not AuditEntry.objects.filter(action="funding.save_allocation").exists()


def test_a_disbursement_is_recorded_with_its_audit_entry(personas, units) -> None:
    line = f.allocation(units.province, units.commune_a, amount=100_000_000)
    row = services.do_record_disbursement(
        personas.approver, line, date=dt.date(2026, 4, 2), amount=40_000_000, note="đợt 1"
    )
    assert Disbursement.objects.get() == row
    entry = AuditEntry.objects.get(action="funding.disburse")
    assert entry.after["amount"] == 40_000_000
    assert entry.unit == units.commune_a


def test_disbursements_may_not_exceed_the_allocation(personas, units) -> None:
    line = f.allocation(units.province, units.commune_a, amount=100_000_000)
    f.disbursement(line, 80_000_000)
    with pytest.raises(ValidationFailed) as error:
        services.do_record_disbursement(
            personas.approver, line, date=dt.date(2026, 4, 2), amount=30_000_000
        )
    assert "vượt" in error.value.problems[0]
    assert Disbursement.objects.count() == 1


def test_a_disbursement_before_the_decision_or_in_the_future_is_refused(personas, units) -> None:
    line = f.allocation(units.province, units.commune_a)
    for date in (dt.date(2026, 1, 1), dt.date.today() + dt.timedelta(days=2)):
        with pytest.raises(ValidationFailed):
            services.do_record_disbursement(personas.approver, line, date=date, amount=1)
    assert Disbursement.objects.count() == 0


def test_a_commune_officer_cannot_record_a_disbursement(personas, units) -> None:
    line = f.allocation(units.province, units.commune_a)
    with pytest.raises(PermissionDeniedError):
        services.do_record_disbursement(
            personas.officer_a, line, date=dt.date(2026, 4, 2), amount=1
        )
    assert Disbursement.objects.count() == 0


def test_mobilised_resources_are_dated_rows_never_overwritten(personas, units) -> None:
    for amount in (5_000_000, 7_000_000):
        services.do_record_mobilisation(
            personas.approver,
            units.commune_a,
            year=2026,
            source="community",
            form="in_kind",
            amount=amount,
        )
    assert Mobilisation.objects.count() == 2
    sums = queries.mobilisation_by_source(Mobilisation.objects.all())
    assert sums == {("community", "in_kind"): 12_000_000}
    assert AuditEntry.objects.filter(action="funding.mobilise").count() == 2


def test_mobilisation_with_an_unknown_source_lists_every_problem(personas, units) -> None:
    with pytest.raises(ValidationFailed) as error:
        services.do_record_mobilisation(
            personas.approver, units.commune_a, year=1900, source="lottery", form="x", amount=0
        )
    assert len(error.value.problems) == 4
    assert Mobilisation.objects.count() == 0


def test_publishing_is_idempotent_and_withdrawing_keeps_the_row(personas, units) -> None:
    services.do_publish_year(personas.approver, units.province, 2026)
    services.do_publish_year(personas.approver, units.province, 2026)
    assert queries.published_years(units.province) == [2026]
    services.do_withdraw_year(personas.approver, units.province, 2026)
    assert queries.published_years(units.province) == []
    assert PublishedYear.objects.count() == 1
    assert AuditEntry.objects.filter(action="funding.publish_year").count() == 1
    assert AuditEntry.objects.filter(action="funding.withdraw_year").count() == 1


def test_only_the_province_may_publish_its_year(personas, units) -> None:
    with pytest.raises(PermissionDeniedError):
        services.do_publish_year(personas.officer_a, units.province, 2026)
    with pytest.raises(PermissionDeniedError):
        services.do_publish_year(personas.other_approver, units.province, 2026)
    assert PublishedYear.objects.count() == 0


def test_a_provincial_rule_gets_a_new_version_on_each_save(personas, units) -> None:
    text = RULE_TEMPLATE.format(code="04", name="Cao Bằng", year=2026, end_year=2030)
    first = services.do_save_provincial_rule(
        personas.approver,
        units.province,
        text=text,
        resolution_number="12/2026/NQ-HĐND",
        resolution_date=dt.date(2026, 2, 1),
    )
    second = services.do_save_provincial_rule(
        personas.approver,
        units.province,
        text=text.replace("coefficient: 3", "coefficient: 4"),
        resolution_number="20/2026/NQ-HĐND",
        resolution_date=dt.date(2026, 6, 1),
    )
    assert (first.version, second.version) == (1, 2)
    assert ProvincialRule.objects.count() == 2
    keys = [c.key for c in queries.rule_choices(units.province)]
    assert second.key in keys and first.key not in keys


def test_a_provincial_rule_for_another_province_or_broken_yaml_is_refused(personas, units) -> None:
    text = RULE_TEMPLATE.format(code="20", name="Lạng Sơn", year=2026, end_year=2030)
    with pytest.raises(ValidationFailed) as error:
        services.do_save_provincial_rule(
            personas.approver,
            units.province,
            text=text,
            resolution_number="",
            resolution_date=dt.date(2026, 2, 1),
        )
    assert any("province_code" in p for p in error.value.problems)
    assert any("nghị quyết" in p for p in error.value.problems)
    with pytest.raises(ValidationFailed):
        services.do_save_provincial_rule(
            personas.approver,
            units.province,
            text="code: [",
            resolution_number="1/NQ",
            resolution_date=dt.date(2026, 2, 1),
        )
    assert ProvincialRule.objects.count() == 0


def test_disbursement_rate_is_disbursed_over_allocated_by_unit_fund_and_year(units) -> None:
    a = f.allocation(units.province, units.commune_a, amount=200_000_000)
    f.allocation(
        units.province, units.commune_a, amount=100_000_000, number="02/QĐ", fund_kind="recurrent"
    )
    f.allocation(units.province, units.commune_a, amount=300_000_000, number="03/QĐ", year=2027)
    f.disbursement(a, 50_000_000)
    f.disbursement(a, 25_000_000)
    lines = {
        (x.unit.code, x.year, x.fund_kind): x
        for x in queries.disbursement_rates(AllocationDecision.objects.all())
    }
    first = lines[(units.commune_a.code, 2026, "investment")]
    assert (first.allocated, first.disbursed, first.rate_percent) == (
        200_000_000,
        75_000_000,
        "37,5 %",
    )
    assert lines[(units.commune_a.code, 2026, "recurrent")].rate_percent == "0,0 %"
    assert lines[(units.commune_a.code, 2027, "investment")].disbursed == 0
