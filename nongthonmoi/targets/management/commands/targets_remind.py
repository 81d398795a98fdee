from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nongthonmoi.targets.tasks import send_task_reminders


class Command(BaseCommand):
    help = "Enqueue today's task reminders (run once a day, e.g. from cron)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = send_task_reminders.enqueue()
        self.stdout.write(f"reminders enqueued: {result.id}")
