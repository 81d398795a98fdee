"""Evaluate the national 2025 map (3,321 communes) against the 2026–2030 commune criteria.

Three measurements, all on synthetic values (seeded) and ILLUSTRATIVE thresholds: the official
thresholds of QĐ 51/2025 Phụ lục I are unknown, so the demo overlay
(criteria/illustrative/cao-bang-2026.yaml, "Ngưỡng minh hoạ — không phải số liệu chính thức")
fills them, for every province. The figures measure speed, nothing about real communes.

1. Pure engine, batch mode: communes per second and peak memory (tracemalloc), for the set as
   shipped (10 criteria, 16 indicator rows: most of Annex I is not transcribed yet) and for a
   synthetic 47-indicator variant (the size of the official annex: each criterion's rows copied
   under new codes) – the issue's "3,321 communes × 47 indicators".
2. Through the database: store the values (IndicatorValue), `services.do_recompute` (both value
   bases, Evaluation rows with the full explanation, province and national summaries).
3. Baseline: one SQL statement computing the same criteria-met counts from the same values;
   the result is checked equal to the stored Evaluation rows, and the ratio is reported.

Run: `.venv/bin/python benchmarks/bench_evaluate.py` (SQLite in a temporary directory; with
BENCH_POSTGRES_URL=postgres://postgres@127.0.0.1:5432/ also on PostgreSQL; `--skip-engine`
and `--skip-sqlite` leave those parts out). Bounded: one pass
per figure (best of 3 for the pure engine), loopback only, stops by itself.
"""

from __future__ import annotations

import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import bench_env, manage, write_result  # noqa: E402

SET_CODE = "xa-ntm-2026-2030"
YEAR = 2026
SEED = 20261
OVERLAY = ROOT / "nongthonmoi" / "criteria" / "illustrative" / "cao-bang-2026.yaml"


# --- synthetic input --------------------------------------------------------------------------


def communes() -> list[tuple[str, str, str]]:
    """(code, name, province code) of every commune of the 2025 map, from the committed data."""
    from nongthonmoi.places.datafiles import unit_rows

    _, rows = unit_rows("2025")
    by_code = {r.code: r for r in rows}
    result = []
    for row in rows:
        if row.level != "commune":
            continue
        parent = row.parent
        while parent and by_code[parent].level != "province":
            parent = by_code[parent].parent
        result.append((row.code, row.name, parent or ""))
    return result


def synthetic_value(kind: str, rng: random.Random) -> str:
    if kind == "boolean":
        return "true" if rng.random() < 0.85 else "false"
    return str(Decimal(rng.randint(0, 1000)) / 10)


def resolved_sets() -> dict[str, Any]:
    from nongthonmoi.criteria.loader import apply_overlay, load_overlay_file, load_set

    shipped = apply_overlay(load_set(SET_CODE), load_overlay_file(OVERLAY))
    return {"shipped": shipped, "annex-size-47": widened(shipped, 47)}


def widened(resolved: Any, total: int) -> Any:
    """The same set with each criterion's indicators copied under new codes up to `total` rows."""
    from nongthonmoi.criteria.loader import ResolvedSet

    definition = resolved.definition
    per_criterion = [total // len(definition.criteria)] * len(definition.criteria)
    for i in range(total - sum(per_criterion)):
        per_criterion[i] += 1
    criteria = []
    overlaid = dict(resolved.overlaid)
    for criterion, wanted in zip(definition.criteria, per_criterion, strict=True):
        indicators = []
        for n in range(wanted):
            base = criterion.indicators[n % len(criterion.indicators)]
            code = base.code if n < len(criterion.indicators) else f"{criterion.code}.s{n}"
            indicators.append(base.model_copy(update={"code": code}))
            overlaid[code] = resolved.overlaid.get(base.code, frozenset())
        criteria.append(criterion.model_copy(update={"indicators": indicators}))
    return ResolvedSet(
        definition=definition.model_copy(update={"criteria": criteria}),
        overlay=resolved.overlay,
        overlaid=overlaid,
    )


def unit_inputs(resolved: Any, rows: list[tuple[str, str, str]]) -> list[Any]:
    from nongthonmoi.criteria.engine import UnitInput, UnitProfile

    rng = random.Random(SEED)
    indicators = [(i.code, i.kind) for _, i in resolved.definition.indicators()]
    inputs = []
    for code, name, _province in rows:
        values = {c: synthetic_value(k, rng) for c, k in indicators if rng.random() > 0.03}
        profile = UnitProfile(code, name, group=rng.choice("123"))
        inputs.append(UnitInput(profile, values))
    return inputs


# --- 1. pure engine ---------------------------------------------------------------------------


def pure_engine() -> dict[str, Any]:
    from nongthonmoi.criteria.engine import evaluate_batch

    rows = communes()
    figures: dict[str, Any] = {"communes": len(rows)}
    for label, resolved in resolved_sets().items():
        inputs = unit_inputs(resolved, rows)
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            results = evaluate_batch(resolved, inputs, YEAR)
            timings.append(time.perf_counter() - started)
        tracemalloc.start()
        evaluate_batch(resolved, inputs, YEAR)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        best = min(timings)
        figures[label] = {
            "indicators": len(resolved.definition.indicators()),
            "seconds": round(best, 3),
            "communes_per_second": round(len(rows) / best),
            "peak_memory_mib": round(peak / 2**20, 1),
            "meeting_standard": sum(r.meets_standard for r in results),
        }
    figures["process_max_rss_mib"] = round(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1
    )
    return figures


# --- 2 and 3. through the database (child process with its own database) ------------------------

BASELINE_SQL = """
WITH ind AS (
    SELECT u.id AS unit_id, t.criterion,
           CASE WHEN v.number IS NULL THEN 0
                WHEN t.cmp = '>=' AND v.number >= t.threshold THEN 1
                WHEN t.cmp = '<=' AND v.number <= t.threshold THEN 1
                WHEN t.cmp = '==' AND v.number = t.threshold THEN 1
                ELSE 0 END AS met
    FROM places_adminunit u
    JOIN bench_threshold t ON t.grp = u.commune_group
    LEFT JOIN criteria_indicatorvalue v
           ON v.unit_id = u.id AND v.indicator_code = t.indicator_code
          AND v.set_code = %s AND v.year = %s AND v.value <> ''
    WHERE u.structure = '2025' AND u.level = 'commune'
), crit AS (
    SELECT unit_id, criterion, MIN(met) AS ok FROM ind GROUP BY unit_id, criterion
)
SELECT unit_id, SUM(ok) FROM crit GROUP BY unit_id
"""


def database_child() -> dict[str, Any]:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nongthonmoi.settings")
    django.setup()
    from django.db import connection, transaction

    from nongthonmoi.accounts.models import User
    from nongthonmoi.criteria import services
    from nongthonmoi.criteria.loader import load_overlay_file, load_set
    from nongthonmoi.criteria.models import Evaluation, IndicatorValue
    from nongthonmoi.demo.base import assign_attributes
    from nongthonmoi.places import loading
    from nongthonmoi.places.models import AdminUnit

    figures: dict[str, Any] = {"database": connection.vendor}
    started = time.perf_counter()
    loading.load_structure("2025")
    units = list(
        AdminUnit.objects.filter(structure="2025", level="commune")
        .select_related("province")
        .order_by("code")
    )
    assign_attributes(units, SEED)  # illustrative groups and flags, as the demo does
    units = list(
        AdminUnit.objects.filter(structure="2025", level="commune")
        .select_related("province")
        .order_by("code")
    )
    figures["setup_seconds"] = round(time.perf_counter() - started, 1)
    print(f"setup {figures['setup_seconds']} s", file=sys.stderr, flush=True)

    admin = User.objects.create_superuser("bench", password=None)
    data = load_overlay_file(OVERLAY).model_dump(mode="json")
    data.pop("version")
    for province in AdminUnit.objects.filter(structure="2025", level="province"):
        services.do_save_overlay(admin, province, SET_CODE, data, recompute=False)

    resolved = load_set(SET_CODE)
    indicators = [(i.code, i.kind) for _, i in resolved.definition.indicators()]
    rng = random.Random(SEED)
    rows = []
    for unit in units:
        for code, kind in indicators:
            if rng.random() < 0.03:
                continue
            text = synthetic_value(kind, rng)
            number = Decimal(1 if text == "true" else 0) if kind == "boolean" else Decimal(text)
            rows.append(
                IndicatorValue(
                    unit=unit,
                    set_code=SET_CODE,
                    year=YEAR,
                    indicator_code=code,
                    value=text,
                    number=number,
                    status="approved",
                )
            )
    started = time.perf_counter()
    with transaction.atomic():
        IndicatorValue.objects.bulk_create(rows, batch_size=2000)
    figures["store_values_seconds"] = round(time.perf_counter() - started, 2)
    figures["values"] = len(rows)

    started = time.perf_counter()
    report = services.do_recompute(units, SET_CODE, YEAR)
    recompute = time.perf_counter() - started
    figures["recompute_seconds"] = round(recompute, 2)
    figures["communes_evaluated"] = report.evaluated
    figures["recompute_communes_per_second"] = round(report.evaluated / recompute)
    started = time.perf_counter()
    services.refresh_summaries({u.province_id for u in units if u.province_id}, SET_CODE, YEAR)
    figures["rollup_seconds"] = round(time.perf_counter() - started, 2)

    # the single-SQL baseline, on a thresholds table built from the same (illustrative) rules
    from nongthonmoi.criteria.queries import resolved_set_for

    merged = resolved_set_for(units[0].province, SET_CODE).definition
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMPORARY TABLE bench_threshold (indicator_code varchar(20), "
            "criterion varchar(10), grp integer, cmp varchar(2), threshold numeric)"
        )
        params = []
        for criterion in merged.criteria:
            for indicator in criterion.indicators:
                for key, value in indicator.thresholds.items():
                    number = Decimal(int(value)) if isinstance(value, bool) else value
                    params.append(
                        (indicator.code, criterion.code, int(key), indicator.comparator, number)
                    )
        cursor.executemany("INSERT INTO bench_threshold VALUES (%s, %s, %s, %s, %s)", params)
        if connection.vendor == "postgresql":  # fresh tables: give the planner statistics
            cursor.execute("ANALYZE bench_threshold")
            cursor.execute("ANALYZE criteria_indicatorvalue")
            cursor.execute("ANALYZE places_adminunit")
        started = time.perf_counter()
        cursor.execute(BASELINE_SQL, [SET_CODE, YEAR])
        baseline = dict(cursor.fetchall())
        sql_seconds = time.perf_counter() - started
    stored = dict(
        Evaluation.objects.filter(set_code=SET_CODE, year=YEAR, basis="all").values_list(
            "unit_id", "criteria_met"
        )
    )
    figures["sql_baseline_seconds"] = round(sql_seconds, 3)
    figures["sql_baseline_matches_stored"] = sum(
        1 for unit_id, met in stored.items() if int(baseline.get(unit_id, -1)) == met
    )
    # do_recompute evaluates two value bases; compare one basis' share with the SQL
    figures["recompute_vs_sql_ratio"] = round((recompute / 2) / sql_seconds, 1)
    return figures


def run_database(url: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as tmp:
        env = bench_env(url or f"sqlite:///{tmp}/bench.sqlite3", Path(tmp))
        manage(["migrate", "--noinput", "-v0"], env)
        child = subprocess.run(
            [sys.executable, __file__, "--database-child"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=400,
            check=False,
        )
        if child.returncode != 0:
            return {"error": child.stderr[-2000:]}
        return json.loads(child.stdout.strip().splitlines()[-1])


def postgres_database(base: str) -> tuple[str, Any]:
    import psycopg

    name = "bench_evaluate"
    admin = psycopg.connect(base.rstrip("/") + "/postgres", autocommit=True)
    admin.execute(f"DROP DATABASE IF EXISTS {name}")
    admin.execute(f"CREATE DATABASE {name}")
    return base.rstrip("/") + f"/{name}", admin


def main() -> int:
    if "--database-child" in sys.argv:
        print(json.dumps(database_child()))
        return 0
    result: dict[str, Any] = {
        "note": "synthetic values, ILLUSTRATIVE thresholds (official Annex I values unknown)",
    }
    if "--skip-engine" not in sys.argv:
        result["pure_engine"] = pure_engine()
        print(json.dumps(result["pure_engine"], indent=2), flush=True)
    if "--skip-sqlite" not in sys.argv:
        result["sqlite"] = run_database("")
        print(json.dumps(result["sqlite"], indent=2), flush=True)
    postgres = os.environ.get("BENCH_POSTGRES_URL")
    if postgres:
        url, admin = postgres_database(postgres)
        try:
            result["postgresql"] = run_database(url)
        finally:
            admin.execute("DROP DATABASE IF EXISTS bench_evaluate")
            admin.close()
        print(json.dumps(result["postgresql"], indent=2))
    path = write_result("evaluate", result)
    print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
