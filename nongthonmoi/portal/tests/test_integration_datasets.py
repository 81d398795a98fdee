"""Open data: the funding module's published allocations and disbursements (issue: open data
lists "allocations and disbursements"); only years a province has published, as on its pages."""

from __future__ import annotations

import csv
import io
import json

import pytest

from nongthonmoi.funding.tests import factories as f
from nongthonmoi.portal import datasets
from nongthonmoi.portal.integrations import FUNDING_SLUG

from .factories import streamed

pytestmark = pytest.mark.django_db
URL = f"/portal/du-lieu-mo/{FUNDING_SLUG}"


def rows() -> list[list]:  # type: ignore[type-arg]
    dataset = datasets.get(FUNDING_SLUG)
    assert dataset is not None
    return [list(row) for row in dataset.rows()]


def test_only_published_years_are_open_data_with_the_public_pages_rate(
    client, personas, units
) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.funding.services import do_publish_year, do_withdraw_year

    a = f.allocation(units.province, units.commune_a, amount=400_000_000, number="P26")
    f.allocation(
        units.province, units.commune_a, amount=200_000_000, number="P26", fund_kind="recurrent"
    )
    b = f.allocation(units.province, units.commune_b, amount=300_000_000, number="P26")
    f.allocation(units.province, units.commune_a, amount=999_000_000, number="P27", year=2027)
    f.disbursement(a, 100_000_000)
    f.disbursement(b, 100_000_000)
    assert rows() == []  # nothing published yet
    before = datasets.get(FUNDING_SLUG).modified()  # type: ignore[union-attr]

    do_publish_year(personas.approver, units.province, 2026)
    assert datasets.get(FUNDING_SLUG).modified() > before  # type: ignore[union-attr]
    p = units.province
    assert rows() == [
        [p.code, p.name, 2026, "investment", "Vốn đầu tư phát triển", units.commune_a.code,
         units.commune_a.name, 400_000_000, 100_000_000, 25.0, "P26", "qd-16-2026", 50.0],
        [p.code, p.name, 2026, "recurrent", "Vốn sự nghiệp", units.commune_a.code,
         units.commune_a.name, 200_000_000, 0, 0.0, "P26", "qd-16-2026", 50.0],
        [p.code, p.name, 2026, "investment", "Vốn đầu tư phát triển", units.commune_b.code,
         units.commune_b.name, 300_000_000, 100_000_000, 33.3, "P26", "qd-16-2026", 50.0],
    ]  # fmt: skip

    listed = {d["identifier"]: d for d in client.get("/api/v1/portal/datasets").json()}
    assert listed[FUNDING_SLUG]["modified"]
    table = list(csv.reader(io.StringIO(streamed(client.get(URL + ".csv")).decode("utf-8-sig"))))
    assert table[0][:3] == ["province_code", "province_name", "year"]
    assert [r[5] for r in table[1:]] == [units.commune_a.code] * 2 + [units.commune_b.code]
    assert "P27" not in "".join(",".join(r) for r in table)
    data = json.loads(streamed(client.get(URL + ".json")))
    assert data["rows"][2]["disbursement_rate"] == 33.3

    do_withdraw_year(personas.approver, units.province, 2026, "Rà soát lại số liệu")
    assert rows() == []
    assert "P26" not in streamed(client.get(URL + ".csv")).decode("utf-8-sig")
