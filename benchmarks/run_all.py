"""`make bench`: run every benchmarks/bench_*.py, keep their raw output, and tabulate the ratios.

Writes benchmarks/results.json (everything each benchmark reported, plus the machine and the time)
and the generated table in docs/benchmarks.md between the `results` markers. Every figure that
matters is a ratio to a baseline measured in the same run, so runs on different machines compare.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DOC = ROOT / "docs" / "benchmarks.md"
START, END = "<!-- results:start -->", "<!-- results:end -->"
TIMEOUT = int(os.environ.get("BENCH_TIMEOUT", "300"))


def postgres_available() -> bool:
    try:
        import psycopg

        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", connect_timeout=3):
            return True
    except Exception:
        return False


def flatten(prefix: str, value: object) -> list[tuple[str, object]]:
    if isinstance(value, dict):
        items: list[tuple[str, object]] = []
        for key, inner in value.items():
            items.extend(flatten(f"{prefix}.{key}" if prefix else str(key), inner))
        return items
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return [(prefix, value)]
    return []


def table(results: dict[str, dict]) -> str:
    lines = ["| benchmark | figure | value |", "|---|---|---:|"]
    for name, payload in results.items():
        figures = flatten("", payload.get("result", payload))
        ratios = [(k, v) for k, v in figures if "ratio" in k.lower()]
        others = [(k, v) for k, v in figures if "ratio" not in k.lower()]
        for key, value in ratios + others[:12]:
            shown = (
                f"{value:,.3f}".rstrip("0").rstrip(".")
                if isinstance(value, float)
                else f"{value:,}"
            )
            lines.append(
                f"| {name} | {'**' + key + '**' if (key, value) in ratios else key} | {shown} |"
            )
    return "\n".join(lines)


def update_doc(results: dict[str, dict], meta: dict) -> None:
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    block = (
        f"{START}\n_Last run: {meta['run_at']} on {meta['machine']} "
        f"({meta['cpus']} CPUs); rerun with `make bench`; raw output in `benchmarks/results.json`._\n\n"
        f"{table(results)}\n{END}"
    )
    if START in text and END in text:
        text = text[: text.index(START)] + block + text[text.index(END) + len(END) :]
    else:
        text = text.rstrip() + "\n\n## Latest results\n\n" + block + "\n"
    DOC.write_text(text)


def tabulate_only() -> int:
    """Rebuild the table from results.json, keeping each benchmark's own output file only."""
    data = json.loads((HERE / "results.json").read_text())
    for name, entry in data["benchmarks"].items():
        own = entry["result"].get(name)
        entry["result"] = {name: own} if own is not None else {}
    (HERE / "results.json").write_text(json.dumps(data, indent=2, ensure_ascii=False))
    update_doc({k: v["result"] for k, v in data["benchmarks"].items()}, data["meta"])
    return 0


def main() -> int:
    if "--tabulate-only" in sys.argv:
        return tabulate_only()
    env = dict(os.environ)
    if postgres_available():
        env.setdefault("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/")
    meta = {
        "run_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": platform.platform(),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "postgres": "BENCH_POSTGRES_URL" in env,
    }
    results: dict[str, dict] = {}
    failures = []
    (HERE / "out").mkdir(exist_ok=True)
    for script in sorted(HERE.glob("bench_*.py")):
        name = script.stem.removeprefix("bench_")
        print(f"== {script.name}", flush=True)
        before = {p: p.stat().st_mtime for p in (HERE / "out").glob("*.json")}
        started = time.perf_counter()
        try:
            run = subprocess.run(
                [sys.executable, str(script)],
                cwd=ROOT,
                env=env,
                timeout=TIMEOUT,
                capture_output=True,
                text=True,
            )
            output, code = run.stdout + run.stderr, run.returncode
        except subprocess.TimeoutExpired:
            output, code = f"timed out after {TIMEOUT} s", -1
        print(output[-3000:], flush=True)
        seconds = round(time.perf_counter() - started, 1)
        produced = {
            p.stem: json.loads(p.read_text())
            for p in (HERE / "out").glob("*.json")
            if before.get(p) != p.stat().st_mtime  # written by this benchmark
        }
        if code != 0:
            failures.append(script.name)
        results[name] = {
            "exit_code": code,
            "seconds": seconds,
            "result": produced or {},
            "log_tail": output[-2000:],
        }
    (HERE / "results.json").write_text(
        json.dumps({"meta": meta, "benchmarks": results}, indent=2, ensure_ascii=False)
    )
    update_doc({k: v["result"] for k, v in results.items()}, meta)
    print(f"wrote benchmarks/results.json and docs/benchmarks.md; failed: {failures or 'none'}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
