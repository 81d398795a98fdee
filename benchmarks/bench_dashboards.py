"""P2: province and national criteria dashboards under 50 concurrent clients, against hello-world.

Builds a throwaway database with the whole 2025 map and one year of synthetic values for all 3,321
communes (ILLUSTRATIVE thresholds, via bench_evaluate's database child), then serves it with
gunicorn on loopback and measures requests/s and p95 for:
- the province dashboard of Cao Bằng (`/criteria/2025/04/`) as its province approver,
- the national view (`/criteria/national/`) as a central viewer,
- `/healthz` (a hello-world Django view on the same server) as the baseline.
Ratios = dashboard requests/s ÷ hello-world requests/s. PostgreSQL when BENCH_POSTGRES_URL is set,
else SQLite. Bounded: BENCH_REQUESTS requests per page (default 600), 60 s at most per page.

Run: `.venv/bin/python benchmarks/bench_dashboards.py`
"""

from __future__ import annotations

import http.cookiejar
import json
import os
import re
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import bench_env, get, gunicorn, load, manage, write_result  # noqa: E402

CONCURRENCY = 50
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "600"))
PASSWORD = "benchmark-password-2026"
USERS_SCRIPT = f"""
from nongthonmoi.accounts.models import Assignment, User
from nongthonmoi.places.models import AdminUnit
province = AdminUnit.objects.get(structure="2025", code="04")
for name, role, unit in [("bench.tinh", "province_approver", province), ("bench.tw", "central_viewer", None)]:
    user, _ = User.objects.get_or_create(username=name)
    user.set_password("{PASSWORD}")
    user.save()
    Assignment.objects.get_or_create(user=user, role=role, unit=unit)
"""


def login(base: str, username: str) -> urllib.request.OpenerDirector:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/accounts/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)  # type: ignore[union-attr]
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
    )
    request = urllib.request.Request(
        base + "/accounts/login/",
        data=data.encode(),
        headers={"Referer": base + "/accounts/login/"},
    )
    opener.open(request).read()
    return opener


def prepare(env: dict[str, str]) -> dict[str, Any]:
    manage(["migrate", "--noinput", "-v0"], env)
    child = subprocess.run(
        [sys.executable, "benchmarks/bench_evaluate.py", "--database-child"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", USERS_SCRIPT],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    return json.loads(child.stdout.strip().splitlines()[-1])


def measure(env: dict[str, str]) -> dict[str, Any]:
    setup = prepare(env)
    with gunicorn(env) as base:
        province = login(base, "bench.tinh")
        nation = login(base, "bench.tw")
        hello = load("hello", get(base + "/healthz"), total=REQUESTS, concurrency=CONCURRENCY)
        province_page = load(
            "province_dashboard",
            get(base + "/criteria/2025/04/"),
            total=REQUESTS,
            concurrency=CONCURRENCY,
            opener=province,
        )
        national_page = load(
            "national_dashboard",
            get(base + "/criteria/national/"),
            total=REQUESTS,
            concurrency=CONCURRENCY,
            opener=nation,
        )
    return {
        "communes_evaluated": setup.get("communes_evaluated"),
        "hello": hello,
        "province_dashboard": province_page,
        "national_dashboard": national_page,
        "province_ratio_to_hello": round(province_page.rps / hello.rps, 3) if hello.rps else None,
        "national_ratio_to_hello": round(national_page.rps / hello.rps, 3) if hello.rps else None,
    }


def main() -> int:
    postgres = os.environ.get("BENCH_POSTGRES_URL")
    with tempfile.TemporaryDirectory() as tmp:
        if postgres:
            import psycopg

            admin = psycopg.connect(postgres.rstrip("/") + "/postgres", autocommit=True)
            admin.execute("DROP DATABASE IF EXISTS bench_dashboards")
            admin.execute("CREATE DATABASE bench_dashboards")
            try:
                result = {
                    "database": "postgresql",
                    **measure(bench_env(postgres.rstrip("/") + "/bench_dashboards", Path(tmp))),
                }
            finally:
                admin.execute("DROP DATABASE IF EXISTS bench_dashboards WITH (FORCE)")
                admin.close()
        else:
            result = {
                "database": "sqlite",
                **measure(bench_env(f"sqlite:///{tmp}/bench.sqlite3", Path(tmp))),
            }
    path = write_result("dashboards", result)
    print(json.dumps(json.loads(path.read_text()), indent=2))
    errors = result["province_dashboard"].errors + result["national_dashboard"].errors
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
