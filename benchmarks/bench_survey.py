"""Citizen survey under a burst: N answers posted to the public API with 10% re-sent duplicates,
next to the hello-world endpoint (/healthz) on the same server.

For each database (SQLite always; PostgreSQL when DATABASE_URL or BENCH_POSTGRES_URL names a
server, on a throwaway database created and dropped here), a fresh database is migrated, one
survey with one commune is created, and gunicorn (3 workers × 4 threads, loopback) serves it.
Answers are sent from C threads in shuffled order, so a duplicate may race its original.
Reported: accepted answers per second, p50/p95/p99 latency, HTTP statuses, and the integrity
check stored = unique sent (0 lost, 0 duplicated), plus the answers/healthz throughput ratio.

The rate limits are raised for the run (all requests come from 127.0.0.1 and would otherwise hit
the per-address limit, which is what it is for); everything else is the production code path.

Run: `.venv/bin/python benchmarks/bench_survey.py [--answers N] [--concurrency C]`; the default
(2,000 answers, 16 threads) finishes in well under a minute per database. Writes
benchmarks/out/survey.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import bench_env, gunicorn, load, manage, write_result  # noqa: E402

SEED = 20221117
BENCH_SETTINGS = """
from nongthonmoi.settings import *  # noqa: F403
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}}
FEEDBACK_RATE_LIMITS = {"ip": (10**9, 600), "device": (10**9, 3600)}
"""
SETUP = """
import datetime as dt, json
from django.utils import timezone
from nongthonmoi.places.models import AdminUnit
from nongthonmoi.feedback import services
from nongthonmoi.feedback.models import Survey, SurveyCommune
p = AdminUnit.objects.create(structure="2025", code="04", name="Tỉnh Cao Bằng", level="province", kind="tinh")
p.province = p
p.save()
c = AdminUnit.objects.create(structure="2025", code="01290", name="Xã Bảo Lâm", level="commune",
                             kind="xa", parent=p, province=p)
t = services.ensure_bundled_templates()[0]
today = timezone.localdate()
s = Survey.objects.create(template=t, province=p, title="bench", opens_on=today - dt.timedelta(days=1),
                          closes_on=today + dt.timedelta(days=1), rule_code="xa-2026-2030")
sc = SurveyCommune.objects.create(survey=s, commune=c)
print(json.dumps({"survey": s.pk, "token": sc.token}))
"""
COUNT = """
import json
from nongthonmoi.feedback.models import Answer, Response
r = Response.objects.all()
print(json.dumps({"stored": r.count(), "distinct": r.values("submission_uuid").distinct().count(),
                  "uuids": [str(u) for u in r.values_list("submission_uuid", flat=True)],
                  "answers": Answer.objects.count()}))
"""


def with_bench_settings(env: dict[str, str], directory: Path) -> dict[str, str]:
    (directory / "bench_survey_settings.py").write_text(BENCH_SETTINGS)
    return env | {
        "DJANGO_SETTINGS_MODULE": "bench_survey_settings",
        "PYTHONPATH": f"{directory}:{ROOT}",
    }


def shell(code: str, env: dict[str, str]) -> dict:
    run = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(run.stdout.strip().splitlines()[-1])


def serve(
    env: dict[str, str], workers: int = 3, threads: int = 4
) -> contextlib.AbstractContextManager[str]:
    return gunicorn(env, workers, threads, collect_static=True)


def answers(rng: random.Random) -> dict[str, object]:
    values: dict[str, object] = {"biet-ntm": "yes", "chung": str(rng.randint(1, 5))}
    values |= {f"tc{n}": str(rng.randint(1, 5)) for n in range(1, 11)}
    if rng.random() < 0.3:
        values["uu-tien"] = ["Nước sạch", "Môi trường"]
    return values


def plan(total: int, token: str) -> list[bytes]:
    """Request bodies: 90% unique answers, 10% exact re-sends of some of them, shuffled."""
    rng = random.Random(SEED)
    duplicates = total // 10
    unique = total - duplicates
    bodies = []
    for index in range(unique):
        bodies.append(
            json.dumps(
                {
                    "token": token,
                    "uuid": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "device": f"bench-device-{index}",
                    "answers": answers(rng),
                }
            ).encode()
        )
    sent = [*bodies, *rng.choices(bodies, k=duplicates)]
    rng.shuffle(sent)
    return sent


def run_one(label: str, database_url: str, total: int, concurrency: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="bench-survey-") as tmp:
        data_dir = Path(tmp)
        env = with_bench_settings(bench_env(database_url, data_dir), data_dir)
        started = time.perf_counter()
        manage(["migrate", "--noinput", "-v0"], env)
        survey = shell(SETUP, env)
        setup_seconds = round(time.perf_counter() - started, 1)
        bodies = plan(total, survey["token"])
        with serve(env) as base:
            url = f"{base}/api/v1/surveys/{survey['survey']}/responses"

            def post(index: int) -> urllib.request.Request:
                return urllib.request.Request(
                    url, data=bodies[index], headers={"Content-Type": "application/json"}
                )

            load(
                "warm-up",
                lambda _i: urllib.request.Request(base + "/healthz"),
                total=30,
                concurrency=3,
                max_seconds=15,
            )
            hello = load(
                "healthz",
                lambda _i: urllib.request.Request(base + "/healthz"),
                total=total,
                concurrency=concurrency,
                max_seconds=30,
            )
            survey_load = load(
                "answers", post, total=total, concurrency=concurrency, max_seconds=60
            )
        counted = shell(COUNT, env)
    # the load takes indexes in order, so a run cut short by its time bound sent exactly the
    # first `requests` bodies
    sent_bodies = bodies[: survey_load.requests]
    uuids = {json.loads(b)["uuid"] for b in sent_bodies}
    unique = len(uuids)
    stored_uuids = set(counted.pop("uuids"))
    lost = len(uuids - stored_uuids)
    duplicated = counted["stored"] - counted["distinct"]
    return {
        "database": label,
        "setup_seconds": setup_seconds,
        "sent": survey_load.requests,
        "unique_sent": unique,
        "duplicates_sent": len(sent_bodies) - unique,
        "cut_short_by_time_bound": survey_load.requests < total,
        "stored": counted["stored"],
        "lost": lost,
        "duplicated": duplicated,
        "unexpected_stored": len(stored_uuids - uuids),
        "stored_equals_unique_sent": counted["stored"] == unique and lost == 0 and duplicated == 0,
        "accepted_per_second": round(counted["stored"] / survey_load.seconds, 1)
        if survey_load.seconds
        else 0.0,
        "answers": survey_load,
        "healthz": hello,
        "answers_to_healthz_rps_ratio": round(survey_load.rps / (hello.rps or 1.0), 3),
    }


@contextlib.contextmanager
def throwaway_postgres(server_url: str) -> Iterator[str]:
    import psycopg

    parts = urllib.parse.urlsplit(server_url)
    name = f"ntm_bench_survey_{os.getpid()}"
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield parts._replace(path=f"/{name}").geturl()
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    runs = []
    with tempfile.TemporaryDirectory(prefix="bench-survey-db-") as tmp:
        runs.append(
            run_one(
                "sqlite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args.answers, args.concurrency
            )
        )
    server = os.environ.get("DATABASE_URL") or os.environ.get("BENCH_POSTGRES_URL")
    if server and server.startswith(("postgres://", "postgresql://")):
        with throwaway_postgres(server) as url:
            runs.append(run_one("postgresql", url, args.answers, args.concurrency))
    payload = {
        "answers_requested": args.answers,
        "duplicate_share": 0.1,
        "concurrency": args.concurrency,
        "server": "gunicorn 3 workers x 4 threads, loopback, DEBUG off",
        "result": {run["database"]: run for run in runs},
        "seconds": round(time.perf_counter() - started, 1),
    }
    path = write_result("survey", payload)
    ok = True
    for run in runs:
        a, h = run["answers"], run["healthz"]
        print(
            f"{run['database']:<10} accepted {run['accepted_per_second']:>7.1f}/s  "
            f"p50 {a.p50_ms:.1f} ms  p95 {a.p95_ms:.1f} ms  p99 {a.p99_ms:.1f} ms  {a.statuses}  "
            f"| healthz {h.rps:.1f} req/s  ratio {run['answers_to_healthz_rps_ratio']}  "
            f"| stored {run['stored']} = unique {run['unique_sent']} "
            f"(lost {run['lost']}, duplicated {run['duplicated']})"
        )
        ok = ok and run["stored_equals_unique_sent"] and a.statuses == {"201": a.requests}
    print(f"total {payload['seconds']} s -> {path}")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
