"""Receiving one public answer: the same rules for the HTML form and the API.

Order matters: the honeypot first (bots learn nothing: they get the usual success answer and
nothing is stored), then validation, then the idempotent replay check (a retry never consumes the
rate limit), then the rate limit, then the insert. The insert relies on the unique constraint
(survey, submission_uuid): under concurrency exactly one insert wins and the others catch
IntegrityError and answer like a replay; this holds on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import threading
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.db import IntegrityError, connection, transaction

from . import privacy
from .models import (
    Answer,
    ContactOptIn,
    Moderation,
    Question,
    Response,
    Survey,
    SurveyCommune,
    SurveyTemplate,
)
from .questionnaire import QuestionSpec, validate_answers
from .scoring import Kind, is_satisfied

PHONE_DIGITS = (9, 11)


class Outcome(StrEnum):
    ACCEPTED = "accepted"  # stored now
    REPLAY = "replay"  # already stored with the same content: same success answer
    IGNORED = "ignored"  # honeypot filled: success answer, nothing stored
    INVALID = "invalid"
    CONFLICT = "conflict"  # same UUID, different answers
    DEVICE_USED = "device_used"
    RATE_LIMITED = "rate_limited"
    CLOSED = "closed"
    NOT_FOUND = "not_found"


SUCCESS = {Outcome.ACCEPTED, Outcome.REPLAY, Outcome.IGNORED}


@dataclass
class Result:
    outcome: Outcome
    submission_uuid: str = ""
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.outcome in SUCCESS


@dataclass
class Submission:
    token: str
    submission_uuid: str
    answers: dict[str, Any]
    device: str = ""
    honeypot: str = ""
    contact_opt_in: bool = False
    phone: str = ""


def _specs(questions: list[Question]) -> list[QuestionSpec]:
    return [
        QuestionSpec(
            code=q.code,
            kind=q.kind,
            text=q.text,
            required=q.required,
            choices=tuple(q.choices),
            criterion=q.criterion,
            overall=q.overall,
            satisfied_choices=tuple(q.satisfied_choices),
        )
        for q in questions
    ]


_QUESTIONS: dict[tuple[int, str], tuple[list[Question], list[QuestionSpec]]] = {}


def _questions(template: SurveyTemplate) -> tuple[list[Question], list[QuestionSpec]]:
    """A template version never changes once stored (services.ensure_template), so its questions
    are read once per process instead of once per answer. The key includes the creation time so
    a re-used id (a test database rolled back) never finds another template's questions."""
    key = (template.pk, template.created_at.isoformat())
    cached = _QUESTIONS.get(key)
    if cached is None:
        questions = list(Question.objects.filter(template=template).order_by("position"))
        cached = _QUESTIONS[key] = (questions, _specs(questions))
    return cached


def _content_hash(token: str, clean: dict[str, Any]) -> str:
    canonical = json.dumps([token, clean], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode()).hexdigest()


def _clean_phone(raw: str) -> tuple[str, list[str]]:
    digits = "".join(ch for ch in raw if ch.isdigit())
    if raw.strip().startswith("+84"):
        digits = "0" + digits[2:]
    if not PHONE_DIGITS[0] <= len(digits) <= PHONE_DIGITS[1]:
        return "", ["Số điện thoại không hợp lệ (9–11 chữ số)"]
    return digits, []


def _replay(survey: Survey, submission_uuid: uuid.UUID, content: str) -> Result | None:
    existing = (
        Response.objects.filter(survey=survey, submission_uuid=submission_uuid)
        .values_list("content_hash", flat=True)
        .first()
    )
    if existing is None:
        return None
    if existing != content:
        return Result(
            Outcome.CONFLICT,
            str(submission_uuid),
            ["Mã phiếu này đã được gửi với câu trả lời khác"],
        )
    return Result(Outcome.REPLAY, str(submission_uuid))


def submit(survey_id: int, data: Submission, ip: str) -> Result:
    """Validate and store one answer (see the module docstring for the order of checks)."""
    place = (
        SurveyCommune.objects.select_related("survey__template")
        .filter(survey_id=survey_id, token=data.token)
        .first()
    )
    if place is None:
        return Result(Outcome.NOT_FOUND, problems=["Không tìm thấy phiếu khảo sát"])
    survey = place.survey
    try:
        submission_uuid = uuid.UUID(str(data.submission_uuid))
    except ValueError:
        return Result(Outcome.INVALID, problems=["Mã phiếu (UUID) không hợp lệ"])
    if data.honeypot:
        return Result(Outcome.IGNORED, str(submission_uuid))

    questions, specs = _questions(survey.template)
    clean, problems = validate_answers(specs, data.answers)
    phone = ""
    if data.contact_opt_in and data.phone.strip():
        phone, phone_problems = _clean_phone(data.phone)
        problems += phone_problems
    if problems:
        return Result(Outcome.INVALID, str(submission_uuid), problems)
    content = _content_hash(data.token, clean)

    replay = _replay(survey, submission_uuid, content)
    if replay is not None:
        return replay
    if not survey.is_open():
        return Result(Outcome.CLOSED, str(submission_uuid), ["Đợt khảo sát không mở"])
    ip_hash = privacy.salted_hash("ip", ip)
    device_hash = privacy.salted_hash("device", data.device.strip()[:100])
    if privacy.over_limit(ip_hash, device_hash):
        return Result(Outcome.RATE_LIMITED, str(submission_uuid), ["Gửi quá nhiều, thử lại sau"])

    try:
        with _sqlite_writer_lock(), transaction.atomic():
            response = Response.objects.create(
                survey=survey,
                survey_commune=place,
                submission_uuid=submission_uuid,
                content_hash=content,
                ip_hash=ip_hash,
                device_hash=device_hash,
                device_key=device_hash if survey.one_answer_per_device and device_hash else None,
            )
            Answer.objects.bulk_create(
                _answer(response, q, clean[q.code]) for q in questions if q.code in clean
            )
            if phone:
                ContactOptIn.objects.create(survey_commune=place, phone=phone)
    except IntegrityError:
        replay = _replay(survey, submission_uuid, content)
        if replay is not None:
            return replay
        return Result(
            Outcome.DEVICE_USED,
            str(submission_uuid),
            ["Thiết bị này đã gửi phiếu cho đợt khảo sát này"],
        )
    return Result(Outcome.ACCEPTED, str(submission_uuid))


_SQLITE_WRITER = threading.Lock()


def _sqlite_writer_lock() -> contextlib.AbstractContextManager[object]:
    """SQLite has one writer at a time and its busy handler waits by sleeping (up to 100 ms a
    try), so threads of one process queue here instead; PostgreSQL needs no lock."""
    return _SQLITE_WRITER if connection.vendor == "sqlite" else contextlib.nullcontext()


def _answer(response: Response, question: Question, value: Any) -> Answer:
    answer = Answer(response=response, question=question)
    if question.kind == Kind.SCALE:
        answer.number = int(value)
    elif question.kind == Kind.YESNO:
        answer.number = 1 if value else 0
    elif question.kind == Kind.SINGLE:
        answer.choice = str(value)
    elif question.kind == Kind.MULTIPLE:
        answer.choices = list(value)
    else:
        answer.text = str(value)
        answer.moderation = Moderation.PENDING
    if question.measures_satisfaction:
        answer.satisfied = is_satisfied(question.kind, value, question.satisfied_choices)
    return answer
