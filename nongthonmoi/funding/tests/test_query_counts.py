"""The main funding pages run as many queries with 30 rows as with 3: no query per row (issue 11).

Each test renders a page with a few rows, adds many more rows of the same kind, renders it again
and compares the number of queries. A per-row query (a related object read in the template, a sum
or a publication check per row) makes the second number larger and the test fail.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.urls import reverse

from nongthonmoi.funding import queries
from nongthonmoi.funding.models import Mobilisation, ProvincialRule
from nongthonmoi.places.models import AdminUnit, Level
from tests.query_counts import MANY, assert_flat

from . import factories as f

pytestmark = pytest.mark.django_db


def _communes(province: AdminUnit) -> Iterator[AdminUnit]:
    return iter(list(queries.province_communes(province).order_by("code")[:MANY]))


def _allocations_grower(province: AdminUnit, year: int = 2026) -> Callable[[int], None]:
    """Adds an allocation with two disbursements for the next n communes of the province."""
    communes = _communes(province)

    def grow(n: int) -> None:
        for _ in range(n):
            line = f.allocation(province, next(communes), year=year)
            f.disbursement(line, 1_000_000)
            f.disbursement(line, 2_000_000, dt.date(2026, 5, 1))

    return grow


def unit_url(unit: AdminUnit, page: str = "unit", **params: Any) -> str:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    return reverse(f"funding:{page}", args=[unit.structure, unit.code]) + (
        f"?{query}" if query else ""
    )


# -- private pages ------------------------------------------------------------------------------


def test_index(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    assert_flat(client, reverse("funding:index"), _allocations_grower(units.province))


def test_province_page(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    grow = _allocations_grower(units.province)

    def grow_and_mobilise(n: int) -> None:
        grow(n)
        for _ in range(n):
            Mobilisation.objects.create(
                unit=units.commune_a,
                province=units.province,
                year=2026,
                source="enterprises",
                form="money",
                amount=1_000_000,
            )

    assert_flat(client, unit_url(units.province, year=2026), grow_and_mobilise)


def test_commune_page(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    """The commune's decisions, each with its disbursements."""
    client.force_login(personas.approver)
    numbers = iter(range(1, 100))

    def grow(n: int) -> None:
        for _ in range(n):
            number = f"{next(numbers)}/QĐ-UBND"
            line = f.allocation(units.province, units.commune_a, number=number)
            f.disbursement(line, 1_000_000)
            f.disbursement(line, 2_000_000, dt.date(2026, 5, 1))

    assert_flat(client, unit_url(units.commune_a, year=2026), grow)


def test_disburse_page(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    line = f.allocation(units.province, units.commune_a)

    def grow(n: int) -> None:
        for _ in range(n):
            f.disbursement(line, 1_000_000)

    assert_flat(client, reverse("funding:disburse", args=[line.pk]), grow)


def test_whatif_page(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    """One row per commune of the province: communes added to the province, not read one by one."""
    client.force_login(personas.approver)
    added: list[AdminUnit] = []

    def grow(n: int) -> None:
        for _ in range(n):
            index = len(added)
            added.append(
                AdminUnit.objects.create(
                    structure=units.province.structure,
                    code=f"9{index:04d}",
                    name=f"Xã thử {index:02d}",
                    level=Level.COMMUNE,
                    kind="xa",
                    parent=units.province,
                    province=units.province,
                    is_border=index % 2 == 0,
                )
            )

    params = {"rule": "qd-16-2026", "year": 2026, "fund_kind": "investment"}
    url = unit_url(units.province, "whatif", total="1000000000", **params)
    assert_flat(client, url, grow)
    page = client.get(url).content.decode()
    assert all(f'data-code="{commune.code}"' in page for commune in added)


def test_rules_page(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    template = queries.provincial_rule_template(units.province)
    versions = iter(range(1, 100))

    def grow(n: int) -> None:
        for _ in range(n):
            ProvincialRule.objects.create(
                province=units.province,
                code="tinh-04-phan-bo-xa",
                version=next(versions),
                resolution_number="1/2026/NQ-HĐND",
                resolution_date=dt.date(2026, 1, 5),
                text=template,
                created_by=personas.approver,
            )

    assert_flat(client, unit_url(units.province, "rules"), grow)


# -- public pages -------------------------------------------------------------------------------


def test_public_index(client, units) -> None:  # type: ignore[no-untyped-def]
    """One row per published province and year: the totals are summed in one go."""
    years = iter(range(2030, 2000, -1))
    communes = _communes(units.province)

    def grow(n: int) -> None:
        for _ in range(n):
            year = next(years)
            line = f.allocation(units.province, next(communes), year=year)
            f.disbursement(line, 1_000_000)
            f.publish(units.province, year)

    assert_flat(client, reverse("funding:public_index"), grow)
    # the grouped sums are the totals of each published year's money lines
    other = next(iter(queries.province_communes(units.other_province)))
    f.disbursement(f.allocation(units.other_province, other, fund_kind="career"), 5_000_000)
    f.allocation(units.other_province, other, year=2027)  # not published
    f.publish(units.other_province)
    published = queries.published_provinces()
    sums = queries.published_totals(published)
    assert len(sums) == MANY + 1
    for province, years in published:
        for year in years:
            lines = queries.money_lines(queries.public_allocations(province, year), year=year)
            assert sums[(province.pk, year)] == queries.totals(lines)


def test_public_province(client, units) -> None:  # type: ignore[no-untyped-def]
    f.publish(units.province)
    assert_flat(
        client,
        reverse("funding:public_province", args=[units.province.structure, units.province.code]),
        _allocations_grower(units.province),
    )
