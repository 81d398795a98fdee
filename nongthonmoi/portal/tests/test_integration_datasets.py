"""Open data from other modules: the funding module's published allocations and disbursements
(only years a province has published, as on its pages) and the results of closed satisfaction
surveys (as on the public result pages, without free texts)."""

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


def test_survey_results_are_open_data_once_the_survey_closes(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.feedback.queries import commune_results
    from nongthonmoi.feedback.services import do_close_survey
    from nongthonmoi.feedback.tests.factories import answers, open_survey, payload, place_of
    from nongthonmoi.portal.integrations import SURVEY_SLUG

    survey = open_survey(units, personas)
    a, b = place_of(survey, units.commune_a), place_of(survey, units.commune_b)
    for place, score in [(a, 5), (a, 3), (b, 4)]:
        response = client.post(
            f"/api/v1/surveys/{survey.pk}/responses",
            payload(place, answers=answers(score, text="Ý kiến riêng")),
            content_type="application/json",
        )
        assert response.status_code == 201
    dataset = datasets.get(SURVEY_SLUG)
    assert dataset is not None
    assert list(dataset.rows()) == []  # results are public only once the survey is closed
    assert dataset.modified() is None

    do_close_survey(personas.approver, survey, "Đủ số phiếu")
    assert dataset.modified() is not None
    table = [list(row) for row in dataset.rows()]
    by_commune = {
        code: [r for r in table if r[6] == code] for code in (a.commune.code, b.commune.code)
    }
    assert [r[9] for r in by_commune[a.commune.code]] == ["overall"] + [
        str(n) for n in range(1, 11)
    ]
    first = by_commune[a.commune.code][0]
    assert first[:4] == [survey.pk, survey.title, units.province.code, units.province.name]
    assert first[8:] == [2, "overall", "Hài lòng chung", 1, 2, 50.0, "Chưa đạt"]
    assert by_commune[b.commune.code][0][8:] == [1, "overall", "Hài lòng chung", 1, 1, 100.0, "Đạt"]
    for place in (a, b):  # the same numbers as the public result page of the commune
        public = commune_results(place, public=True)
        rows = by_commune[place.commune.code]
        assert rows[0][13] == public["overall"].percent
        assert [r[13] for r in rows[1:]] == [c["rate"].percent for c in public["criteria"]]
        assert [r[10] for r in rows[1:]] == [c["name"] for c in public["criteria"]]

    text = streamed(client.get(f"/portal/du-lieu-mo/{SURVEY_SLUG}.csv")).decode("utf-8-sig")
    assert units.commune_a.name in text and "Ý kiến riêng" not in text  # no free texts


def test_the_portal_links_to_the_survey_results_from_every_page(client) -> None:  # type: ignore[no-untyped-def]
    from django.utils import translation

    from nongthonmoi.portal.integrations import SURVEY_SLUG

    results = "/portal/khao-sat/"  # the results page, which links to the dataset
    page = f"/portal/du-lieu-mo/{SURVEY_SLUG}/"
    assert f'href="{results}"' in client.get("/portal/").content.decode()
    assert f'href="{page}"' in client.get(results).content.decode()
    assert "Kết quả lấy ý kiến sự hài lòng" in client.get(page).content.decode()
    with translation.override("en"):
        label = translation.gettext("Kết quả khảo sát sự hài lòng của người dân")
    assert label == "Citizen satisfaction survey results"
