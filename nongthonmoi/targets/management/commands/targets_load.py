from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from nongthonmoi.targets.catalogue import CatalogueError
from nongthonmoi.targets.loading import sync_catalogue


class Command(BaseCommand):
    help = "Load the programmes and targets shipped in nongthonmoi/targets/data/programmes.yaml."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            lines = sync_catalogue()
        except CatalogueError as exc:
            for problem in exc.problems:
                self.stderr.write(problem)
            raise SystemExit(2) from exc
        for line in lines:
            self.stdout.write(line)
