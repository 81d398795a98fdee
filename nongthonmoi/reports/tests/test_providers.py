"""Providers against the database: the phase-end re-aggregation, recognitions, empty sources."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from nongthonmoi.places.models import AdminUnit, Level, UnitSuccession
from nongthonmoi.reports.periods import Period
from nongthonmoi.reports.providers import Context, _module, _NotYet, run_provider

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 29)


def old_evaluations(units, meeting: int, not_meeting: int) -> list[AdminUnit]:  # type: ignore[no-untyped-def]
    """Approved 2025 results for the first communes of old Cao Bằng (by code)."""
    from nongthonmoi.criteria.models import Evaluation

    communes = list(
        AdminUnit.objects.filter(
            structure="2021", level=Level.COMMUNE, province=units.old_province
        ).order_by("code")[: meeting + not_meeting]
    )
    for index, commune in enumerate(communes):
        Evaluation.objects.create(
            unit=commune,
            province=units.old_province,
            set_code="xa-ntm-2021-2025",
            year=2025,
            basis="approved",
            criteria_met=19 if index < meeting else 12,
            criteria_total=19,
            meets_standard=index < meeting,
            version_label="test",
            fingerprint="t",
            computed_at=timezone.now(),
        )
    return communes


def test_the_phase_end_report_re_aggregates_old_cao_bang_onto_the_new_province(units) -> None:  # type: ignore[no-untyped-def]
    old_evaluations(units, meeting=7, not_meeting=5)
    context = Context(units.province, Period("phase", 2025), "2021", TODAY)
    table = run_provider("phase.merger", context)
    old_communes = AdminUnit.objects.filter(
        structure="2021", level=Level.COMMUNE, province=units.old_province
    ).count()
    new_communes = AdminUnit.objects.filter(
        structure="2025", level=Level.COMMUNE, province=units.province
    ).count()
    assert table.has_data
    assert table.rows == [
        [
            units.province.name,
            units.old_province.name,
            old_communes,
            7,
            round(7 / old_communes, 4),
            7.0,
            new_communes,
        ]
    ]
    assert UnitSuccession.objects.filter(old__province=units.old_province).exists()


def test_the_old_map_criteria_table_of_the_phase_end_report_counts_old_communes(units) -> None:  # type: ignore[no-untyped-def]
    old_evaluations(units, meeting=3, not_meeting=2)
    context = Context(units.province, Period("phase", 2025), "2021", TODAY)
    table = run_provider("criteria.by_group", context)
    assert sum(row[2] for row in table.rows) == 5
    assert sum(row[3] for row in table.rows) == 3


def test_newly_recognised_communes_are_those_decided_in_the_period(units, personas) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.rounds.models import Recognition

    def recognise(unit, day: dt.date, withdrawn: bool = False) -> None:  # type: ignore[no-untyped-def]
        Recognition.objects.create(
            unit=unit,
            set_code="xa-ntm-2026-2030",
            tier="standard",
            year=day.year,
            decision_number=f"{day:%m%d}/QĐ-UBND",
            decision_date=day,
            signer="Chủ tịch UBND tỉnh",
            withdrawn_on=dt.date(2026, 6, 1) if withdrawn else None,
        )

    recognise(units.commune_a, dt.date(2026, 3, 10))
    recognise(units.commune_b, dt.date(2026, 8, 10))  # second half: not in H1
    other = (
        AdminUnit.objects.filter(structure="2025", level=Level.COMMUNE, province=units.province)
        .exclude(pk__in=[units.commune_a.pk, units.commune_b.pk])
        .first()
    )
    recognise(other, dt.date(2026, 4, 1), withdrawn=True)
    table = run_provider(
        "criteria.newly_recognised",
        Context(units.province, Period("half_year", 2026, 1), "2025", TODAY),
    )
    assert [row[1] for row in table.rows] == [units.commune_a.name]
    second = run_provider(
        "criteria.newly_recognised",
        Context(units.province, Period("half_year", 2026, 2), "2025", TODAY),
    )
    assert [row[1] for row in second.rows] == [units.commune_b.name]


def test_a_provider_without_results_says_there_is_no_data(units) -> None:  # type: ignore[no-untyped-def]
    table = run_provider(
        "criteria.by_count", Context(units.province, Period("year", 2030), "2025", TODAY)
    )
    assert not table.has_data and table.rows == []
    assert table.note.startswith("chưa có số liệu")


def test_a_module_that_has_not_landed_gives_an_empty_table_not_a_crash() -> None:
    with pytest.raises(_NotYet, match="chưa được triển khai"):
        _module("nongthonmoi.khong_co_module.queries", "anything")
    with pytest.raises(_NotYet, match="chưa có"):
        _module("nongthonmoi.places.queries", "no_such_function")


def test_the_national_report_adds_up_the_provinces(units) -> None:  # type: ignore[no-untyped-def]
    period = Period("year", 2026)
    nation = run_provider("units.summary", Context(None, period, "2025", TODAY))
    provinces = [
        run_provider("units.summary", Context(p, period, "2025", TODAY)).rows[0]
        for p in (units.province, units.other_province)
    ]
    assert sorted(nation.rows) == sorted(provinces)
