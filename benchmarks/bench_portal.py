"""Public portal under concurrent load: the home page and an article page, next to /healthz.

A throwaway SQLite database (Cao Bằng and Lạng Sơn on both maps, demo users, the portal's demo
content) is served by gunicorn on loopback (3 workers × 4 threads). Each page gets a bounded number
of requests from a few threads; requests carry 50 different user agents, so the view and visitor
counters do real work (first view of the day, then repeats). Reported: requests per second, p50,
p95 and p99 latency per endpoint, and each page's throughput as a ratio of the hello-world
endpoint on the same server.

Run: `.venv/bin/python benchmarks/bench_portal.py [--requests N] [--concurrency C]`; the default
(300 requests per endpoint, 8 threads) finishes in well under a minute. Writes
benchmarks/out/portal.json.
"""

from __future__ import annotations

import argparse
import contextlib
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import bench_env, gunicorn, load, manage, write_result  # noqa: E402

ARTICLE = (
    "/portal/tin-tuc/hoi-nghi-truc-tuyen-trien-khai-chuong-trinh-mtqg-xdntm-giai-doan-2021-2025/"
)
SETUP = """
from nongthonmoi.places import loading
from nongthonmoi.demo import base
from nongthonmoi.portal import demo
loading.load_all(only_provinces={"04", "20"})
base.load()
demo.load()
"""


# The vendored leaflet.js names a source map that is not shipped, which makes the manifest
# storage's post-processing (collectstatic with DEBUG off) fail; the benchmark serves the same
# files through whitenoise without the manifest step, via a settings module written to the
# temporary directory.
BENCH_SETTINGS = """
from nongthonmoi.settings import *  # noqa: F403
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}}
"""


def with_bench_settings(env: dict[str, str], directory: Path) -> dict[str, str]:
    (directory / "bench_portal_settings.py").write_text(BENCH_SETTINGS)
    return env | {
        "DJANGO_SETTINGS_MODULE": "bench_portal_settings",
        "PYTHONPATH": f"{directory}:{ROOT}",
    }


def prepare(env: dict[str, str]) -> None:
    started = time.perf_counter()
    manage(["migrate", "--noinput", "-v0"], env)
    print(f"migrated in {time.perf_counter() - started:.1f} s", flush=True)
    subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", SETUP],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def serve(
    env: dict[str, str], workers: int = 3, threads: int = 4
) -> contextlib.AbstractContextManager[str]:
    return gunicorn(env, workers, threads, collect_static=False)


def requester(base: str, path: str):  # type: ignore[no-untyped-def]
    def make(index: int) -> urllib.request.Request:
        return urllib.request.Request(
            base + path, headers={"User-Agent": f"bench-visitor-{index % 50}"}
        )

    return make


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300, help="requests per endpoint")
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-portal-") as tmp:
        data_dir = Path(tmp)
        env = with_bench_settings(
            bench_env(f"sqlite:///{data_dir / 'bench.sqlite3'}", data_dir), data_dir
        )
        prepare(env)
        setup_seconds = round(time.perf_counter() - started, 1)
        with serve(env) as base:
            endpoints = {"healthz": "/healthz", "portal_home": "/portal/", "article": ARTICLE}
            for path in endpoints.values():  # warm-up: templates, caches, connections
                load("warm-up", requester(base, path), total=30, concurrency=3, max_seconds=15)
            results = {
                name: load(
                    name,
                    requester(base, path),
                    total=args.requests,
                    concurrency=args.concurrency,
                    max_seconds=20,
                )
                for name, path in endpoints.items()
            }
    hello = results["healthz"].rps or 1.0
    payload = {
        "setup_seconds": setup_seconds,
        "requests_per_endpoint": args.requests,
        "concurrency": args.concurrency,
        "server": "gunicorn 3 workers x 4 threads, SQLite, loopback, DEBUG off",
        "result": {
            **{name: r for name, r in results.items()},
            "home_to_healthz_rps_ratio": round(results["portal_home"].rps / hello, 3),
            "article_to_healthz_rps_ratio": round(results["article"].rps / hello, 3),
        },
        "seconds": round(time.perf_counter() - started, 1),
    }
    path = write_result("portal", payload)
    for name, r in results.items():
        print(
            f"{name:<12} {r.rps:>8.1f} req/s  p50 {r.p50_ms:>6.1f} ms  p95 {r.p95_ms:>6.1f} ms  "
            f"p99 {r.p99_ms:>6.1f} ms  errors {r.errors}  {r.statuses}"
        )
    print(
        f"home/healthz {payload['result']['home_to_healthz_rps_ratio']}  "
        f"article/healthz {payload['result']['article_to_healthz_rps_ratio']}  "
        f"(total {payload['seconds']} s) -> {path}"
    )
    errors = sum(r.errors for r in results.values())
    return 1 if errors else 0


if __name__ == "__main__":
    raise SystemExit(main())
