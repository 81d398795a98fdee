from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nongthonmoi.portal import counters


class Command(BaseCommand):
    help = "Write pending article views and today's visitor counts from the cache to the database."

    def handle(self, *args: Any, **options: Any) -> None:
        views, days = counters.flush()
        self.stdout.write(f"{views} lượt xem, {days} ngày thống kê đã ghi.")
