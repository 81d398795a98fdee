"""Satisfaction surveys: versioned templates, surveys opened by a province for its communes,
anonymous responses (idempotent on a client UUID), moderated free text, opt-in contacts kept apart,
and each commune's essential online service.

Privacy by construction: a response stores no raw IP, no device token and no phone number; only
salted hashes used for rate limits and the one-answer-per-device rule. Contacts live in a table with
no key to the response, a random primary key and only a date, so the two cannot be joined.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nongthonmoi.places.models import AdminUnit

from .scoring import Kind


def new_token() -> str:
    return secrets.token_urlsafe(16)  # 128 bits: unguessable


class SurveyTemplate(models.Model):
    code = models.SlugField(_("mã mẫu phiếu"), max_length=60)
    version = models.PositiveIntegerField(_("phiên bản"))
    title = models.CharField(_("tên mẫu phiếu"), max_length=300)
    wording = models.CharField(
        _("câu chữ"),
        max_length=20,
        choices=[("official", _("chính thức")), ("illustrative", _("minh họa"))],
    )
    wording_note = models.TextField(_("ghi chú"), blank=True)
    criteria_names = models.JSONField(default=dict, blank=True)
    criteria_source = models.CharField(max_length=300, blank=True)
    scale_labels = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="feedback_template_version")
        ]
        ordering = ["code", "-version"]
        verbose_name = _("mẫu phiếu khảo sát")

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})"


class Question(models.Model):
    template = models.ForeignKey(SurveyTemplate, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField()
    code = models.SlugField(max_length=40)
    kind = models.CharField(max_length=10, choices=[(k.value, k.value) for k in Kind])
    text = models.CharField(max_length=500)
    required = models.BooleanField(default=False)
    choices = models.JSONField(default=list, blank=True)
    satisfied_choices = models.JSONField(default=list, blank=True)
    criterion = models.CharField(max_length=10, blank=True)
    overall = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["template", "code"], name="feedback_question_code")
        ]
        ordering = ["template", "position"]

    def __str__(self) -> str:
        return self.text

    @property
    def measures_satisfaction(self) -> bool:
        return bool(self.criterion or self.overall)


class Survey(models.Model):
    template = models.ForeignKey(SurveyTemplate, on_delete=models.PROTECT, related_name="surveys")
    province = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("tên đợt khảo sát"), max_length=300)
    opens_on = models.DateField(_("mở từ ngày"))
    closes_on = models.DateField(_("đóng sau ngày"))
    closed_at = models.DateTimeField(_("đóng sớm lúc"), null=True, blank=True)
    rule_code = models.CharField(_("quy định về mức hài lòng"), max_length=60)
    one_answer_per_device = models.BooleanField(_("mỗi thiết bị một phiếu"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        verbose_name = _("đợt khảo sát")

    def __str__(self) -> str:
        return self.title

    def is_open(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        today = timezone.localdate(now)
        return self.closed_at is None and self.opens_on <= today <= self.closes_on

    def is_closed(self, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.closed_at is not None or timezone.localdate(now) > self.closes_on


class SurveyCommune(models.Model):
    """One commune in a survey, with its public link token."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="communes")
    commune = models.ForeignKey(AdminUnit, on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=40, unique=True, default=new_token)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["survey", "commune"], name="feedback_survey_commune")
        ]
        ordering = ["survey", "commune__name"]

    def __str__(self) -> str:
        return f"{self.survey} — {self.commune.name}"


class Response(models.Model):
    """One anonymous respondent's answers. `submission_uuid` is generated by the browser, so a
    re-sent submission hits the unique constraint and is answered idempotently."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    survey_commune = models.ForeignKey(
        SurveyCommune, on_delete=models.CASCADE, related_name="responses"
    )
    submission_uuid = models.UUIDField()
    content_hash = models.CharField(max_length=64)
    ip_hash = models.CharField(max_length=64, blank=True)
    device_hash = models.CharField(max_length=64, blank=True)
    # Filled only when the survey allows one answer per device: a NULL never collides.
    device_key = models.CharField(max_length=64, null=True, blank=True)  # noqa: DJ001 - NULL = no rule
    received_on = models.DateField(default=timezone.localdate)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "submission_uuid"], name="feedback_response_once"
            ),
            models.UniqueConstraint(
                fields=["survey", "device_key"],
                condition=Q(device_key__isnull=False),
                name="feedback_one_per_device",
            ),
        ]
        indexes = [models.Index(fields=["survey_commune", "received_on"])]

    def __str__(self) -> str:
        return f"phiếu {self.submission_uuid}"


class Moderation(models.TextChoices):
    NONE = "", _("không cần")
    PENDING = "pending", _("chờ duyệt")
    APPROVED = "approved", _("đã duyệt")
    REJECTED = "rejected", _("không đăng")


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    number = models.SmallIntegerField(null=True, blank=True)  # scale 1..5, yes/no 1/0
    choice = models.CharField(max_length=300, blank=True)
    choices = models.JSONField(default=list, blank=True)
    text = models.TextField(blank=True)
    satisfied = models.BooleanField(null=True)
    moderation = models.CharField(
        max_length=10, choices=Moderation.choices, blank=True, default=Moderation.NONE
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="feedback_answer_once")
        ]
        indexes = [models.Index(fields=["question", "moderation"])]

    def __str__(self) -> str:
        return (
            f"{self.question.code}: {self.number or self.choice or self.choices or self.text[:40]}"
        )


class ContactOptIn(models.Model):
    """A phone number a respondent chose to leave. No link to the response (see module doc)."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey_commune = models.ForeignKey(
        SurveyCommune, on_delete=models.CASCADE, related_name="contacts"
    )
    phone = models.CharField(max_length=20)
    created_on = models.DateField(default=timezone.localdate)

    def __str__(self) -> str:
        return f"liên hệ ({self.survey_commune.commune.name})"


class OnlineService(models.Model):
    """Does the commune provide at least one essential service online? Recorded by the province."""

    commune = models.OneToOneField(AdminUnit, on_delete=models.CASCADE, related_name="+")
    provides = models.BooleanField(_("có dịch vụ thiết yếu trực tuyến"), default=False)
    description = models.CharField(_("dịch vụ"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.commune.name}: {'có' if self.provides else 'không'}"
