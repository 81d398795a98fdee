"""Survey API: the public answer endpoint (no login, same safeguards as the form) and scoped
results. Mounted at /api/v1/surveys."""

from __future__ import annotations

from typing import Annotated, Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import Field

from nongthonmoi.accounts.scope import filter_for, get_unit_or_404
from nongthonmoi.places.models import Level, Structure

from . import intake, queries
from .intake import Outcome, Submission
from .models import Survey, SurveyCommune
from .privacy import client_ip

router = Router(tags=["feedback"])

ID = Annotated[int, Field(ge=1, le=2**31 - 1)]
AnswerValue = str | int | bool | list[Annotated[str, Field(max_length=300)]]


class ResponseIn(Schema):
    token: Annotated[str, Field(min_length=1, max_length=64)]
    uuid: Annotated[str, Field(min_length=1, max_length=64, description="client-generated UUID")]
    answers: Annotated[
        dict[Annotated[str, Field(max_length=40)], AnswerValue], Field(max_length=60)
    ]
    device: Annotated[str, Field(max_length=100)] = ""
    website: Annotated[str, Field(max_length=200, description="honeypot: leave empty")] = ""
    contact_opt_in: bool = False
    phone: Annotated[str, Field(max_length=30)] = ""


class Accepted(Schema):
    uuid: str
    status: str


class Refused(Schema):
    """Our refusals carry `status` and `problems`; an unparsable body gets Ninja's `detail`."""

    status: str = "invalid"
    problems: list[str] = []
    detail: str | None = None


STATUS = {
    Outcome.INVALID: 400,
    Outcome.NOT_FOUND: 404,
    Outcome.CONFLICT: 409,
    Outcome.DEVICE_USED: 409,
    Outcome.CLOSED: 409,
    Outcome.RATE_LIMITED: 429,
}


@router.post(
    "/{survey_id}/responses",
    auth=None,
    url_name="feedback_submit",
    response={201: Accepted, 400: Refused, 404: Refused, 409: Refused, 429: Refused},
    summary="Submit one anonymous answer (idempotent on uuid)",
)
def submit(request: HttpRequest, survey_id: ID, payload: ResponseIn) -> Status[dict[str, Any]]:
    """A re-sent answer with the same `uuid` and content gets the same 201 answer and is stored
    once; the same `uuid` with other content gets 409."""
    result = intake.submit(
        survey_id,
        Submission(
            token=payload.token,
            submission_uuid=payload.uuid,
            answers=dict(payload.answers),
            device=payload.device,
            honeypot=payload.website,
            contact_opt_in=payload.contact_opt_in,
            phone=payload.phone,
        ),
        client_ip(request),
    )
    if result.ok:
        return Status(201, {"uuid": result.submission_uuid, "status": "accepted"})
    return Status(
        STATUS[result.outcome], {"status": result.outcome.value, "problems": result.problems}
    )


class RateOut(Schema):
    satisfied: int
    answers: int
    percent: float | None
    margin_points: float | None
    low_percent: float | None
    high_percent: float | None


class CommuneRowOut(Schema):
    code: str
    name: str
    answers: int
    overall: RateOut
    criteria: dict[str, RateOut]
    verdict: str


class SurveyResultsOut(Schema):
    id: int
    title: str
    province: str
    opens_on: str
    closes_on: str
    is_open: bool
    rule_code: str
    communes: list[CommuneRowOut]


def _row(row: queries.CommuneRow) -> dict[str, Any]:
    return {
        "code": row.place.commune.code,
        "name": row.place.commune.name,
        "answers": row.answers,
        "overall": row.overall.as_dict(),
        "criteria": {k: v.as_dict() for k, v in row.criteria.items()},
        "verdict": row.verdict.value,
    }


@router.get(
    "/{survey_id}/results", response=SurveyResultsOut, summary="Results per commune (province)"
)
def survey_results(request: HttpRequest, survey_id: ID) -> dict[str, Any]:
    survey = get_object_or_404(
        filter_for(
            request.user,
            Survey.objects.select_related("province", "template"),
            unit_field="province",
        ),
        pk=survey_id,
    )
    return {
        "id": survey.pk,
        "title": survey.title,
        "province": survey.province.code,
        "opens_on": survey.opens_on.isoformat(),
        "closes_on": survey.closes_on.isoformat(),
        "is_open": survey.is_open(),
        "rule_code": survey.rule_code,
        "communes": [_row(r) for r in queries.dashboard(survey)],
    }


class QuestionOut(Schema):
    code: str
    text: str
    kind: str
    criterion: str
    options: list[tuple[str, int]]
    rate: RateOut | None
    texts: list[str]


class CommuneResultsOut(Schema):
    survey_id: int
    code: str
    name: str
    answers: int
    overall: RateOut
    verdict: str
    criteria: dict[str, RateOut]
    questions: list[QuestionOut]


@router.get(
    "/{survey_id}/communes/{code}/results",
    response=CommuneResultsOut,
    summary="One commune's results per question and criterion (approved free text only)",
)
def commune_results(
    request: HttpRequest, survey_id: ID, code: Annotated[str, Field(max_length=10)]
) -> dict[str, Any]:
    qs = filter_for(
        request.user,
        SurveyCommune.objects.select_related("survey__template", "survey__province", "commune"),
        unit_field="commune",
    )
    place = get_object_or_404(
        qs, survey_id=survey_id, commune__structure=Structure.NEW, commune__code=code
    )
    return _commune_payload(place)


@router.get(
    "/{survey_id}/communes/{code}/published",
    response=CommuneResultsOut,
    auth=None,
    summary="Published results of a closed survey (public, same content as the results page)",
)
def published_results(
    request: HttpRequest, survey_id: ID, code: Annotated[str, Field(max_length=10)]
) -> dict[str, Any]:
    place = get_object_or_404(
        SurveyCommune.objects.select_related("survey__template", "survey__province", "commune"),
        survey_id=survey_id,
        commune__structure=Structure.NEW,
        commune__code=code,
    )
    if not place.survey.is_closed():
        raise Http404("results are published after the survey closes")
    return _commune_payload(place)


def _commune_payload(place: SurveyCommune) -> dict[str, Any]:
    result = queries.commune_results(place, public=True)
    return {
        "survey_id": place.survey_id,
        "code": place.commune.code,
        "name": place.commune.name,
        "answers": result["answers"],
        "overall": result["overall"].as_dict(),
        "verdict": result["verdict"].value,
        "criteria": {c["code"]: c["rate"].as_dict() for c in result["criteria"]},
        "questions": [
            {
                "code": q["question"].code,
                "text": q["question"].text,
                "kind": q["question"].kind,
                "criterion": q["question"].criterion,
                "options": q["options"],
                "rate": q["rate"].as_dict() if q["rate"] else None,
                "texts": q["texts"],
            }
            for q in result["questions"]
        ],
    }


class ProvinceCoverageOut(Schema):
    code: str
    name: str
    communes: int
    covered: int
    percent: float | None
    meets_target: bool | None


class CoverageOut(Schema):
    scope: str
    scope_name: str
    year: int
    communes: int
    with_online_service: int
    with_online_feedback: int
    covered: int
    percent: float | None
    target_percent: float
    target_text: str
    target_source: str
    meets_target: bool | None
    provinces: list[ProvinceCoverageOut]


@router.get(
    "/coverage",
    response=CoverageOut,
    summary="Smart-NTM indicator: communes with an online service and online feedback vs 40%",
)
def coverage(
    request: HttpRequest,
    province: Annotated[str | None, Field(pattern=r"^\d{2}$")] = None,
    year: Annotated[int | None, Field(ge=2020, le=2100)] = None,
) -> dict[str, Any]:
    """Aggregate counts only (no commune is named): national, or one province on the 2025 map."""
    unit = None
    if province:
        unit = get_unit_or_404(request.user, Structure.NEW, province)
        if unit.level != Level.PROVINCE:
            raise Http404
    return queries.online_feedback_coverage(unit, year)
