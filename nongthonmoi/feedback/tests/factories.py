"""Test helpers: an open survey in Cao Bằng for communes A and B, and valid answers."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from nongthonmoi.feedback import services
from nongthonmoi.feedback.models import Survey


def open_survey(units: Any, personas: Any, *, days_left: int = 10, **extra: Any) -> Survey:
    template = services.ensure_bundled_templates()[0]
    today = timezone.localdate()
    return services.do_open_survey(
        personas.approver,
        province=units.province,
        template=template,
        title="Khảo sát thử",
        opens_on=today - dt.timedelta(days=5),
        closes_on=today + dt.timedelta(days=days_left),
        communes=[units.commune_a, units.commune_b],
        rule_code=extra.pop("rule_code", "xa-trong-huyen-qd320"),
        **extra,
    )


def answers(score: int = 5, text: str = "") -> dict[str, Any]:
    values: dict[str, Any] = {"biet-ntm": "yes", "chung": str(score)}
    values |= {f"tc{n}": str(score) for n in range(1, 11)}
    values["uu-tien"] = ["Nước sạch", "Môi trường"]
    if text:
        values["y-kien"] = text
    return values


def payload(place: Any, **overrides: Any) -> dict[str, Any]:
    body = {
        "token": place.token,
        "uuid": str(uuid.uuid4()),
        "answers": answers(),
        "device": "device-" + uuid.uuid4().hex,
    }
    body.update(overrides)
    return body


def place_of(survey: Survey, commune: Any) -> Any:
    return survey.communes.get(commune=commune)


def access_walk_survey(units: Any, personas: Any) -> Survey:
    """For tests/test_access_walk.py: a Cao Bằng survey including commune B."""
    return open_survey(units, personas)
