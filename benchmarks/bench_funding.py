"""Funding engine at national scale (pure: no database, no server).

Synthetic communes at the size of both maps (10,051 communes in 63 provinces on the 2021 map;
3,321 in 34 on the 2025 map), seeded. Measures, best of BENCH_REPEAT runs (default 5):
- `allocate` to provinces under qd-07-2022 (2021 map) and qd-16-2026 (2025 map);
- a province-to-communes what-if: two allocations + `compare` for the largest province;
- `export_comparison_xlsx` of a national what-if (3,321 rows, three sheets).
Checks on the way that every allocation sums exactly to its total.

Run: `.venv/bin/python benchmarks/bench_funding.py`
"""

from __future__ import annotations

import io
import os
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.common import write_result  # noqa: E402
from nongthonmoi.funding.allocation import allocate  # noqa: E402
from nongthonmoi.funding.rulebook import load_rule  # noqa: E402
from nongthonmoi.funding.units import Commune  # noqa: E402
from nongthonmoi.funding.whatif import compare, export_comparison_xlsx  # noqa: E402

REPEAT = int(os.environ.get("BENCH_REPEAT", "5"))
TOTAL = 39_632_000_000_000  # the 2021–2025 central budget, đồng


def communes(count: int, provinces: int, seed: int) -> list[Commune]:
    rng = random.Random(seed)
    result = []
    for i in range(count):
        recognised = rng.random() < 0.4
        flags = set()
        if rng.random() < 0.1:
            flags.add("dbkk")
        if rng.random() < 0.05:
            flags.add("atk")
        if rng.random() < 0.08:
            flags.add("border")
        region = rng.choice(["", "region1", "region2", "region3"])
        if region:
            flags.add(region)
        result.append(
            Commune(
                code=f"{i:05d}",
                parent_code=f"P{i % provinces:02d}",
                criteria_met=19 if recognised else rng.randint(5, 18),
                recognised=recognised,
                flags=frozenset(flags),
                dbkk_villages=rng.randint(0, 4) if rng.random() < 0.3 else 0,
            )
        )
    return result


def best(fn: Callable[[], Any]) -> tuple[float, Any]:
    times, value = [], None
    for _ in range(REPEAT):
        start = time.perf_counter()
        value = fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, value


def main() -> None:
    old_map = communes(10_051, 63, seed=2021)
    new_map = communes(3_321, 34, seed=2025)
    qd07, qd16 = load_rule("qd-07-2022"), load_rule("qd-16-2026")
    figures: dict[str, float] = {}

    ms, result = best(lambda: allocate(qd07, TOTAL, old_map, level="parent"))
    assert sum(u.amount for u in result.units) == TOTAL
    figures["allocate_qd07_10051_communes_to_63_provinces_ms"] = round(ms, 1)

    ms, result = best(lambda: allocate(qd16, TOTAL, new_map, level="parent"))
    assert sum(u.amount for u in result.units) == TOTAL
    figures["allocate_qd16_3321_communes_to_34_provinces_ms"] = round(ms, 1)

    province = [c for c in new_map if c.parent_code == "P00"]

    def whatif() -> Any:
        now = allocate(qd16, 150_000_000_000, province, level="commune")
        changed = allocate(qd16, 180_000_000_000, province, level="commune")
        return compare(now, changed)

    ms, comparison = best(whatif)
    figures[f"whatif_one_province_{len(province)}_communes_ms"] = round(ms, 1)

    national_now = allocate(qd16, TOTAL, new_map, level="commune")
    national_new = allocate(qd16, TOTAL + 1_000_000_000_000, new_map, level="commune")
    big = compare(national_now, national_new)
    ms, _ = best(lambda: export_comparison_xlsx(big, io.BytesIO()))
    figures["export_xlsx_3321_rows_ms"] = round(ms, 1)

    for name, value in figures.items():
        print(f"{name:<55} {value:>10.1f}")
    path = write_result("funding", {"repeat": REPEAT, "figures": figures})
    print(f"written {path}")


if __name__ == "__main__":
    main()
