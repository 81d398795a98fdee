"""P5: national open-data export (CSV and Excel) — seconds, peak memory and size, streamed.

Exports the commune results dataset (`ket-qua-tieu-chi-theo-xa`: one row per commune, criteria
set and year, approved results only) at national scale, through the code behind
`/portal/du-lieu-mo/<slug>.<fmt>`: `portal.datasets.export_file`, which reads the rows with
`values_list(...).iterator(chunk_size=2000)`, writes them one by one into a temporary file
(`csv.writer`, openpyxl's write-only workbook) and renames it into place.

Data (a throwaway SQLite database): the 3,321 communes of the 2025 map, with **synthetic**
`Evaluation` rows made by `bulk_create` for `xa-ntm-2026-2030`, years 2026–2030, on both value
bases (the export keeps the approved ones: 16,605 rows) with a stand-in explanation JSON of about
2 KB per row (the engine writes ~13 KB; the export never reads it), and the province and national
summaries a recompute refreshes with them (the dataset's stamp). Then approved rows for
`xa-ntm-hien-dai-2026-2030` double the exported rows (33,210), and everything is measured again:
bounded memory means the same peak for twice the rows.

Baseline: the same rows, columns, joins and order read with one bare `values_list` query
(`.iterator(chunk_size=2000)`) and written by `csv.writer` into a file. Peak memory by
tracemalloc (Python allocations; SQLite's own page cache is not counted), in a separate pass
because tracing slows allocation-heavy code several times over; seconds are the best of 3 runs
(2 for Excel) at national size. The doubled data are measured for peak memory and size only,
which keeps the script near a minute and a half of CPU. For contrast,
`in_memory_csv` is the same CSV writer into a BytesIO, as the former in-memory `render` built it:
its peak grows with the rows, which shows the measurement would catch unbounded memory.

Run: `.venv/bin/python benchmarks/bench_export.py` (writes benchmarks/out/export.json).
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import bench_env, manage, write_result  # noqa: E402

SLUG = "ket-qua-tieu-chi-theo-xa"
SETS = ["xa-ntm-2026-2030", "xa-ntm-hien-dai-2026-2030"]  # the second one doubles the rows
YEARS = range(2026, 2031)
SEED = 20261129


def measure(function: Callable[[], int], repeat: int) -> dict[str, Any]:
    """Best of `repeat` timed runs (none if 0), then one run under tracemalloc for the peak."""
    import tracemalloc

    figures: dict[str, Any] = {}
    if repeat:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            function()
            times.append(time.perf_counter() - started)
        figures["seconds"] = round(min(times), 3)
    tracemalloc.start()
    size = function()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return figures | {"peak_mib": round(peak / 2**20, 2), "bytes": size}


def add_evaluations(
    set_code: str, communes: list[Any], rng: random.Random, bases: tuple[str, ...]
) -> int:
    from django.db import transaction
    from django.utils import timezone

    from nongthonmoi.criteria.models import Evaluation, EvaluationSummary

    computed = timezone.now()
    rows = []
    for year in YEARS:
        for unit in communes:
            met = rng.randint(4, 10)
            status = {str(c): "met" if c <= met else "not_met" for c in range(1, 11)}
            explanation = {  # a stand-in of about 2 KB; the engine's is ~13 KB
                "criteria": [
                    {"code": str(c), "status": s, "note": "Chỉ tiêu minh hoạ " * 8}
                    for c, s in status.items()
                ]
            }
            for basis in bases:
                rows.append(
                    Evaluation(
                        unit=unit,
                        province_id=unit.province_id,
                        set_code=set_code,
                        year=year,
                        basis=basis,
                        criteria_met=met,
                        criteria_total=10,
                        meets_standard=met == 10,
                        criteria_status=status,
                        explanation=explanation,
                        illustrative=True,
                        version_label=f"{set_code} (minh hoạ)",
                        fingerprint="bench",
                        computed_at=computed,
                    )
                )
    # the province and national summaries a recompute refreshes with its results (the stamp)
    provinces = {unit.province_id for unit in communes}
    summaries = [
        EvaluationSummary(
            scope_key=f"2025:{pk}" if pk else EvaluationSummary.NATION,
            scope_unit_id=pk,
            set_code=set_code,
            year=year,
            basis=basis,
            computed_at=computed,
        )
        for pk in [*provinces, None]
        for year in YEARS
        for basis in bases
    ]
    with transaction.atomic():
        Evaluation.objects.bulk_create(rows, batch_size=1000)
        EvaluationSummary.objects.bulk_create(summaries)
    return len(rows)


def run_all(dataset: Any, out: Path, timed: bool) -> dict[str, Any]:
    import csv
    import io

    from nongthonmoi.portal import datasets

    def baseline() -> int:
        path = out / "baseline.csv"
        with open(path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            for row in dataset.rows():  # the dataset's own query, written by a bare csv.writer
                writer.writerow(row)
        return path.stat().st_size

    def export(fmt: str) -> Callable[[], int]:
        def run() -> int:
            for old in datasets.export_dir().glob(f"{SLUG}--*.{fmt}"):
                old.unlink()  # written afresh on every pass
            return datasets.export_file(dataset, fmt).stat().st_size

        return run

    def in_memory() -> int:
        buffer = io.BytesIO()
        datasets.write_csv(dataset, buffer)
        return len(buffer.getvalue())

    figures: dict[str, Any] = {}
    for name, function, repeat in [
        ("csv", export("csv"), 3),
        ("xlsx", export("xlsx"), 2),
        ("baseline_csv", baseline, 3),
        ("in_memory_csv", in_memory, 0),  # its peak only
    ]:
        figures[name] = measure(function, repeat if timed else 0)
        print(name, figures[name], file=sys.stderr, flush=True)
    return figures


def child() -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nongthonmoi.settings")
    django.setup()
    from django.conf import settings

    from nongthonmoi.places import loading
    from nongthonmoi.places.models import AdminUnit
    from nongthonmoi.portal import datasets

    started = time.perf_counter()
    loading.load_structure("2025")
    communes = list(AdminUnit.objects.filter(structure="2025", level="commune").order_by("code"))
    datasets.register_builtins()
    dataset = datasets.get(SLUG)
    assert dataset is not None, SLUG
    rng = random.Random(SEED)
    stored = add_evaluations(SETS[0], communes, rng, ("approved", "all"))
    figures: dict[str, Any] = {"dataset": SLUG, "communes": len(communes)}
    figures["rows"] = sum(1 for _ in dataset.rows())
    print(f"setup {time.perf_counter() - started:.1f} s, {stored} rows", file=sys.stderr)
    national = run_all(dataset, Path(settings.DATA_DIR), timed=True)

    started = time.perf_counter()
    stored += add_evaluations(SETS[1], communes, rng, ("approved",))
    figures["rows_double"] = sum(1 for _ in dataset.rows())
    figures["evaluation_rows_stored"] = stored
    print(f"doubled in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    double = run_all(dataset, Path(settings.DATA_DIR), timed=False)  # peaks and sizes

    for fmt in ("csv", "xlsx"):
        figures[f"{fmt}_ratio_to_baseline"] = round(
            national[fmt]["seconds"] / national["baseline_csv"]["seconds"], 2
        )
    for fmt in ("csv", "xlsx", "baseline_csv", "in_memory_csv"):
        figures[f"{fmt}_peak_ratio_double_rows"] = round(
            double[fmt]["peak_mib"] / national[fmt]["peak_mib"], 2
        )
    figures["national"] = national
    figures["double"] = double
    return figures


def main() -> int:
    if "--child" in sys.argv:
        print(json.dumps(child()))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_env(f"sqlite:///{tmp}/export.sqlite3", Path(tmp))
        started = time.perf_counter()
        manage(["migrate", "--noinput", "-v0"], env)
        print(f"migrate {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)
        run = subprocess.run(
            [sys.executable, __file__, "--child"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            text=True,
            timeout=280,
            check=True,
        )
    result = json.loads(run.stdout.strip().splitlines()[-1])
    path = write_result("export", result)
    print(json.dumps(result, indent=2))
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
