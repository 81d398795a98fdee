"""Every officer-side write: templates, opening and closing surveys, moderation, online services.

Public answers are written by `intake.submit` (no actor, no audit entry per answer: an audit row per
anonymous answer would only fill the audit log during a burst).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import can
from nongthonmoi.core import audit
from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.places.models import AdminUnit, Level, Structure

from . import rules
from .models import (
    Answer,
    Moderation,
    OnlineService,
    Question,
    Survey,
    SurveyCommune,
    SurveyTemplate,
)
from .questionnaire import TemplateSpec, bundled_templates

C = Capability


def ensure_template(spec: TemplateSpec) -> SurveyTemplate:
    """Store a template version once; an existing (code, version) is never changed."""
    existing = SurveyTemplate.objects.filter(code=spec.code, version=spec.version).first()
    if existing is not None:
        return existing
    with transaction.atomic():
        template = SurveyTemplate.objects.create(
            code=spec.code,
            version=spec.version,
            title=spec.title,
            wording=spec.wording,
            wording_note=spec.wording_note,
            criteria_names=spec.criteria_names,
            criteria_source=spec.criteria_source,
            scale_labels=list(spec.scale_labels),
        )
        Question.objects.bulk_create(
            Question(
                template=template,
                position=index,
                code=q.code,
                kind=q.kind,
                text=q.text,
                required=q.required,
                choices=list(q.choices),
                satisfied_choices=list(q.satisfied_choices),
                criterion=q.criterion,
                overall=q.overall,
            )
            for index, q in enumerate(spec.questions, start=1)
        )
    return template


def ensure_bundled_templates() -> list[SurveyTemplate]:
    return [ensure_template(spec) for spec in bundled_templates()]


def do_open_survey(
    actor: Any,
    *,
    province: AdminUnit,
    template: SurveyTemplate,
    title: str,
    opens_on: dt.date,
    closes_on: dt.date,
    communes: Iterable[AdminUnit],
    rule_code: str = rules.DEFAULT_RULE,
    one_answer_per_device: bool = False,
) -> Survey:
    if not can(actor, C.MANAGE, province):
        raise PermissionDeniedError("Không có quyền mở khảo sát cho tỉnh này")
    communes = list(communes)
    problems = []
    if province.level != Level.PROVINCE or province.structure != Structure.NEW:
        problems.append("Khảo sát do tỉnh (bản đồ 2025) mở")
    if not title.strip():
        problems.append("Cần nhập tên đợt khảo sát")
    if closes_on < opens_on:
        problems.append("Ngày đóng phải sau ngày mở")
    if not communes:
        problems.append("Chọn ít nhất một xã")
    outside = [c.name for c in communes if c.province_id != province.pk or c.level != Level.COMMUNE]
    if outside:
        problems.append(f"Không thuộc tỉnh {province.name}: {', '.join(outside)}")
    if rule_code not in rules.all_rules():
        problems.append(f"Không có quy định về mức hài lòng {rule_code}")
    if problems:
        raise ValidationFailed(problems)
    with transaction.atomic():
        survey = Survey.objects.create(
            template=template,
            province=province,
            title=title.strip(),
            opens_on=opens_on,
            closes_on=closes_on,
            rule_code=rule_code,
            one_answer_per_device=one_answer_per_device,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
        )
        SurveyCommune.objects.bulk_create(
            SurveyCommune(survey=survey, commune=commune) for commune in communes
        )
        audit.record(
            actor,
            "feedback.open_survey",
            survey,
            unit=province,
            after={**audit.snapshot(survey), "communes": [c.code for c in communes]},
        )
    return survey


def do_close_survey(actor: Any, survey: Survey, reason: str = "") -> Survey:
    if not can(actor, C.MANAGE, survey.province):
        raise PermissionDeniedError("Không có quyền đóng khảo sát")
    if survey.closed_at is not None:
        raise ValidationFailed(["Đợt khảo sát đã đóng"])
    with transaction.atomic():
        before = audit.snapshot(survey)
        survey.closed_at = timezone.now()
        survey.save(update_fields=["closed_at"])
        audit.record(
            actor,
            "feedback.close_survey",
            survey,
            unit=survey.province,
            before=before,
            after=audit.snapshot(survey),
            reason=reason,
        )
    return survey


def do_moderate(actor: Any, answer: Answer, decision: str) -> Answer:
    survey = answer.response.survey
    if not can(actor, C.MANAGE, survey.province):
        raise PermissionDeniedError("Không có quyền duyệt ý kiến")
    if decision not in (Moderation.APPROVED, Moderation.REJECTED):
        raise ValidationFailed([f"Quyết định không hợp lệ: {decision}"])
    if answer.moderation == Moderation.NONE:
        raise ValidationFailed(["Câu trả lời này không cần duyệt"])
    with transaction.atomic():
        before = {"moderation": answer.moderation}
        answer.moderation = decision
        answer.moderated_by = actor
        answer.moderated_at = timezone.now()
        answer.save(update_fields=["moderation", "moderated_by", "moderated_at"])
        audit.record(
            actor,
            "feedback.moderate",
            answer,
            unit=answer.response.survey_commune.commune,
            before=before,
            after={"moderation": decision},
        )
    return answer


def do_record_online_service(
    actor: Any, commune: AdminUnit, *, provides: bool, description: str = ""
) -> OnlineService:
    if commune.level != Level.COMMUNE or commune.province is None:
        raise ValidationFailed(["Chỉ ghi nhận cho xã"])
    if not can(actor, C.MANAGE, commune.province):
        raise PermissionDeniedError("Không có quyền ghi nhận dịch vụ trực tuyến")
    with transaction.atomic():
        record = OnlineService.objects.select_for_update().filter(commune=commune).first()
        before = audit.snapshot(record) if record else None
        if record is None:
            record = OnlineService(commune=commune)
        record.provides = provides
        record.description = description.strip()[:300]
        record.recorded_by = actor
        record.save()
        audit.record(
            actor,
            "feedback.online_service",
            record,
            unit=commune,
            before=before,
            after=audit.snapshot(record),
        )
    return record
