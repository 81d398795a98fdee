from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from nongthonmoi.core.backup import backup, file_trees


class Command(BaseCommand):
    help = (
        "Back up the database and uploaded files into one .tar.gz (online; PostgreSQL or SQLite)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        default = f"nongthonmoi-backup-{dt.datetime.now():%Y%m%d-%H%M%S}.tar.gz"
        parser.add_argument("archive", nargs="?", default=default)

    def handle(self, *args: Any, archive: str, **options: Any) -> None:
        manifest = backup(connection, file_trees(settings), Path(archive))
        rows = sum(manifest["tables"].values())
        self.stdout.write(
            f"backup written to {archive}: {len(manifest['tables'])} tables, {rows:,} rows"
        )
