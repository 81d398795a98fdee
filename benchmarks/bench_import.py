"""Import a national reporting round (3,321 communes × 47 indicators) from .xlsx.

Prints, and writes to benchmarks/out/import.json:
* the time to write the pre-filled file (openpyxl, write-only mode) and its size;
* the time merely to read the data sheet with python-calamine;
* the full import (size and zip checks, calamine read, every cell validated, all-or-nothing
  write of 156,087 values and their history rows) with the process's peak memory;
* a second import of the same, unchanged file (validation only, nothing written).

Runs on its own SQLite database in a temporary directory (nothing touches var/). The official
2026–2030 annex is not transcribed yet (the shipped set has 16 provisional indicators), so the
set is SYNTHETIC: 10 criteria, 47 indicators (percentages, counts, yes/no) with thresholds per
commune group; the 3,321 communes are synthetic too (one synthetic province). The recompute of
stored evaluations that a real import triggers is switched off here: it is measured by
benchmarks/bench_evaluate.py.

    .venv/bin/python benchmarks/bench_import.py [--communes 3321]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import resource
import shutil
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "benchmarks" / "out" / "import.json"
INDICATORS = 47
CRITERIA = 10


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _synthetic_set():  # type: ignore[no-untyped-def]
    from nongthonmoi.criteria.loader import ResolvedSet, load_set

    national = load_set("xa-ntm-2026-2030").definition
    criteria = []
    number = 0
    for c in range(1, CRITERIA + 1):
        indicators = []
        count = INDICATORS // CRITERIA + (1 if c <= INDICATORS % CRITERIA else 0)
        for i in range(count):
            number += 1
            kind = ("percentage", "boolean", "count", "number")[number % 4]
            if kind == "boolean":
                spec = {
                    "kind": kind,
                    "unit": "Đạt/Không đạt",
                    "comparator": "==",
                    "thresholds": {"1": True, "2": True, "3": True},
                }
            else:
                spec = {
                    "kind": kind,
                    "unit": "%" if kind == "percentage" else "đơn vị",
                    "comparator": ">=",
                    "thresholds": {"1": Decimal(80), "2": Decimal(70), "3": Decimal(60)},
                }
            indicators.append(
                {
                    "code": f"{c}.{i + 1}",
                    "text": f"Chỉ tiêu tổng hợp {c}.{i + 1}",
                    "status": "unknown",
                    **spec,
                }
            )
        criteria.append(
            {"code": str(c), "name": f"Tiêu chí {c}", "status": "unknown", "indicators": indicators}
        )
    data = national.model_dump()
    data.update(criteria=criteria, official_indicator_count=INDICATORS)
    return ResolvedSet(definition=national.model_validate(data))


def _setup_database(tmp: Path) -> None:
    os.environ["NONGTHONMOI_DATA_DIR"] = str(tmp)
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "nongthonmoi.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def crash_child(tmp: Path, stage: str) -> int:
    """For tests/test_fault_kill.py: `import` blocks inside the write transaction (after the values
    are written, before the commit) until killed; `check` prints counts; `retry` imports again."""
    if stage == "import":
        setup = prepare(tmp, 30)
        from nongthonmoi.rounds.models import ValueChange

        original = ValueChange.objects.bulk_create

        def write_then_wait(*args: Any, **kwargs: Any) -> Any:
            created = original(*args, **kwargs)
            print("WRITTEN-NOT-COMMITTED", flush=True)
            sys.stdin.readline()  # the test kills this process here
            return created

        ValueChange.objects.bulk_create = write_then_wait  # type: ignore[method-assign]
        import_job(setup)
        return 1  # not reached: the test kills the process
    _setup_database(tmp)
    from nongthonmoi.criteria.models import IndicatorValue
    from nongthonmoi.rounds.models import ImportJob, Round, ValueChange

    if stage == "retry":
        from nongthonmoi.accounts.models import User

        resolved = _synthetic_set()
        from nongthonmoi.rounds import evaluation, services

        evaluation.resolved_for = lambda round_: resolved  # type: ignore[assignment]
        services.refresh_evaluations = lambda *a, **k: None  # type: ignore[assignment]
        round_ = Round.objects.get()
        job = import_job(
            {
                "round": round_,
                "province": round_.province,
                "admin": User.objects.get(username="bench"),
                "path": tmp / "national.xlsx",
            }
        )
        assert job.status == "done", job.errors
    print(
        json.dumps(
            {
                "values": IndicatorValue.objects.count(),
                "history": ValueChange.objects.count(),
                "jobs_done": ImportJob.objects.filter(status="done").count(),
            }
        ),
        flush=True,
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    args_list = sys.argv[1:] if argv is None else argv
    if args_list[:1] == ["--crash"]:
        return crash_child(Path(args_list[1]), args_list[2])
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--communes", type=int, default=3321)
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="ntm-bench-import-"))
    try:
        return _run(tmp, args.communes)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def prepare(tmp: Path, communes: int) -> dict:  # type: ignore[type-arg]
    """A database in `tmp` with one synthetic province, its round, and the pre-filled workbook."""
    _setup_database(tmp)
    import datetime as dt

    from nongthonmoi.accounts.models import User
    from nongthonmoi.places.models import AdminUnit
    from nongthonmoi.rounds import evaluation, services
    from nongthonmoi.rounds.models import Round, RoundUnit
    from nongthonmoi.rounds.workbook import TemplateMeta, TemplateRow, write_workbook

    resolved = _synthetic_set()
    evaluation.resolved_for = lambda round_: resolved  # type: ignore[assignment]
    services.refresh_evaluations = lambda *a, **k: None  # type: ignore[assignment]

    admin = User.objects.create_superuser("bench", "bench@example.invalid", "bench-password-1")
    province = AdminUnit.objects.create(
        structure="2025", code="99", name="Tỉnh tổng hợp", level="province", kind="tinh"
    )
    province.province = province
    province.save()
    AdminUnit.objects.bulk_create(
        [
            AdminUnit(
                structure="2025",
                code=f"{90000 + n:05d}",
                name=f"Xã tổng hợp {n}",
                name_folded=f"xa tong hop {n}",
                level="commune",
                kind="xa",
                parent=province,
                province=province,
                commune_group=1 + n % 3,
            )
            for n in range(communes)
        ],
        batch_size=2000,
    )
    round_ = Round.objects.create(
        set_code="xa-ntm-2026-2030",
        year=2026,
        province=province,
        title="Đợt tổng hợp toàn quốc",
        opens_on=dt.date(2026, 1, 1),
        due_on=dt.date(2026, 12, 31),
        opened_by=admin,
    )
    units = list(AdminUnit.objects.filter(level="commune").order_by("code"))
    RoundUnit.objects.bulk_create([RoundUnit(round=round_, unit=u) for u in units], batch_size=2000)

    infos = evaluation.indicators(resolved)
    specs = {i.code: i.spec() for i in infos}
    rng = random.Random(51)

    def rows():  # type: ignore[no-untyped-def]
        for unit in units:
            for info in infos:
                if info.kind == "boolean":
                    value: object = rng.random() < 0.85
                elif info.kind == "count":
                    value = Decimal(rng.randint(40, 120))
                else:
                    value = Decimal(rng.randint(400, 1000)) / 10
                yield TemplateRow(unit.code, unit.name, info.code, "≥ 70 (nhóm 2)", value, "")

    path = tmp / "national.xlsx"
    start, cpu = time.perf_counter(), time.process_time()
    written = write_workbook(
        path,
        TemplateMeta(round_.pk, round_.set_code, 2026, "99", "99"),
        specs,
        rows(),
        title=round_.title,
    )
    write_seconds, write_cpu = time.perf_counter() - start, time.process_time() - cpu
    return {
        "round": round_,
        "province": province,
        "admin": admin,
        "path": path,
        "written": written,
        "write_seconds": write_seconds,
        "write_cpu": write_cpu,
    }


def import_job(setup: dict) -> Any:  # type: ignore[type-arg]
    """Run one import of the prepared workbook (as the background task does); the finished job."""
    from django.core.files import File

    from nongthonmoi.rounds import excel
    from nongthonmoi.rounds.models import ImportJob

    job = ImportJob(
        round=setup["round"],
        scope_unit=setup["province"],
        original_name="national.xlsx",
        uploaded_by=setup["admin"],
    )
    with setup["path"].open("rb") as handle:
        job.file.save("national.xlsx", File(handle), save=False)
    job.save()
    excel.run_import(job.pk)
    job.refresh_from_db()
    return job


def _run(tmp: Path, communes: int) -> int:
    setup = prepare(tmp, communes)
    round_, province, admin, path = setup["round"], setup["province"], setup["admin"], setup["path"]
    written, write_seconds, write_cpu = setup["written"], setup["write_seconds"], setup["write_cpu"]
    from django.core.files import File
    from python_calamine import CalamineWorkbook

    from nongthonmoi.criteria.models import IndicatorValue
    from nongthonmoi.rounds import excel
    from nongthonmoi.rounds.models import ImportJob, ValueChange
    from nongthonmoi.rounds.workbook import DATA_SHEET

    start, cpu = time.perf_counter(), time.process_time()
    book = CalamineWorkbook.from_path(str(path))
    read_rows = len(book.get_sheet_by_name(DATA_SHEET).to_python())
    book.close()
    read_seconds, read_cpu = time.perf_counter() - start, time.process_time() - cpu

    def run_import() -> tuple[float, float, ImportJob]:
        job = ImportJob(
            round=round_, scope_unit=province, original_name="national.xlsx", uploaded_by=admin
        )
        with path.open("rb") as handle:
            job.file.save("national.xlsx", File(handle), save=False)
        job.save()
        began, cpu_began = time.perf_counter(), time.process_time()
        excel.run_import(job.pk)
        elapsed, cpu_used = time.perf_counter() - began, time.process_time() - cpu_began
        job.refresh_from_db()
        if job.status != "done":
            raise SystemExit(f"import failed: {job.errors[:5]}")
        return elapsed, cpu_used, job

    rss_before = _peak_rss_mb()
    import_seconds, import_cpu, job = run_import()
    rss_after = _peak_rss_mb()
    values = IndicatorValue.objects.count()
    changes = ValueChange.objects.count()
    reimport_seconds, reimport_cpu, again = run_import()

    result = {
        "communes": communes,
        "indicators": INDICATORS,
        "rows": written,
        "synthetic": True,
        "file_mb": round(path.stat().st_size / 1024 / 1024, 2),
        "write_xlsx_seconds": round(write_seconds, 2),
        "write_xlsx_cpu_seconds": round(write_cpu, 2),
        "calamine_read_seconds": round(read_seconds, 2),
        "calamine_read_cpu_seconds": round(read_cpu, 2),
        "calamine_rows": read_rows,
        "import_seconds": round(import_seconds, 2),
        "import_cpu_seconds": round(import_cpu, 2),
        "import_to_read_ratio_cpu": round(import_cpu / read_cpu, 1) if read_cpu else None,
        "import_values_written": job.changed_values,
        "values_in_database": values,
        "history_rows": changes,
        "reimport_unchanged_seconds": round(reimport_seconds, 2),
        "reimport_unchanged_cpu_seconds": round(reimport_cpu, 2),
        "reimport_values_written": again.changed_values,
        "peak_rss_mb_before_import": round(rss_before, 1),
        "peak_rss_mb_after_import": round(rss_after, 1),
        "database": "sqlite (temporary file)",
        # wall-clock times depend on what else runs; CPU seconds of this process much less so
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "machine": platform.machine(),
    }
    print(
        f"file: {written:,} rows ({communes:,} communes × {INDICATORS} indicators, synthetic), "
        f"{result['file_mb']} MB, written in {write_seconds:.1f} s ({write_cpu:.1f} s CPU)"
    )
    print(f"calamine read only:   {read_seconds:7.2f} s wall {read_cpu:7.2f} s CPU")
    print(
        f"full import (new):    {import_seconds:7.2f} s wall {import_cpu:7.2f} s CPU → "
        f"{job.changed_values:,} values, {changes:,} history rows; "
        f"peak RSS {rss_after:.0f} MB (before the import: {rss_before:.0f} MB)"
    )
    print(
        f"re-import unchanged:  {reimport_seconds:7.2f} s wall {reimport_cpu:7.2f} s CPU → "
        f"{again.changed_values} values written"
    )
    print(f"load average {os.getloadavg()[0]:.1f}: wall times grow with it, CPU times much less")
    OUT.parent.mkdir(parents=True, exist_ok=True)
    OUT.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"written {OUT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
