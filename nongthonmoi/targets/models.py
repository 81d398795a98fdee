"""Programmes, targets, progress values, the training register, conferences, plans and tasks."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.utils.translation import gettext_lazy as _

from nongthonmoi.core.files import PrivateStorage

from .catalogue import Aggregation, Direction, Level, SourceStatus


def private_storage() -> FileSystemStorage:
    """Conference documents and task files are internal (named here: migrations refer to it)."""
    return PrivateStorage()


class SourceStatusChoices(models.TextChoices):
    VERIFIED = SourceStatus.VERIFIED.value, _("đã kiểm chứng")
    SECONDARY = SourceStatus.SECONDARY.value, _("nguồn thứ cấp")
    UNKNOWN = SourceStatus.UNKNOWN.value, _("chưa rõ")


class Programme(models.Model):
    code = models.CharField(_("mã"), max_length=60, unique=True)
    name = models.CharField(_("tên chương trình"), max_length=300)
    theme = models.CharField(_("chủ đề"), max_length=30)
    legal_basis = models.CharField(_("căn cứ pháp lý"), max_length=400)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("chương trình")
        verbose_name_plural = _("chương trình")

    def __str__(self) -> str:
        return self.name


class Target(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="targets")
    code = models.CharField(_("mã chỉ tiêu"), max_length=40, unique=True)
    text = models.TextField(_("nội dung"))
    unit_label = models.CharField(_("đơn vị tính"), max_length=30)
    direction = models.CharField(
        max_length=10,
        choices=[
            (Direction.AT_LEAST.value, _("tối thiểu")),
            (Direction.AT_MOST.value, _("tối đa")),
        ],
    )
    baseline = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    target_value = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField()
    level = models.CharField(
        max_length=10,
        choices=[
            (Level.NATION.value, _("toàn quốc")),
            (Level.PROVINCE.value, _("tỉnh")),
            (Level.COMMUNE.value, _("xã")),
        ],
    )
    aggregation = models.CharField(
        max_length=20,
        choices=[
            (Aggregation.SUM.value, _("tổng")),
            (Aggregation.RATIO_OF_SUMS.value, _("tỷ lệ của các tổng")),
            (Aggregation.SHARE_MEETING.value, _("tỷ lệ đơn vị đạt")),
        ],
    )
    scale = models.DecimalField(max_digits=8, decimal_places=2, default=100)
    meets_at_least = models.DecimalField(max_digits=14, decimal_places=4, default=1)
    computed_source = models.CharField(max_length=80, blank=True)
    tolerance = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    regional_targets = models.JSONField(default=dict, blank=True)
    source = models.CharField(_("nguồn"), max_length=400)
    source_status = models.CharField(max_length=10, choices=SourceStatusChoices.choices)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["programme__order", "order", "code"]
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")

    def __str__(self) -> str:
        return f"{self.code} — {self.text[:80]}"

    @property
    def is_computed(self) -> bool:
        return bool(self.computed_source)


class TargetOverride(models.Model):
    """A province's own target (decided by the province), replacing the shipped values there."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="overrides")
    province = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    target_value = models.DecimalField(max_digits=14, decimal_places=4)
    target_year = models.PositiveSmallIntegerField()
    baseline = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(null=True, blank=True)
    tolerance = models.DecimalField(max_digits=14, decimal_places=4, null=True, blank=True)
    decision_number = models.CharField(_("số quyết định"), max_length=80)
    decision_date = models.DateField(_("ngày quyết định"), null=True, blank=True)
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["target", "province"], name="target_override_unique")
        ]

    def __str__(self) -> str:
        return f"{self.target.code} @ {self.province} ({self.decision_number})"


class ProgressValue(models.Model):
    """One unit's value of one target for one year (entered by form or Excel import)."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="values")
    unit = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    value = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    denominator = models.DecimalField(max_digits=18, decimal_places=4, null=True, blank=True)
    note = models.CharField(max_length=500, blank=True)
    origin = models.CharField(max_length=10, default="form")
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["target", "unit", "year"], name="progress_value_unique")
        ]
        indexes = [models.Index(fields=["target", "year"])]

    def __str__(self) -> str:
        return f"{self.target_id} {self.unit_id} {self.year}"


# --- training register -----------------------------------------------------------------------


class Topic(models.TextChoices):
    RURAL_TOURISM = "rural_tourism", _("Du lịch nông thôn")
    SECURITY_ORDER = "security_order", _("An ninh trật tự")
    OCOP = "ocop", _("OCOP")
    DIGITAL = "digital", _("Chuyển đổi số")
    OTHER = "other", _("Khác")


class ParticipantRole(models.TextChoices):
    TOURISM_OWNER = "tourism_owner", _("Chủ cơ sở du lịch nông thôn")
    TOURISM_WORKER = "tourism_worker", _("Lao động du lịch nông thôn")
    SECURITY_FORCE = "security_force", _("Lực lượng an ninh cơ sở")
    OTHER = "other", _("Khác")


class Course(models.Model):
    title = models.CharField(_("tên lớp"), max_length=300)
    topic = models.CharField(_("chủ đề"), max_length=20, choices=Topic.choices)
    programme = models.ForeignKey(
        Programme, null=True, blank=True, on_delete=models.SET_NULL, related_name="courses"
    )
    start_date = models.DateField(_("từ ngày"))
    end_date = models.DateField(_("đến ngày"))
    organiser = models.CharField(_("đơn vị tổ chức"), max_length=300)
    unit = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date", "title"]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="participants")
    full_name = models.CharField(_("họ và tên"), max_length=200)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    role = models.CharField(_("vai trò"), max_length=20, choices=ParticipantRole.choices)
    commune = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    organisation = models.CharField(_("cơ sở / đơn vị"), max_length=300, blank=True)
    # one person attending several courses is counted once: folded name | birth year | commune
    person_key = models.CharField(max_length=300, db_index=True)

    class Meta:
        ordering = ["course", "full_name"]

    def __str__(self) -> str:
        return self.full_name


class TrainingDenominator(models.Model):
    """What the province counts per commune: rural-tourism businesses, workers, security force."""

    commune = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    tourism_businesses = models.PositiveIntegerField(_("số cơ sở du lịch nông thôn"), default=0)
    tourism_workers = models.PositiveIntegerField(_("số lao động du lịch nông thôn"), default=0)
    security_force = models.PositiveIntegerField(_("số người lực lượng an ninh cơ sở"), default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["commune", "year"], name="training_denominator_unique")
        ]

    def __str__(self) -> str:
        return f"{self.commune_id} {self.year}"


# --- conferences, plans, tasks ---------------------------------------------------------------


class Conference(models.Model):
    title = models.CharField(_("tên hội nghị, cuộc họp"), max_length=400)
    held_on = models.DateField(_("ngày"))
    chair = models.CharField(_("chủ trì"), max_length=300)
    is_online = models.BooleanField(_("trực tuyến"), default=False)
    unit = models.ForeignKey(
        "places.AdminUnit", on_delete=models.PROTECT, related_name="+", help_text="recording unit"
    )
    bridge_points = models.ManyToManyField("places.AdminUnit", blank=True, related_name="+")
    attendees = models.TextField(_("thành phần dự"), blank=True)
    summary = models.TextField(_("nội dung chính"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"


class ConferenceDocument(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(max_length=300)
    file = models.FileField(storage=private_storage, upload_to="targets/conferences/%Y/")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.title


class Conclusion(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="conclusions")
    number = models.PositiveSmallIntegerField()
    text = models.TextField(_("nội dung kết luận"))

    class Meta:
        ordering = ["conference", "number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"


class Plan(models.Model):
    unit = models.ForeignKey("places.AdminUnit", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-year", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="plan_unit_year")]

    def __str__(self) -> str:
        return self.title or f"Kế hoạch {self.year} — {self.unit.name}"


class TaskState(models.TextChoices):
    OPEN = "open", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    DONE = "done", _("Hoàn thành")


class Task(models.Model):
    """A task assigned to a department or locality. "Overdue" is derived from the clock, never stored."""

    conclusion = models.ForeignKey(
        Conclusion, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="tasks")
    title = models.CharField(_("nhiệm vụ"), max_length=400)
    description = models.TextField(_("mô tả"), blank=True)
    assignee_org = models.CharField(_("cơ quan, đơn vị thực hiện"), max_length=300)
    assignee_unit = models.ForeignKey(
        "places.AdminUnit", on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="target_tasks",
    )
    start_date = models.DateField(_("ngày bắt đầu"))
    deadline = models.DateField(_("thời hạn"))
    state = models.CharField(max_length=12, choices=TaskState.choices, default=TaskState.OPEN)
    completed_on = models.DateField(null=True, blank=True)
    targets = models.ManyToManyField(Target, blank=True, related_name="tasks")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deadline", "pk"]
        indexes = [models.Index(fields=["assignee_unit", "state", "deadline"])]

    def __str__(self) -> str:
        return self.title

    def is_overdue(self, today: dt.date) -> bool:
        return self.state != TaskState.DONE and self.deadline < today

    def display_state(self, today: dt.date) -> str:
        return "overdue" if self.is_overdue(today) else self.state


class TaskUpdate(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(_("ghi chú"))
    file = models.FileField(storage=private_storage, upload_to="targets/tasks/%Y/", blank=True)
    state_after = models.CharField(max_length=12, choices=TaskState.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.note[:80]


class ReminderSent(models.Model):
    """One e-mail reminder already sent, so the daily run never sends it twice."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20)
    on_date = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["task", "kind", "on_date"], name="reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.task_id} {self.kind} {self.on_date}"
