"""Public answers: idempotent under concurrent retries, honeypot, rate limits, device rule,
privacy (no raw IP anywhere, phone numbers apart from answers)."""

from __future__ import annotations

import threading
import uuid

import pytest
from django.apps import apps
from django.db import connection, connections, models

from nongthonmoi.feedback.models import Answer, ContactOptIn, Response

from .factories import open_survey, payload, place_of

CLIENT_IP = "203.0.113.77"


def url(survey) -> str:  # type: ignore[no-untyped-def]
    return f"/api/v1/surveys/{survey.pk}/responses"


def post(client, survey, body, ip: str = CLIENT_IP):  # type: ignore[no-untyped-def]
    return client.post(url(survey), body, content_type="application/json", REMOTE_ADDR=ip)


@pytest.mark.django_db(transaction=True)
def test_the_same_uuid_sent_five_times_concurrently_is_stored_once_and_all_succeed(
    demo_world, units, personas
) -> None:  # type: ignore[no-untyped-def]
    from django.test import Client

    survey = open_survey(units, personas)
    body = payload(place_of(survey, units.commune_a))
    barrier = threading.Barrier(5)
    results: list[tuple[int, dict]] = []
    lock = threading.Lock()

    def send() -> None:
        try:
            barrier.wait(timeout=10)
            response = post(Client(), survey, body)
            with lock:
                results.append((response.status_code, response.json()))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert [code for code, _ in results] == [201] * 5
    assert all(data == {"uuid": body["uuid"], "status": "accepted"} for _, data in results)
    assert Response.objects.filter(submission_uuid=body["uuid"]).count() == 1
    assert Answer.objects.filter(response__submission_uuid=body["uuid"]).count() == 13


pytestmark = pytest.mark.django_db


def test_a_retry_gets_the_same_success_answer_and_stores_nothing_new(
    client, units, personas
) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    body = payload(place_of(survey, units.commune_a))
    first, second = post(client, survey, body), post(client, survey, body)
    assert first.status_code == second.status_code == 201
    assert first.json() == second.json()
    assert Response.objects.count() == 1


def test_the_same_uuid_with_other_answers_is_a_conflict(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    body = payload(place_of(survey, units.commune_a))
    assert post(client, survey, body).status_code == 201
    changed = {**body, "answers": {**body["answers"], "chung": "1"}}
    response = post(client, survey, changed)
    assert response.status_code == 409 and response.json()["status"] == "conflict"
    assert Answer.objects.get(question__code="chung").number == 5


def test_a_filled_honeypot_looks_accepted_but_stores_nothing(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    response = post(
        client, survey, payload(place_of(survey, units.commune_a), website="http://spam")
    )
    assert response.status_code == 201
    assert Response.objects.count() == 0


def test_the_html_form_honeypot_also_stores_nothing(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    place = place_of(survey, units.commune_a)
    data = {"submission_uuid": str(uuid.uuid4()), "website": "x", "biet-ntm": "yes"}
    response = client.post(f"/surveys/s/{place.token}/", data)
    assert response.status_code == 302
    assert Response.objects.count() == 0


def test_the_rate_limit_per_device_refuses_the_extra_answer(
    client, units, personas, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.FEEDBACK_RATE_LIMITS = {"ip": (100, 600), "device": (3, 3600)}
    survey = open_survey(units, personas)
    place = place_of(survey, units.commune_a)
    codes = [post(client, survey, payload(place, device="one-phone")).status_code for _ in range(4)]
    assert codes == [201, 201, 201, 429]
    assert Response.objects.count() == 3


def test_the_rate_limit_per_ip_refuses_the_extra_answer_but_not_other_addresses(
    client, units, personas, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.FEEDBACK_RATE_LIMITS = {"ip": (2, 600), "device": (100, 3600)}
    survey = open_survey(units, personas)
    place = place_of(survey, units.commune_a)
    codes = [post(client, survey, payload(place)).status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert post(client, survey, payload(place), ip="198.51.100.9").status_code == 201
    assert Response.objects.count() == 3


def test_a_retry_is_answered_even_when_the_rate_limit_is_exhausted(
    client, units, personas, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.FEEDBACK_RATE_LIMITS = {"ip": (1, 600), "device": (100, 3600)}
    survey = open_survey(units, personas)
    body = payload(place_of(survey, units.commune_a))
    assert post(client, survey, body).status_code == 201
    assert post(client, survey, body).status_code == 201


def test_one_answer_per_device_when_the_survey_says_so(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas, one_answer_per_device=True)
    place = place_of(survey, units.commune_a)
    assert post(client, survey, payload(place, device="phone-1")).status_code == 201
    second = post(client, survey, payload(place, device="phone-1"))
    assert second.status_code == 409 and second.json()["status"] == "device_used"
    assert post(client, survey, payload(place, device="phone-2")).status_code == 201


def test_several_answers_from_one_device_are_allowed_by_default(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    place = place_of(survey, units.commune_a)
    for _ in range(2):
        assert post(client, survey, payload(place, device="family-phone")).status_code == 201


def test_invalid_answers_are_refused_with_every_problem(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    body = payload(place_of(survey, units.commune_a), answers={"tc1": "7"})
    response = post(client, survey, body)
    assert response.status_code == 400
    problems = response.json()["problems"]
    assert len(problems) >= 11 and any("1 đến 5" in p for p in problems)
    assert Response.objects.count() == 0


def test_a_wrong_token_or_closed_survey_is_refused(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    place = place_of(survey, units.commune_a)
    assert post(client, survey, payload(place, token="doan-bua")).status_code == 404
    survey.closes_on = survey.opens_on
    survey.save()
    assert post(client, survey, payload(place)).status_code == 409


def test_no_raw_ip_anywhere_in_the_database(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    place = place_of(survey, units.commune_a)
    assert (
        post(client, survey, payload(place, contact_opt_in=True, phone="0912 345 678")).status_code
        == 201
    )
    assert (
        client.post(
            f"/surveys/s/{place.token}/",
            {
                "submission_uuid": str(uuid.uuid4()),
                "biet-ntm": "yes",
                "chung": "4",
                **{f"tc{n}": "4" for n in range(1, 11)},
            },
            REMOTE_ADDR=CLIENT_IP,
        ).status_code
        == 302
    )
    assert Response.objects.count() == 2
    found = []
    with connection.cursor() as cursor:
        for model in apps.get_models():
            table = model._meta.db_table
            for field in model._meta.concrete_fields:
                if not isinstance(
                    field,
                    (
                        models.CharField,
                        models.TextField,
                        models.JSONField,
                        models.GenericIPAddressField,
                    ),
                ):
                    continue
                column = connection.ops.quote_name(field.column)
                cast = f"CAST({column} AS TEXT)"
                cursor.execute(
                    f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)} WHERE {cast} LIKE %s",
                    [f"%{CLIENT_IP}%"],
                )
                if cursor.fetchone()[0]:
                    found.append(f"{table}.{field.column}")
    assert found == []
    assert Response.objects.exclude(ip_hash="").count() == 2  # hashed, so limits still work


def test_a_phone_number_is_kept_only_with_consent_and_apart_from_the_answers(
    client, units, personas
) -> None:  # type: ignore[no-untyped-def]
    survey = open_survey(units, personas)
    place = place_of(survey, units.commune_a)
    post(client, survey, payload(place, phone="0912345678"))  # no opt-in: dropped
    post(client, survey, payload(place, contact_opt_in=True, phone="+84 912 345 679"))
    assert list(ContactOptIn.objects.values_list("phone", flat=True)) == ["0912345679"]
    contact_fields = {f.name for f in ContactOptIn._meta.get_fields()}
    assert "response" not in contact_fields
    assert not any(f.related_model is ContactOptIn for f in Response._meta.get_fields())
    bad = post(client, survey, payload(place, contact_opt_in=True, phone="12"))
    assert bad.status_code == 400


def test_satisfaction_flags_are_stored_with_each_answer(client, units, personas) -> None:  # type: ignore[no-untyped-def]
    from .factories import answers

    survey = open_survey(units, personas)
    place = place_of(survey, units.commune_a)
    post(client, survey, payload(place, answers=answers(score=3, text="Đường đẹp")))
    assert set(
        Answer.objects.filter(question__criterion="1").values_list("satisfied", flat=True)
    ) == {False}
    assert Answer.objects.get(question__code="y-kien").moderation == "pending"
    assert Answer.objects.get(question__code="biet-ntm").satisfied is None
