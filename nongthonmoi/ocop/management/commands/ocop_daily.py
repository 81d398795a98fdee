from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Enqueue the daily OCOP work (expiry reminders); run it once a day from cron."

    def handle(self, *args: Any, **options: Any) -> None:
        from nongthonmoi.ocop.tasks import send_expiry_reminders

        result = send_expiry_reminders.enqueue()
        self.stdout.write(f"enqueued {result.id}")
