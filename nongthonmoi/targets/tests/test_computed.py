"""Computed targets, exact against hand-counted fixtures (one test per kind of source)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest

from nongthonmoi.places.models import AdminUnit, Kind, Level
from nongthonmoi.targets import computed
from nongthonmoi.targets.models import (
    Course,
    ParticipantRole,
    ProgressValue,
    Target,
    Topic,
    TrainingDenominator,
)
from nongthonmoi.targets.queries import Board
from nongthonmoi.targets.status import Status

from .factories import attend, course, evaluate

pytestmark = pytest.mark.django_db
TODAY = dt.date(2025, 12, 31)


def three_communes(units) -> list[AdminUnit]:  # type: ignore[no-untyped-def]
    other = (
        AdminUnit.objects.filter(province=units.province, level=Level.COMMUNE, kind=Kind.XA)
        .exclude(pk__in=[units.commune_a.pk, units.commune_b.pk])
        .order_by("code")
        .first()
    )
    return [units.commune_a, units.commune_b, other]


@pytest.fixture
def tourism(catalogue, units):  # type: ignore[no-untyped-def]
    """Hand count, by the end of 2025:
    commune A: 4 businesses, owners trained: An, Bình (An twice) -> 2 of 4
    commune B: 2 businesses, owners trained: Chi, Dũng, Em -> 3, capped at 2 of 2
    commune C: 4 businesses, owners trained: none in time (Giang's course ends in 2026) -> 0 of 4
    total 4 of 10 = 40%.  Workers: A 10 (7 trained), B 10 (5), C 0 (ignored) -> 12 of 20 = 60%.
    """
    a, b, c = three_communes(units)
    for commune, businesses, workers in [(a, 4, 10), (b, 2, 10), (c, 4, 0)]:
        TrainingDenominator.objects.create(
            commune=commune,
            year=2025,
            tourism_businesses=businesses,
            tourism_workers=workers,
            security_force=5,
        )
    first = course(units.province, Topic.RURAL_TOURISM, dt.date(2024, 6, 1))
    second = course(units.province, Topic.RURAL_TOURISM, dt.date(2025, 6, 1))
    late = course(units.province, Topic.RURAL_TOURISM, dt.date(2026, 1, 10))
    other_topic = course(units.province, Topic.OCOP, dt.date(2025, 3, 1))
    attend(first, "An", ParticipantRole.TOURISM_OWNER, a)
    attend(second, "An", ParticipantRole.TOURISM_OWNER, a)
    attend(second, "Bình", ParticipantRole.TOURISM_OWNER, a)
    for name in ["Chi", "Dũng", "Em"]:
        attend(first, name, ParticipantRole.TOURISM_OWNER, b)
    attend(late, "Giang", ParticipantRole.TOURISM_OWNER, c)
    attend(other_topic, "Hà", ParticipantRole.TOURISM_OWNER, c)
    for i in range(7):
        attend(second, f"Lao động A{i}", ParticipantRole.TOURISM_WORKER, a)
    for i in range(5):
        attend(first, f"Lao động B{i}", ParticipantRole.TOURISM_WORKER, b)
    return a, b, c


def row(code: str, unit: AdminUnit):  # type: ignore[no-untyped-def]
    return Board(unit, unit.structure, TODAY).row(Target.objects.get(code=code))


def test_rural_tourism_owners_are_counted_once_capped_and_only_when_trained_in_time(
    tourism, units
) -> None:  # type: ignore[no-untyped-def]
    result = row("DLNT-CHU-CO-SO", units.province)
    assert (result.numerator, result.denominator) == (D(4), D(10))
    assert result.value == D(40)
    assert result.status is Status.OFF_TRACK  # 40 < 70 - 5


def test_rural_tourism_workers_ratio_of_sums_skips_communes_without_workers(tourism, units) -> None:  # type: ignore[no-untyped-def]
    result = row("DLNT-LAO-DONG", units.province)
    assert (result.numerator, result.denominator) == (D(12), D(20))
    assert result.value == D(60)


def test_a_commune_board_shows_its_own_share(tourism, units) -> None:  # type: ignore[no-untyped-def]
    result = row("DLNT-CHU-CO-SO", units.commune_b)
    assert (result.numerator, result.denominator, result.value) == (D(2), D(2), D(100))
    assert result.status is Status.ON_TRACK


def test_security_training_counts_everyone_trained_on_security_and_has_no_target(
    catalogue, units
) -> None:  # type: ignore[no-untyped-def]
    a, b, _ = three_communes(units)
    TrainingDenominator.objects.create(commune=a, year=2024, security_force=8)
    TrainingDenominator.objects.create(commune=b, year=2024, security_force=2)
    c = course(units.province, Topic.SECURITY_ORDER, dt.date(2024, 5, 8))
    for i in range(3):
        attend(c, f"Công an viên {i}", ParticipantRole.SECURITY_FORCE, a)
    attend(c, "Trưởng thôn", ParticipantRole.OTHER, b)
    result = row("ANTT-TAP-HUAN", units.province)
    # the 2024 denominators still apply in 2025 (latest earlier year): 4 of 10
    assert (result.numerator, result.denominator, result.value) == (D(4), D(10), D(40))
    assert result.status is Status.NOT_SET


def test_share_of_communes_meeting_the_standard_counts_unevaluated_communes_as_not_meeting(
    catalogue, units
) -> None:  # type: ignore[no-untyped-def]
    a, b, c = three_communes(units)
    evaluate(a, "xa-ntm-2026-2030", 2026, 10, True, "approved")
    evaluate(b, "xa-ntm-2026-2030", 2026, 8, False, "approved")
    evaluate(c, "xa-ntm-2026-2030", 2026, 10, True, "approved")
    evaluate(b, "xa-ntm-2026-2030", 2026, 10, True, "all")  # working picture: not official
    total = AdminUnit.objects.filter(
        province=units.province, level=Level.COMMUNE, kind=Kind.XA
    ).count()  # wards (phường) are outside the NTM standard
    result = Board(units.province, "2025", dt.date(2026, 12, 31)).row(
        Target.objects.get(code="NTM2030-XA-DAT-CHUAN")
    )
    assert (result.numerator, result.denominator) == (D(2), D(total))
    assert result.value == D(2) / D(total) * 100


def test_communes_under_15_criteria_are_summed_from_2021_2025_evaluations(catalogue, units) -> None:  # type: ignore[no-untyped-def]
    old = list(
        AdminUnit.objects.filter(
            district=units.old_district, level=Level.COMMUNE, kind=Kind.XA
        ).order_by("code")[:3]
    )
    for commune, met in zip(old, [14, 15, 9], strict=True):
        evaluate(commune, "xa-ntm-2021-2025", 2024, met, met >= 19, "all")
    result = Board(units.old_province, "2021", dt.date(2024, 12, 31)).row(
        Target.objects.get(code="NTM-XA-DUOI-15")
    )
    assert result.value == D(2)
    assert result.status is Status.OFF_TRACK  # at most 0, tolerance 0


def test_ocop_products_count_certificates_in_force_at_the_end_of_each_year(
    catalogue, units
) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.ocop.tests.factories import certify, make_producer, make_product

    producer = make_producer(units.commune_a)
    three = make_product(producer, name="Miến dong")
    four = make_product(producer, name="Chè Shan tuyết", set_number=4)
    two = make_product(producer, name="Bánh khảo")
    certify(three, stars=3, decided_on=dt.date(2024, 3, 1))
    certify(four, stars=3, decided_on=dt.date(2023, 3, 1), number="1")
    certify(four, stars=4, decided_on=dt.date(2025, 3, 1), number="2")  # counted once
    certify(two, stars=2, decided_on=dt.date(2025, 3, 1), number="3")
    figures = computed.compute(
        "ocop.products_3star_plus", AdminUnit.objects.filter(pk=units.commune_a.pk), 2025
    )
    assert figures is not None and figures[units.commune_a.pk].value == D(2)
    earlier = computed.compute(
        "ocop.products_3star_plus", AdminUnit.objects.filter(pk=units.commune_a.pk), 2023
    )
    assert earlier is not None and earlier[units.commune_a.pk].value == D(1)


def test_online_feedback_coverage_is_the_share_of_communes_the_survey_module_reports(
    catalogue, units, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    a, b, c = three_communes(units)
    monkeypatch.setattr(
        computed, "_coverage_function", lambda: lambda communes, year: {a.pk: True, b.code: True}
    )
    communes = AdminUnit.objects.filter(pk__in=[a.pk, b.pk, c.pk])
    figures = computed.compute("feedback.online_feedback_coverage", communes, 2025)
    assert figures is not None
    assert sum(f.value for f in figures.values()) == D(2)
    assert len(figures) == 3


def test_entered_values_add_up_by_each_aggregation_rule(catalogue, units) -> None:  # type: ignore[no-untyped-def]
    a, b, c = three_communes(units)
    points = Target.objects.get(code="OCOP-DIEM-BAN")  # sum
    coops = Target.objects.get(code="OCOP-HTX")  # ratio of sums
    for commune, n in [(a, 2), (b, 3)]:
        ProgressValue.objects.create(target=points, unit=commune, year=2025, value=D(n))
    ProgressValue.objects.create(target=coops, unit=a, year=2025, numerator=D(1), denominator=D(4))
    ProgressValue.objects.create(target=coops, unit=b, year=2025, numerator=D(3), denominator=D(4))
    assert row("OCOP-DIEM-BAN", units.province).value == D(5)
    coop_row = row("OCOP-HTX", units.province)
    assert coop_row.value == D(50)  # 4 / 8, not the mean of 25% and 75% (also 50) -> check parts
    assert (coop_row.numerator, coop_row.denominator) == (D(4), D(8))


def test_a_value_entered_for_the_province_itself_wins_over_its_communes(catalogue, units) -> None:  # type: ignore[no-untyped-def]
    a, _, _ = three_communes(units)
    income = Target.objects.get(code="NTM-THU-NHAP")
    ProgressValue.objects.create(
        target=income, unit=a, year=2025, numerator=D(10), denominator=D(10)
    )
    ProgressValue.objects.create(target=income, unit=units.province, year=2025, value=D("1.46"))
    result = row("NTM-THU-NHAP", units.province)
    assert result.value == D("1.46")
    assert result.status is Status.AT_RISK  # 1.46 >= 1.5 - 0.05


def test_a_computed_target_updates_as_soon_as_the_register_changes(
    tourism, units, personas
) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.targets.services import do_import_participants

    from .conftest import xlsx

    assert row("DLNT-CHU-CO-SO", units.province).numerator == D(4)  # now cached
    late_course = Course.objects.create(
        title="Lớp bổ sung",
        topic=Topic.RURAL_TOURISM,
        start_date=dt.date(2025, 11, 1),
        end_date=dt.date(2025, 11, 2),
        organiser="Sở VHTTDL",
        unit=units.province,
    )
    sheet = xlsx(
        [
            ["Họ và tên", "Năm sinh", "Vai trò", "Mã xã"],
            ["Khánh", 1990, "chủ cơ sở", row_code(tourism)],
        ]
    )
    do_import_participants(personas.approver, late_course, sheet)
    assert row("DLNT-CHU-CO-SO", units.province).numerator == D(5)


def row_code(tourism) -> str:  # type: ignore[no-untyped-def]
    return tourism[0].code  # commune A: 2 of 4 trained, room for one more
