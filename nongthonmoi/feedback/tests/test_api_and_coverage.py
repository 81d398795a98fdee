"""API results endpoints (scoped) and the Smart-NTM coverage indicator."""

from __future__ import annotations

import pytest

from nongthonmoi.feedback import services
from nongthonmoi.feedback.queries import online_feedback_coverage
from nongthonmoi.places.models import AdminUnit, Kind, Level, Structure

from .factories import answers, open_survey, payload, place_of

pytestmark = pytest.mark.django_db


def send(client, survey, place, **kw):  # type: ignore[no-untyped-def]
    return client.post(
        f"/api/v1/surveys/{survey.pk}/responses",
        payload(place, **kw),
        content_type="application/json",
    )


def test_the_submit_endpoint_needs_no_login_and_no_csrf(units, personas) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    survey = open_survey(units, personas)
    client = Client(enforce_csrf_checks=True)
    assert send(client, survey, place_of(survey, units.commune_a)).status_code == 201


def test_survey_results_per_commune_for_the_province(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    send(client, survey, place_of(survey, units.commune_a), answers=answers(5))
    send(client, survey, place_of(survey, units.commune_a), answers=answers(3))
    client.force_login(personas.approver)
    data = client.get(f"/api/v1/surveys/{survey.pk}/results").json()
    row = next(c for c in data["communes"] if c["code"] == units.commune_a.code)
    assert row["answers"] == 2
    assert row["overall"]["percent"] == 50.0 and row["overall"]["margin_points"] > 0
    assert row["criteria"]["1"]["answers"] == 2
    assert row["verdict"] == "below"  # 50% < 80% per criterion (QĐ 320)
    client.force_login(personas.officer_a)
    assert client.get(f"/api/v1/surveys/{survey.pk}/results").status_code == 404


def test_commune_results_give_questions_and_only_approved_texts(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    send(client, survey, place_of(survey, units.commune_b), answers=answers(4, text="Riêng tư"))
    client.force_login(personas.officer_b)
    url = f"/api/v1/surveys/{survey.pk}/communes/{units.commune_b.code}/results"
    data = client.get(url).json()
    assert data["answers"] == 1 and data["verdict"] == "meets"
    text_question = next(q for q in data["questions"] if q["code"] == "y-kien")
    assert text_question["texts"] == []
    scale = next(q for q in data["questions"] if q["code"] == "tc1")
    assert scale["rate"]["percent"] == 100.0
    client.force_login(personas.officer_a)
    assert client.get(url).status_code == 404


def test_coverage_counts_communes_with_both_an_online_service_and_online_answers(
    client, units, personas
) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    send(client, survey, place_of(survey, units.commune_a))
    send(client, survey, place_of(survey, units.commune_b))
    services.do_record_online_service(personas.approver, units.commune_a, provides=True)
    result = online_feedback_coverage(units.province)
    communes = AdminUnit.objects.filter(
        province=units.province, level=Level.COMMUNE, kind=Kind.XA, structure=Structure.NEW
    ).count()
    assert result["communes"] == communes
    assert result["with_online_service"] == 1 and result["with_online_feedback"] == 2
    assert result["covered"] == 1
    assert result["percent"] == round(100 / communes, 1)
    assert result["target_percent"] == 40.0 and result["meets_target"] is False
    assert [p["code"] for p in result["provinces"]] == [units.province.code]
    national = online_feedback_coverage()
    assert national["scope"] == "national" and national["covered"] == 1
    assert {p["code"] for p in national["provinces"]} >= {
        units.province.code,
        units.other_province.code,
    }


def test_coverage_meets_the_target_when_forty_percent_of_communes_qualify(
    client, units, personas
) -> None:  # type: ignore[no-untyped-def]
    communes = list(
        AdminUnit.objects.filter(
            province=units.province, level=Level.COMMUNE, kind=Kind.XA
        ).order_by("code")
    )
    needed = -(-len(communes) * 40 // 100)  # ceiling of 40%
    template = services.ensure_bundled_templates()[0]
    import datetime as dt

    from django.utils import timezone

    today = timezone.localdate()
    survey = services.do_open_survey(
        personas.approver,
        province=units.province,
        template=template,
        title="Phủ",
        opens_on=today,
        closes_on=today + dt.timedelta(days=3),
        communes=communes[:needed],
    )
    for unit in communes[:needed]:
        services.do_record_online_service(personas.approver, unit, provides=True)
        send(client, survey, survey.communes.get(commune=unit))
    assert online_feedback_coverage(units.province)["meets_target"] is True


def test_the_targets_module_gets_one_flag_per_commune(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    send(client, survey, place_of(survey, units.commune_a))
    services.do_record_online_service(personas.approver, units.commune_a, provides=True)
    communes = AdminUnit.objects.filter(pk__in=[units.commune_a.pk, units.commune_b.pk])
    from django.utils import timezone

    flags = online_feedback_coverage(communes, timezone.localdate().year)
    assert flags == {units.commune_a.pk: True, units.commune_b.pk: False}
    from nongthonmoi.targets import computed

    figures = computed.compute(
        "feedback.online_feedback_coverage", communes, timezone.localdate().year
    )
    assert figures is not None and figures[units.commune_a.pk].value == 1


def test_the_coverage_endpoint_is_scoped_by_province(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    data = client.get("/api/v1/surveys/coverage", {"province": units.province.code}).json()
    assert data["scope"] == units.province.code and data["target_percent"] == 40.0
    client.force_login(personas.officer_a)
    assert (
        client.get("/api/v1/surveys/coverage", {"province": units.province.code}).status_code == 404
    )
    assert client.get("/api/v1/surveys/coverage", {"province": "x"}).status_code == 422
    assert client.get("/api/v1/surveys/coverage").json()["scope"] == "national"


def test_the_coverage_endpoint_needs_a_login(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/api/v1/surveys/coverage").status_code == 401


def test_published_results_are_public_only_after_close(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    send(client, survey, place_of(survey, units.commune_b), answers=answers(5))
    url = f"/api/v1/surveys/{survey.pk}/communes/{units.commune_b.code}/published"
    assert client.get(url).status_code == 404
    services.do_close_survey(personas.approver, survey)
    data = client.get(url).json()
    assert data["answers"] == 1 and data["overall"]["percent"] == 100.0
