"""Backup, then restore into an empty database and empty file folders: every table and file equal."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.django_db(transaction=True)


def rows_by_table(cursor, tables: list[str]) -> dict[str, list[tuple]]:  # type: ignore[no-untyped-def]
    result = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608
        # Django's SQLite cursor turns bool columns into True/False; the raw file has 1/0
        result[table] = sorted(
            tuple(str(int(v) if isinstance(v, bool) else v) for v in row)
            for row in cursor.fetchall()
        )
    return result


def source_rows() -> dict[str, list[tuple]]:
    with connection.cursor() as cursor:
        return rows_by_table(cursor, connection.introspection.table_names(cursor))


def files_under(root: Path) -> dict[Path, bytes]:
    return {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def run_manage(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"} | env
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=full_env, capture_output=True, text=True
    )


def test_a_backup_restores_every_table_and_file(demo_world, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    media = tmp_path / "media"  # public uploads
    (media / "portal").mkdir(parents=True)
    (media / "portal" / "anh.jpg").write_bytes(b"\xff\xd8\xff\xe0 anh bai viet")
    settings.MEDIA_ROOT = str(media)
    data = tmp_path / "data"  # private files live in DATA_DIR/private
    (data / "private" / "evidence").mkdir(parents=True)
    (data / "private" / "evidence" / "bien-ban.pdf").write_bytes(
        b"%PDF-1.4 minh chung \xe1\xba\xa1"
    )
    settings.DATA_DIR = data
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    expected = source_rows()
    assert sum(len(rows) for rows in expected.values()) > 1000

    restored_media = tmp_path / "restored-media"
    restored_data = tmp_path / "restored-data"
    if connection.vendor == "sqlite":
        target = tmp_path / "restored.sqlite3"
        url = f"sqlite:///{target}"
    else:
        import psycopg

        db = connection.settings_dict
        name = f"{db['NAME']}_restored"
        admin_url = f"postgresql://{db['USER'] or ''}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/postgres"
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
        url = (
            f"postgres://{db['USER'] or ''}@{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"
        )
    result = run_manage(
        ["restore", str(archive)],
        {
            "DATABASE_URL": url,
            "MEDIA_ROOT": str(restored_media),
            "NONGTHONMOI_DATA_DIR": str(restored_data),
        },
    )
    assert result.returncode == 0, result.stderr

    if connection.vendor == "sqlite":
        restored_db = sqlite3.connect(target)
        actual = rows_by_table(restored_db.cursor(), list(expected))
    else:
        with psycopg.connect(url.replace("postgres://", "postgresql://")) as restored_db:
            actual = rows_by_table(restored_db.cursor(), list(expected))
    assert actual == expected
    for source, restored in [
        (media, restored_media),
        (data / "private", restored_data / "private"),
    ]:
        assert files_under(restored) == files_under(source) != {}


def test_restore_refuses_a_database_that_holds_data(demo_world, settings, tmp_path) -> None:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = str(tmp_path / "media")
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive))
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(archive))
