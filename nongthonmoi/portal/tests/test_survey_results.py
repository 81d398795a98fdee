"""The public page of satisfaction survey results (/portal/khao-sat/): closed surveys only, by
province, with the numbers of the feedback module's public result pages and nothing private."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from nongthonmoi.feedback.models import SurveyCommune
from nongthonmoi.feedback.services import do_close_survey
from nongthonmoi.feedback.tests.factories import answers, open_survey, payload, place_of
from nongthonmoi.places.models import AdminUnit, Level
from nongthonmoi.portal import queries
from nongthonmoi.portal.integrations import SURVEY_SLUG
from tests.query_counts import MANY, assert_flat

pytestmark = pytest.mark.django_db
URL = "/portal/khao-sat/"
PRIVATE_TEXT = "Gọi 0912345678 ông Nam, nhà cạnh chợ"


def _send(client, survey, place, score: int, text: str = "") -> None:  # type: ignore[no-untyped-def]
    response = client.post(
        f"/api/v1/surveys/{survey.pk}/responses",
        payload(place, answers=answers(score, text=text)),
        content_type="application/json",
    )
    assert response.status_code == 201, response.content


def _row(html: str, survey_pk: int, code: str) -> str:
    table = re.search(rf'data-survey="{survey_pk}".*?</table>', html, re.S)
    assert table is not None, f"survey {survey_pk} not listed"
    row = re.search(rf'<tr data-commune="{code}">(.*?)</tr>', table.group(0), re.S)
    assert row is not None, f"commune {code} not listed in survey {survey_pk}"
    return row.group(1)


@pytest.fixture
def closed(client, units, personas):  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    a, b = place_of(survey, units.commune_a), place_of(survey, units.commune_b)
    _send(client, survey, a, 5, text=PRIVATE_TEXT)
    _send(client, survey, a, 3)
    _send(client, survey, b, 4)
    do_close_survey(personas.approver, survey, "Đủ số phiếu")
    return survey


def test_the_page_is_linked_from_the_side_box_and_links_to_the_dataset(client) -> None:  # type: ignore[no-untyped-def]
    assert reverse("portal:survey_results") == URL
    assert f'href="{URL}"' in client.get("/portal/").content.decode()
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-testid="no-data"' in html  # no closed survey yet: it says so
    assert f'href="/portal/du-lieu-mo/{SURVEY_SLUG}/"' in html


def test_a_closed_survey_shows_each_commune_as_its_public_result_page_does(
    client, units, closed
) -> None:  # type: ignore[no-untyped-def]
    html = client.get(URL).content.decode()
    assert units.province.name in html and closed.title in html
    for commune, answers_count in [(units.commune_a, 2), (units.commune_b, 1)]:
        public_url = reverse(
            "feedback:public_results", kwargs={"survey_id": closed.pk, "code": commune.code}
        )
        public = client.get(public_url).content.decode()
        rate = re.search(r'id="overall-rate">([^<]+)<', public).group(1)  # type: ignore[union-attr]
        row = _row(html, closed.pk, commune.code)
        assert f'<a href="{public_url}">{commune.name}</a>' in row
        assert f'<span class="survey-rate">{rate}</span>' in row
        assert f'<td class="num">{answers_count}</td>' in row
    row_a = _row(html, closed.pk, units.commune_a.code)
    assert "50,0%" in row_a and "±" in row_a and "Chưa đạt" in row_a
    assert "100,0%" in _row(html, closed.pk, units.commune_b.code)
    assert "Đạt" in _row(html, closed.pk, units.commune_b.code)


def test_no_free_text_phone_number_or_device_data_appears(client, closed) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.feedback.models import Answer, Response

    html = client.get(URL).content.decode()
    assert Answer.objects.filter(text=PRIVATE_TEXT).exists()
    assert PRIVATE_TEXT not in html and "0912345678" not in html
    for ip_hash, device_hash in Response.objects.values_list("ip_hash", "device_hash"):
        for secret in (ip_hash, device_hash):
            assert not secret or secret not in html


def test_an_open_survey_is_not_listed(client, units, personas, closed) -> None:  # type: ignore[no-untyped-def]
    other = open_survey_with_title(units, personas, "Đợt đang mở")
    _send(client, other, place_of(other, units.commune_a), 5)
    html = client.get(URL).content.decode()
    assert f'data-survey="{closed.pk}"' in html
    assert f'data-survey="{other.pk}"' not in html and "Đợt đang mở" not in html


def open_survey_with_title(units, personas, title: str):  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    survey.title = title
    survey.save(update_fields=["title"])
    return survey


def test_an_early_close_shows_at_once_although_the_page_is_cached(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    _send(client, survey, place_of(survey, units.commune_a), 5)
    assert f'data-survey="{survey.pk}"' not in client.get(URL).content.decode()
    do_close_survey(personas.approver, survey, "Đủ số phiếu")
    assert f'data-survey="{survey.pk}"' in client.get(URL).content.decode()


def test_the_query_count_does_not_grow_with_communes_and_a_warm_page_reads_no_survey(
    client, units, closed, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    from tests.query_counts import page_queries

    client.get(URL)
    warm = page_queries(client, URL)
    assert not [sql for sql in warm if "feedback_" in sql]  # served from the cache

    monkeypatch.setattr(queries, "cached", lambda name, build, ttl=0: build())
    taken = set(closed.communes.values_list("commune_id", flat=True))
    communes = iter(
        AdminUnit.objects.filter(
            structure=units.province.structure, level=Level.COMMUNE, province=units.province
        )
        .exclude(pk__in=taken)
        .order_by("code")[:MANY]
    )

    def grow(n: int) -> None:
        for _ in range(n):
            SurveyCommune.objects.create(survey=closed, commune=next(communes))

    assert_flat(client, URL, grow)
    assert closed.communes.count() == 2 + MANY
    assert client.get(URL).content.decode().count("<tr data-commune=") == 2 + MANY
