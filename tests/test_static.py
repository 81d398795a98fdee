from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_collectstatic_works_with_production_settings(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Production serves hashed, compressed static files: every referenced file must exist."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    }
    env |= {"DEBUG": "0", "SECRET_KEY": "s" * 64, "NONGTHONMOI_DATA_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert list((tmp_path / "staticfiles").glob("css/app.*.css"))
