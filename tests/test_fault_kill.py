"""Kill the server (SIGKILL, no clean shutdown) in the middle of a survey burst, restart it, let the
phones retry: every answer that was acknowledged is stored, none twice, none half-written.

Uses the survey benchmark's set-up (a throwaway SQLite database, one open survey) and a real
gunicorn on loopback. Bounded: a few hundred requests, stops by itself.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.bench_survey import COUNT, SETUP, plan, shell, with_bench_settings  # noqa: E402
from benchmarks.common import bench_env, free_port, manage  # noqa: E402

TOTAL = 300
ORPHANS = """
import json
from nongthonmoi.feedback.models import Response
print(json.dumps({"responses_without_answers": Response.objects.filter(answers__isnull=True).count()}))
"""


def start_server(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "nongthonmoi.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "2",
            "--threads",
            "4",
            "--log-level",
            "error",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5).read()
            return process
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    os.killpg(process.pid, signal.SIGKILL)
    raise RuntimeError("gunicorn did not start")


def post(url: str, body: bytes) -> int | None:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as exc:
        return exc.code
    except (urllib.error.URLError, OSError):
        return None  # connection refused or reset: the phone keeps the answer and retries


def test_acknowledged_answers_survive_a_killed_server() -> None:
    with tempfile.TemporaryDirectory(prefix="fault-kill-") as tmp:
        data_dir = Path(tmp)
        env = with_bench_settings(bench_env(f"sqlite:///{tmp}/fault.sqlite3", data_dir), data_dir)
        manage(["migrate", "--noinput", "-v0"], env)
        survey = shell(SETUP, env)
        bodies = plan(TOTAL, survey["token"])
        port = free_port()
        url = f"http://127.0.0.1:{port}/api/v1/surveys/{survey['survey']}/responses"
        server = start_server(env, port)

        acknowledged: set[str] = set()
        pending = list(range(len(bodies)))
        lock = threading.Lock()
        killed = threading.Event()

        def phone() -> None:
            while True:
                with lock:
                    if not pending:
                        return
                    index = pending.pop()
                if post(url, bodies[index]) == 201:
                    with lock:
                        acknowledged.add(json.loads(bodies[index])["uuid"])
                        if len(acknowledged) >= TOTAL // 3 and not killed.is_set():
                            killed.set()
                            os.killpg(server.pid, signal.SIGKILL)  # mid-burst, no clean shutdown

        threads = [threading.Thread(target=phone) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert killed.is_set()
        server.wait(timeout=10)
        stored_after_kill = shell(COUNT, env)
        # nothing acknowledged was lost by the crash
        assert acknowledged <= set(stored_after_kill["uuids"])

        # restart; every phone re-sends what it holds (all answers, duplicates included)
        server = start_server(env, port)
        try:
            statuses = [post(url, body) for body in bodies]
        finally:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=20)
        assert set(statuses) == {201}  # retries of stored answers get the same success answer
        final = shell(COUNT, env)
        unique = {json.loads(body)["uuid"] for body in bodies}
        assert final["stored"] == final["distinct"] == len(unique)
        assert set(final["uuids"]) == unique
        # every stored response has its answers: nothing half-written
        orphans = shell(ORPHANS, env)
        assert orphans == {"responses_without_answers": 0}


if __name__ == "__main__":
    pytest.main([__file__, "-q"])


def crash_stage(tmp: str, stage: str) -> dict[str, int]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    run = subprocess.run(
        [sys.executable, "benchmarks/bench_import.py", "--crash", tmp, stage],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_an_import_killed_before_its_commit_leaves_nothing_and_can_be_run_again() -> None:
    """The import process is SIGKILLed inside its write transaction, after every value and history
    row was written but before the commit: nothing of it remains; importing again writes it all."""
    with tempfile.TemporaryDirectory(prefix="fault-import-") as tmp:
        env = {
            k: v
            for k, v in os.environ.items()
            if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
        }
        child = subprocess.Popen(
            [sys.executable, "benchmarks/bench_import.py", "--crash", tmp, "import"],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            assert child.stdout is not None
            for line in child.stdout:  # blocks until the child is inside its transaction
                if line.strip() == "WRITTEN-NOT-COMMITTED":
                    break
            else:
                raise AssertionError("the import never reached its writes")
            child.kill()  # SIGKILL: no rollback by the process, no clean shutdown
        finally:
            child.wait(timeout=30)
        assert crash_stage(tmp, "check") == {"values": 0, "history": 0, "jobs_done": 0}
        after = crash_stage(tmp, "retry")
        assert after["values"] == after["history"] == 30 * 47
        assert after["jobs_done"] == 1
