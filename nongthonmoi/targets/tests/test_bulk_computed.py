"""Computed sources in bulk (issue 11): one grouped read for many provinces, the same figures.

The national comparison computes a computed target for every province at once
(`computed.compute_by_province`) instead of once per province; each province's result must be
exactly what the per-unit source gives for that province's communes, and the page's query count
must not grow with the number of provinces even when the cache is cold.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db.models import Q
from django.urls import reverse

from nongthonmoi.places.models import AdminUnit, Kind, Level
from nongthonmoi.targets import computed, queries
from nongthonmoi.targets.models import (
    ParticipantRole,
    Target,
    TargetOverride,
    Topic,
    TrainingDenominator,
)
from tests.query_counts import MANY, assert_flat

from .factories import attend, course, evaluate, province_with_commune

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)
YEARS = [2024, 2025, 2026]


# -- fixture data ------------------------------------------------------------------------------


def _certify(commune: AdminUnit, name: str, stars: int, decided_on: dt.date) -> None:
    from nongthonmoi.ocop.tests.factories import certify, make_producer, make_product

    product = make_product(make_producer(commune, name=f"HTX {name}"), name=name)
    certify(product, stars=stars, decided_on=decided_on, number=f"{name}/QĐ-UBND")


def _xa(province: AdminUnit, n: int) -> list[AdminUnit]:
    return list(
        AdminUnit.objects.filter(
            structure=province.structure, level=Level.COMMUNE, kind=Kind.XA, province=province
        ).order_by("code")[:n]
    )


def _province(index: int) -> AdminUnit:
    """A 2025 province with two rural communes (xã) and a ward (phường, outside NTM)."""
    province = AdminUnit.objects.create(
        structure="2025",
        code=f"8{index:02d}",
        name=f"Tỉnh mẫu {index:02d}",
        level=Level.PROVINCE,
        kind="tinh",
    )
    province.province = province
    province.save()
    for n, kind in enumerate(["xa", "xa", "phuong"]):
        AdminUnit.objects.create(
            structure="2025",
            code=f"88{index}{n:02d}",
            name=f"Đơn vị mẫu {index}-{n}",
            level=Level.COMMUNE,
            kind=kind,
            parent=province,
            province=province,
        )
    return province


@pytest.fixture
def provinces(catalogue, units) -> list[AdminUnit]:  # type: ignore[no-untyped-def]
    """Four 2025 provinces with different data:

    first: training in two years, evaluations approved and working, OCOP products, online services;
    second: only working evaluations, one commune trained beyond its denominator, a 2★ product;
    third: denominators of zero only, a revoked certificate; fourth: nothing at all.
    """
    chosen = [units.province, *(_province(i) for i in range(3))]
    first, second, third, _fourth = chosen
    a1, a2, a3 = _xa(first, 3)
    b1, b2 = _xa(second, 2)
    (c1,) = _xa(third, 1)

    # training register
    for commune, year, owners, workers, security in [
        (a1, 2024, 4, 10, 5),
        (a1, 2025, 5, 12, 6),
        (a2, 2025, 2, 0, 3),
        (b1, 2024, 1, 3, 2),
        (b2, 2026, 3, 4, 4),
        (c1, 2025, 0, 0, 0),
    ]:
        TrainingDenominator.objects.create(
            commune=commune,
            year=year,
            tourism_businesses=owners,
            tourism_workers=workers,
            security_force=security,
        )
    tourism_2024 = course(first, Topic.RURAL_TOURISM, dt.date(2024, 6, 1))
    tourism_2026 = course(second, Topic.RURAL_TOURISM, dt.date(2026, 2, 1))
    security = course(second, Topic.SECURITY_ORDER, dt.date(2025, 5, 1))
    for i in range(3):
        attend(tourism_2024, f"Chủ A{i}", ParticipantRole.TOURISM_OWNER, a1)
        attend(tourism_2024, f"Lao động A{i}", ParticipantRole.TOURISM_WORKER, a1)
    attend(tourism_2024, "Chủ A2-x", ParticipantRole.TOURISM_OWNER, a2)
    for i in range(4):  # more than b1's denominator of 1 owner
        attend(tourism_2026, f"Chủ B{i}", ParticipantRole.TOURISM_OWNER, b1)
        attend(tourism_2026, f"Lao động B{i}", ParticipantRole.TOURISM_WORKER, b2)
    attend(security, "Công an viên", ParticipantRole.SECURITY_FORCE, b1)
    attend(security, "Trưởng thôn", ParticipantRole.OTHER, a3)

    # criteria evaluations: the first province has an approved picture, the second only a working one
    for set_code, _label in computed.REGISTRY_CRITERIA.values():
        year = 2025 if set_code.endswith("2021-2025") else 2026
        evaluate(a1, set_code, year, 19, True, "approved", total=19)
        evaluate(a2, set_code, year, 12, False, "approved", total=19)
        evaluate(
            a2, set_code, year, 19, True, "all", total=19
        )  # not official: the province has approved
        evaluate(a3, set_code, year, 19, True, "all", total=19)
        evaluate(b1, set_code, year, 19, True, "all", total=19)
        evaluate(b2, set_code, year, 14, False, "all", total=19)
    evaluate(c1, "xa-ntm-nang-cao-2021-2025", 2025, 10, True, "all", total=19)

    # OCOP registry
    _certify(a1, "Miến dong", 3, dt.date(2024, 3, 1))
    _certify(a1, "Chè", 4, dt.date(2025, 3, 1))
    _certify(a2, "Mật ong", 5, dt.date(2026, 1, 5))
    _certify(b1, "Bánh khảo", 2, dt.date(2025, 3, 1))
    _certify(c1, "Gạo", 3, dt.date(2024, 3, 1))
    from nongthonmoi.ocop.models import Certificate

    Certificate.objects.filter(product__commune=c1).update(
        status="revoked", revoked_on=dt.date(2025, 7, 1)
    )

    # online services (the coverage also needs survey answers, so most communes count 0)
    from nongthonmoi.feedback.models import OnlineService

    for commune in (a1, b1, b2):
        OnlineService.objects.create(commune=commune, provides=True)
    return chosen


def _communes_of_all(provinces: list[AdminUnit]) -> Any:
    q = Q()
    for p in provinces:
        q |= Q(structure=p.structure, province=p)
    return AdminUnit.objects.filter(q, level=Level.COMMUNE)


# -- bulk == per unit ----------------------------------------------------------------------------


@pytest.mark.parametrize("key", sorted(computed.REGISTRY))
def test_bulk_figures_equal_the_per_unit_figures_for_every_source(provinces, settings, key) -> None:  # type: ignore[no-untyped-def]
    settings.TARGETS_TODAY = TODAY
    pks = [p.pk for p in provinces]
    seen_data = False
    for year in YEARS:
        bulk = computed.compute_by_province(key, _communes_of_all(provinces), year, pks)
        assert set(bulk) == set(pks)
        for p in provinces:
            single = computed.compute(key, queries.communes_of(p, p.structure), year)
            assert bulk[p.pk] == single, (key, year, p.code)
            seen_data = seen_data or bool(single)
    assert seen_data, f"the fixture gives {key} no data at all"


def test_bulk_feedback_coverage_with_ids_and_codes(provinces, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The survey module may answer by id or by code; bulk and per unit read it alike."""
    a1 = _xa(provinces[0], 1)[0]
    b2 = _xa(provinces[1], 2)[1]
    monkeypatch.setattr(
        computed,
        "_coverage_function",
        lambda: lambda communes, year: {a1.pk: True, b2.code: True, provinces[2].pk: False},
    )
    key = "feedback.online_feedback_coverage"
    bulk = computed.compute_by_province(
        key, _communes_of_all(provinces), 2026, [p.pk for p in provinces]
    )
    for p in provinces:
        assert bulk[p.pk] == computed.compute(key, queries.communes_of(p, p.structure), 2026)
    assert bulk[provinces[0].pk][a1.pk].value == Decimal(1)
    assert bulk[provinces[1].pk][b2.pk].value == Decimal(1)


def test_national_rows_equal_each_province_board_on_a_cold_cache(provinces, settings) -> None:  # type: ignore[no-untyped-def]
    settings.TARGETS_TODAY = TODAY
    everyone = AdminUnit.objects.filter(structure="2025", level=Level.PROVINCE)
    for target in Target.objects.exclude(computed_source=""):
        cache.clear()
        rows = queries.compare_provinces(target, everyone, TODAY)
        assert len(rows) == everyone.count()
        cache.clear()
        for province, row in rows:
            assert row == queries.Board(province, "2025", TODAY).row(target), (
                target.code,
                province.code,
            )
        # and the bulk read left each province's figures in the per-unit cache
        for province, row in rows:
            if row.year is not None:
                key = queries.figures_key(target, province, province.structure, row.year)
                assert key in cache


# -- query count on a cold cache ---------------------------------------------------------------


SET_OF = {
    "NTM2030-XA-DAT-CHUAN": "xa-ntm-2026-2030",
    "NTM-XA-DUOI-15": "xa-ntm-2021-2025",
}


@pytest.mark.parametrize(
    "code",
    [
        "DLNT-LAO-DONG",
        "ANTT-TAP-HUAN",
        "NTM2030-XA-DAT-CHUAN",
        "NTM-XA-DUOI-15",
        "OCOP-3-SAO",
        "CDS-PHAN-HOI-TRUC-TUYEN",
    ],
)
def test_national_comparison_on_a_cold_cache(
    client, personas, units, catalogue, settings, code
) -> None:  # type: ignore[no-untyped-def]
    """Each added province has data for the target's source; a cold page reads it in one go."""
    from nongthonmoi.feedback.models import OnlineService

    settings.TARGETS_TODAY = TODAY
    client.force_login(personas.central)
    target = Target.objects.get(code=code)
    added: list[int] = []

    def grow(n: int) -> None:
        for _ in range(n):
            index = len(added)
            province, commune = province_with_commune(index)
            TrainingDenominator.objects.create(
                commune=commune,
                year=2026,
                tourism_businesses=3,
                tourism_workers=10,
                security_force=5,
            )
            training = course(province, Topic.RURAL_TOURISM, dt.date(2026, 3, 1))
            attend(training, f"Lao động {index}", ParticipantRole.TOURISM_WORKER, commune)
            security = course(province, Topic.SECURITY_ORDER, dt.date(2026, 3, 1))
            attend(security, f"Công an {index}", ParticipantRole.SECURITY_FORCE, commune)
            if code in SET_OF:
                evaluate(
                    commune, SET_OF[code], 2026, 12 + index % 8, index % 2 == 0, "all", total=19
                )
            _certify(commune, f"Sản phẩm {index}", 3 + index % 3, dt.date(2026, 1, 10))
            OnlineService.objects.create(commune=commune, provides=True)
            TargetOverride.objects.create(
                target=target,
                province=province,
                target_value=Decimal(10),
                target_year=2030,
                decision_number=f"{index}/QĐ-UBND",
            )
            added.append(province.pk)

    url = reverse("targets:national") + f"?target={code}"
    assert_flat(client, url, grow, cold=True)
    # the page shows the computed values of the added provinces
    response = client.get(url)
    assert response.status_code == 200
    rows = dict(response.context["rows"])
    shown = [rows[p] for p in AdminUnit.objects.filter(pk__in=added)]
    assert len(shown) == MANY
    assert any(r.value is not None for r in shown)
