"""Background job: e-mail reminders before deadlines and on overdue tasks (run once a day)."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django_tasks import task

from .clock import today
from .models import ReminderSent, Task, TaskState
from .reminders import reminder_kind


def _recipients(item: Task) -> list[str]:
    if item.owner and item.owner.email:
        return [item.owner.email]
    return []


def send_due_reminders() -> int:
    """Send today's reminders; a reminder already sent today is never sent again."""
    now = today()
    sent = 0
    for item in Task.objects.exclude(state=TaskState.DONE).select_related("owner", "assignee_unit"):
        kind = reminder_kind(item.deadline, item.state == TaskState.DONE, now)
        recipients = _recipients(item)
        if kind is None or not recipients:
            continue
        try:
            with transaction.atomic():
                ReminderSent.objects.create(task=item, kind=kind, on_date=now)
        except IntegrityError:
            continue
        late = kind == "overdue"
        subject = (
            f"[NTM] Nhiệm vụ quá hạn: {item.title}"
            if late
            else f"[NTM] Nhiệm vụ sắp đến hạn ({item.deadline:%d/%m/%Y}): {item.title}"
        )
        body = (
            f"Nhiệm vụ: {item.title}\n"
            f"Cơ quan thực hiện: {item.assignee_org} — {item.assignee_unit.name}\n"
            f"Thời hạn: {item.deadline:%d/%m/%Y}\n"
            + ("Nhiệm vụ đã quá hạn, đề nghị cập nhật tiến độ.\n" if late else "")
        )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
        sent += 1
    return sent


@task()
def send_task_reminders() -> int:
    """Enqueue daily (e.g. cron: `manage.py targets_remind`, or the task worker's scheduler)."""
    return send_due_reminders()
