"""Demo data for the satisfaction survey (Cao Bằng, illustrative, marked as demo): a closed survey
with deterministic answers in six communes (results published, some free text approved, some
waiting), an open survey for communes A and B, and online services for half the communes.

Idempotent: if the closed demo survey exists, nothing is written.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid

from django.db import transaction
from django.utils import timezone

from nongthonmoi.accounts.models import User
from nongthonmoi.demo.base import COMMUNE_A, COMMUNE_B, DEMO_NOTE, PROVINCE, SEED
from nongthonmoi.places.models import AdminUnit, Kind, Level, Structure

from . import services
from .intake import _answer, _content_hash
from .models import Moderation, OnlineService, Question, Response, Survey, SurveyCommune

CLOSED_TITLE = "Lấy ý kiến sự hài lòng về kết quả xây dựng NTM năm 2026 (dữ liệu minh họa)"
OPEN_TITLE = "Lấy ý kiến sự hài lòng, đợt bổ sung (dữ liệu minh họa)"
NAMESPACE = uuid.UUID("6f1c7c52-3d0e-4a55-9a51-0d6f2b0f2a11")
TEXTS = [
    ("Đường liên thôn đã được bê tông hóa, đi lại thuận tiện hơn nhiều.", True),
    ("Mong xã sớm có nước sạch cho các thôn vùng cao.", True),
    ("Nhà văn hóa thôn cần thêm bàn ghế.", True),
    ("Thủ tục trực tuyến còn khó với người lớn tuổi, cần người hướng dẫn.", True),
    ("Gọi cho tôi số 09xx để nói chuyện riêng.", False),  # waits: contains contact details
]


def load() -> list[str]:
    if Survey.objects.filter(title=CLOSED_TITLE).exists():
        return ["feedback: demo surveys already present"]
    province = AdminUnit.objects.get(structure=Structure.NEW, code=PROVINCE)
    actor = User.objects.get(username="tinh.caobang")
    communes = list(
        AdminUnit.objects.filter(province=province, level=Level.COMMUNE, kind=Kind.XA)
        .exclude(code__in=[COMMUNE_A, COMMUNE_B])
        .order_by("code")[:4]
    )
    pair = list(
        AdminUnit.objects.filter(structure=Structure.NEW, code__in=[COMMUNE_A, COMMUNE_B]).order_by(
            "code"
        )
    )
    template = services.ensure_bundled_templates()[0]
    today = timezone.localdate()
    rng = random.Random(SEED)
    with transaction.atomic():
        closed = services.do_open_survey(
            actor,
            province=province,
            template=template,
            title=CLOSED_TITLE,
            opens_on=today - dt.timedelta(days=60),
            closes_on=today - dt.timedelta(days=30),
            communes=pair + communes,
            rule_code="xa-trong-huyen-qd320",
        )
        stored = 0
        for index, place in enumerate(
            closed.communes.select_related("commune").order_by("commune__code")
        ):
            tendency = 0.95 - 0.07 * index  # some communes reach the 80% level, others do not
            stored += _answers(place, rng, count=24 + 6 * index, tendency=tendency, actor=actor)
        current = services.do_open_survey(
            actor,
            province=province,
            template=template,
            title=OPEN_TITLE,
            opens_on=today - dt.timedelta(days=3),
            closes_on=today + dt.timedelta(days=27),
            communes=pair,
            rule_code="xa-2026-2030",
        )
        for place in current.communes.select_related("commune").order_by("commune__code"):
            stored += _answers(place, rng, count=5, tendency=0.8, actor=None)
        for unit in (pair + communes)[::2]:
            OnlineService.objects.update_or_create(
                commune=unit,
                defaults={
                    "provides": True,
                    "description": f"Dịch vụ công trực tuyến cấp xã ({DEMO_NOTE})",
                    "recorded_by": actor,
                },
            )
    return [
        f"feedback: 2 surveys in {province.name} ({len(pair) + len(communes)} communes), {stored} answers"
    ]


def _answers(
    place: SurveyCommune, rng: random.Random, *, count: int, tendency: float, actor: User | None
) -> int:
    questions = list(Question.objects.filter(template_id=place.survey.template_id))
    survey = place.survey
    for number in range(count):
        values: dict[str, object] = {}
        for q in questions:
            if q.kind == "scale":
                values[q.code] = (
                    rng.choice([4, 5]) if rng.random() < tendency else rng.choice([1, 2, 3])
                )
            elif q.kind == "yesno":
                values[q.code] = rng.random() < 0.9
            elif q.kind == "single" and rng.random() < 0.8:
                values[q.code] = rng.choice(q.choices)
            elif q.kind == "multiple" and rng.random() < 0.6:
                values[q.code] = sorted(rng.sample(q.choices, 2), key=q.choices.index)
            elif q.kind == "text" and number < len(TEXTS) and rng.random() < 0.7:
                values[q.code] = TEXTS[number][0]
        received = survey.opens_on + dt.timedelta(
            days=rng.randrange((survey.closes_on - survey.opens_on).days + 1)
        )
        response = Response.objects.create(
            survey=survey,
            survey_commune=place,
            submission_uuid=uuid.uuid5(NAMESPACE, f"{survey.title}/{place.commune.code}/{number}"),
            content_hash=_content_hash(place.token, values),
            received_on=min(received, timezone.localdate()),
        )
        answers = [_answer(response, q, values[q.code]) for q in questions if q.code in values]
        for answer in answers:
            if answer.moderation == Moderation.PENDING and actor is not None and TEXTS[number][1]:
                answer.moderation = Moderation.APPROVED
                answer.moderated_by = actor
                answer.moderated_at = timezone.now()
        response.answers.bulk_create(answers)
    return count
