"""Shared pieces for the benchmarks: a gunicorn server on loopback and a bounded load generator.

Every load here targets 127.0.0.1 only, is bounded in requests and time, and stops by itself.
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = Path(__file__).resolve().parent / "out"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def manage(args: list[str], env: dict[str, str]) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def bench_env(database_url: str, data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env |= {
        "DATABASE_URL": database_url,
        "NONGTHONMOI_DATA_DIR": str(data_dir),
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "AXES_FAILURE_LIMIT": "100000",
    }
    return env


@contextlib.contextmanager
def gunicorn(
    env: dict[str, str], workers: int = 3, threads: int = 4, *, collect_static: bool = True
) -> Iterator[str]:
    """Serve the platform with gunicorn on a free loopback port; yields the base URL.

    `collect_static=False` skips collectstatic when the load never asks for static files
    (compressing the vendored bundles can take longer than the measurement itself)."""
    port = free_port()
    if collect_static:
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=ROOT,
            env=env,
            check=True,
        )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "nongthonmoi.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            str(workers),
            "--threads",
            str(threads),
            "--log-level",
            "warning",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=10).read()
                break
            except (urllib.error.URLError, OSError):  # refused, reset or timed out while booting
                if process.poll() is not None:
                    raise RuntimeError("gunicorn exited while starting") from None
                time.sleep(0.5)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=20)


@dataclass
class LoadResult:
    name: str
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    statuses: dict[str, int] = field(default_factory=dict)


def percentile(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def load(
    name: str,
    make_request: Callable[[int], urllib.request.Request],
    *,
    total: int,
    concurrency: int,
    max_seconds: float = 60.0,
    opener: urllib.request.OpenerDirector | None = None,
) -> LoadResult:
    """Send `total` requests from `concurrency` threads (bounded by `max_seconds`)."""
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    counter = iter(range(total))
    deadline = time.monotonic() + max_seconds
    open_url = (opener or urllib.request.build_opener()).open

    def worker() -> None:
        while time.monotonic() < deadline:
            with lock:
                index = next(counter, None)
            if index is None:
                return
            request = make_request(index)
            started = time.perf_counter()
            try:
                with open_url(request, timeout=30) as response:
                    response.read()
                    status = str(response.status)
            except urllib.error.HTTPError as exc:
                status = str(exc.code)
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                status = "error"
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                statuses[status] = statuses.get(status, 0) + 1

    started = time.perf_counter()
    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - started
    errors = sum(n for s, n in statuses.items() if s == "error" or s.startswith("5"))
    return LoadResult(
        name=name,
        requests=len(latencies),
        errors=errors,
        seconds=round(seconds, 3),
        rps=round(len(latencies) / seconds, 1) if seconds else 0.0,
        p50_ms=round(statistics.median(latencies), 1) if latencies else 0.0,
        p95_ms=round(percentile(latencies, 0.95), 1),
        p99_ms=round(percentile(latencies, 0.99), 1),
        statuses=statuses,
    )


def get(url: str, headers: dict[str, str] | None = None) -> Callable[[int], urllib.request.Request]:
    return lambda _i: urllib.request.Request(url, headers=headers or {})


def write_result(name: str, payload: dict) -> Path:
    OUT.mkdir(exist_ok=True)
    path = OUT / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False, default=lambda o: asdict(o)))
    return path
