"""Backup and restore of the database and uploaded files in one .tar.gz archive.

PostgreSQL uses pg_dump/pg_restore (custom format); SQLite uses its online backup API, so a backup
can be taken while the platform runs. The archive holds `manifest.json` (engine, time, row counts),
`database.dump` or `database.sqlite3`, and one folder per file tree: `media/` (public uploads:
photos, article images) and `private/` (evidence, imports, decisions, reports, task files: the
files only permission-checked views serve).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path
from typing import Any

MANIFEST = "manifest.json"
# rows `migrate` writes by itself: a freshly migrated database still counts as empty
SCHEMA_TABLES = {"django_migrations", "django_content_type", "auth_permission"}


class BackupError(RuntimeError):
    pass


def _pg_env(db: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    args = ["-h", str(db.get("HOST") or "localhost"), "-p", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["-U", str(db["USER"])]
    return args, env


def table_counts(connection: Any) -> dict[str, int]:
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (names from introspection)
            counts[table] = cursor.fetchone()[0]
    return counts


def file_trees(settings: Any) -> dict[str, Path]:
    """The folders of uploaded files, by their name in the archive."""
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.DATA_DIR) / "private"}


def backup(connection: Any, trees: dict[str, Path], archive: Path) -> dict[str, Any]:
    """Write `archive` from the live database behind `connection` and the file `trees`."""
    db = connection.settings_dict
    engine = connection.vendor
    manifest = {
        "engine": engine,
        "created_at": dt.datetime.now(dt.UTC).isoformat(),
        "tables": table_counts(connection),
    }
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if engine == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(work / "database.sqlite3")
            with target:
                connection.connection.backup(target)
            target.close()
        elif engine == "postgresql":
            args, env = _pg_env(db)
            subprocess.run(
                [
                    "pg_dump",
                    "-Fc",
                    "--no-owner",
                    "-f",
                    str(work / "database.dump"),
                    *args,
                    db["NAME"],
                ],
                check=True,
                env=env,
                capture_output=True,
            )
        else:
            raise BackupError(f"unsupported database engine: {engine}")
        (work / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        archive.parent.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive, "w:gz") as tar:
            for item in sorted(work.iterdir()):
                tar.add(item, arcname=item.name)
            for name, root in sorted(trees.items()):
                if root.exists():
                    tar.add(root, arcname=name)
    return manifest


def _safe_extract(tar: tarfile.TarFile, dest: Path) -> None:
    tar.extractall(dest, filter="data")  # refuses absolute paths, '..' and links out of dest


def restore(
    archive: Path, connection: Any, trees: dict[str, Path], *, force: bool = False
) -> dict[str, Any]:
    """Restore `archive` into the (empty) database behind `connection` and the file `trees`."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        with tarfile.open(archive, "r:gz") as tar:
            _safe_extract(tar, work)
        manifest = json.loads((work / MANIFEST).read_text())
        if manifest["engine"] != connection.vendor:
            raise BackupError(
                f"archive is for {manifest['engine']}, database is {connection.vendor}"
            )
        existing = [t for t, n in table_counts(connection).items() if n and t not in SCHEMA_TABLES]
        if existing and not force:
            raise BackupError(
                f"the target database is not empty ({len(existing)} tables hold rows); use --force"
            )
        for name, root in trees.items():  # checked before anything is written
            if (work / name).exists() and root.exists() and any(root.iterdir()) and not force:
                raise BackupError(f"{root} is not empty; use --force")
        if connection.vendor == "sqlite":
            source = sqlite3.connect(work / "database.sqlite3")
            connection.ensure_connection()
            with source:
                source.backup(connection.connection)
            source.close()
        else:
            db = connection.settings_dict
            args, env = _pg_env(db)
            connection.close()
            subprocess.run(
                [
                    "pg_restore",
                    "--no-owner",
                    "--clean",
                    "--if-exists",
                    "-d",
                    db["NAME"],
                    *args,
                    str(work / "database.dump"),
                ],
                check=True,
                env=env,
                capture_output=True,
            )
        for name, root in trees.items():
            if (work / name).exists():
                shutil.copytree(work / name, root, dirs_exist_ok=True)
    return manifest
