from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from nongthonmoi.core.backup import BackupError, file_trees, restore


class Command(BaseCommand):
    help = "Restore a backup archive into an empty database and empty file folders (stop the server first)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive")
        parser.add_argument("--force", action="store_true", help="overwrite a non-empty database")

    def handle(self, *args: Any, archive: str, force: bool, **options: Any) -> None:
        try:
            manifest = restore(Path(archive), connection, file_trees(settings), force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored {archive} (taken {manifest['created_at']})")
