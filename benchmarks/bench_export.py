"""P5: national open-data export (CSV and Excel) — seconds and peak memory, against a bare baseline.

Exports the largest national dataset the platform publishes today, the 2021–2025 administrative
map (`don-vi-hanh-chinh-2021`, 10,810 rows, from a throwaway SQLite database with both maps
loaded), through the portal's own writers (`portal.datasets.to_csv` / `to_xlsx`, the code behind
`/portal/du-lieu-mo/<slug>.<fmt>`). Baseline: the same rows read with one `values_list` query and
written by `csv.writer` into memory. Peak memory by tracemalloc. The writers build the file in
memory (cached afterwards) rather than streaming it: the peak-memory figure shows that cost.

Run: `.venv/bin/python benchmarks/bench_export.py` (writes benchmarks/out/export.json).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import bench_env, manage, write_result  # noqa: E402

SLUG = "don-vi-hanh-chinh-2021"


def measure(function: Any) -> tuple[float, float, int]:
    import time
    import tracemalloc

    started = time.perf_counter()
    size = len(function())
    seconds = time.perf_counter() - started
    # memory in a second pass: tracemalloc slows allocation-heavy code several times over
    tracemalloc.start()
    function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return round(seconds, 3), round(peak / 2**20, 1), size


def child() -> dict[str, Any]:
    import csv
    import io

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nongthonmoi.settings")
    django.setup()
    from nongthonmoi.places.models import AdminUnit
    from nongthonmoi.portal import datasets

    datasets.register_builtins()
    dataset = datasets.get(SLUG)
    assert dataset is not None, SLUG

    def baseline() -> bytes:
        out = io.StringIO()
        writer = csv.writer(out)
        for row in AdminUnit.objects.filter(structure="2021").values_list(
            "code", "name", "level", "kind", "parent__code"
        ):
            writer.writerow(row)
        return out.getvalue().encode()

    rows = sum(1 for _ in dataset.rows())
    figures: dict[str, Any] = {"dataset": SLUG, "rows": rows}
    for name, function in [
        ("baseline_csv", baseline),
        ("csv", lambda: datasets.to_csv(dataset)),
        ("xlsx", lambda: datasets.to_xlsx(dataset)),
    ]:
        seconds, peak, size = measure(function)
        figures[name] = {"seconds": seconds, "peak_mib": peak, "bytes": size}
    figures["csv_ratio_to_baseline"] = round(
        figures["csv"]["seconds"] / figures["baseline_csv"]["seconds"], 2
    )
    figures["xlsx_ratio_to_baseline"] = round(
        figures["xlsx"]["seconds"] / figures["baseline_csv"]["seconds"], 2
    )
    return figures


def main() -> int:
    if "--child" in sys.argv:
        print(json.dumps(child()))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_env(f"sqlite:///{tmp}/export.sqlite3", Path(tmp))
        manage(["migrate", "--noinput", "-v0"], env)
        manage(["units", "load"], env)
        run = subprocess.run(
            [sys.executable, __file__, "--child"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=True,
        )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    path = write_result("export", result)
    print(json.dumps(result, indent=2))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
