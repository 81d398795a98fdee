from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from nongthonmoi.places import loading, queries
from nongthonmoi.places.models import Structure, UnitSuccession


class Command(BaseCommand):
    help = (
        "Administrative units: `load` the two maps and the succession table; `stats` counts them."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("action", choices=["load", "stats"])

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "load":
            for line in loading.load_all():
                self.stdout.write(line)
            return
        for structure, label in ((Structure.NEW, "2025 map"), (Structure.OLD, "2021 map")):
            counts = queries.stats(structure)
            parts = [f"{counts['province']:,} provinces"]
            if structure == Structure.OLD:
                parts.append(f"{counts['district']:,} districts")
            parts.append(f"{counts['commune']:,} communes")
            self.stdout.write(f"{label}: " + " / ".join(parts))
        self.stdout.write(
            f"succession links (old commune → new commune): {UnitSuccession.objects.count():,}"
        )
