"""The worked example of docs/funding.md §3, number for number.

The doc's input block and result tables are parsed and compared with the engine; the expected
amounts are also typed in below (from the hand computation in docs/funding.md §3.1–3.3), so the
doc, this test and the engine must all agree.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from nongthonmoi.funding.allocation import allocate
from nongthonmoi.funding.inputs import parse_rows
from nongthonmoi.funding.rulebook import load_rule
from nongthonmoi.funding.units import Commune

DOC = Path(__file__).resolve().parents[3] / "docs" / "funding.md"

# (rule, level, total, parent filter) → {unit: (K, amount)}; see docs/funding.md §3.
EXPECTED: dict[tuple[str, str, int, str | None], dict[str, tuple[str, int]]] = {
    ("qd-07-2022", "parent", 9_999_500_000, None): {  # §3.1
        "TA": ("23.0", 6_764_000_000),
        "TB": ("5.0", 1_470_500_000),
        "TC": ("6.0", 1_765_000_000),
    },
    ("qd-16-2026", "parent", 9_999_500_000, None): {  # §3.2
        "TA": ("354", 6_156_000_000),
        "TB": ("146", 2_539_000_000),
        "TC": ("75", 1_304_500_000),
    },
    ("qd-07-2022", "commune", 1_000_000_000, "TA"): {  # §3.3
        "A01": ("5.0", 217_000_000),
        "A02": ("5.0", 217_000_000),
        "A03": ("5.0", 217_000_000),
        "A04": ("3.0", 131_000_000),
        "A05": ("3.0", 130_000_000),
        "A06": ("1.0", 44_000_000),
        "A07": ("1.0", 44_000_000),
        "A08": ("0", 0),
    },
    ("qd-16-2026", "commune", 1_000_000_000, "TA"): {  # §3.3
        "A01": ("54", 152_000_000),
        "A02": ("42", 119_000_000),
        "A03": ("50", 141_000_000),
        "A04": ("30", 85_000_000),
        "A05": ("25", 71_000_000),
        "A06": ("50", 141_000_000),
        "A07": ("50", 141_000_000),
        "A08": ("53", 150_000_000),
    },
}


def doc_communes() -> list[Commune]:
    text = DOC.read_text(encoding="utf-8")
    block = re.search(r"<!-- worked-example-input -->\n```csv\n(.*?)```", text, re.S)
    assert block, "docs/funding.md lost its worked-example input block"
    lines = [line.split(",") for line in block.group(1).strip().splitlines()]
    return list(parse_rows(lines[0], lines[1:]).communes)


def doc_tables() -> dict[tuple[str, str, int, str | None], dict[str, tuple[str, int]]]:
    text = DOC.read_text(encoding="utf-8")
    tables = {}
    marker = r"<!-- worked-example: (\S+) (\S+) (\d+)(?: (\S+))? -->\n((?:\|.*\n)+)"
    for rule, level, total, parent, body in re.findall(marker, text):
        rows = {}
        for line in body.strip().splitlines()[2:]:
            cells = [cell.strip() for cell in line.strip("|").split("|")]
            if cells[0] == "total":
                continue
            coefficient = cells[2].replace(",", ".")
            rows[cells[0]] = (coefficient, int(cells[3].replace(".", "")))
        tables[(rule, level, int(total), parent or None)] = rows
    return tables


def run(key: tuple[str, str, int, str | None]) -> dict[str, tuple[Decimal, int]]:
    rule, level, total, parent = key
    communes = [c for c in doc_communes() if parent is None or c.parent_code == parent]
    result = allocate(load_rule(rule), total, communes, level=level)
    return {u.unit_code: (u.coefficient, u.amount) for u in result.units}


def test_the_doc_has_every_worked_table() -> None:
    assert set(doc_tables()) == set(EXPECTED)


@pytest.mark.parametrize("key", list(EXPECTED), ids=lambda key: " ".join(map(str, key[:3])))
def test_the_engine_matches_the_hand_computation(
    key: tuple[str, str, int, str | None],
) -> None:
    computed = run(key)
    expected = {code: (Decimal(k), amount) for code, (k, amount) in EXPECTED[key].items()}
    assert computed == expected


@pytest.mark.parametrize("key", list(EXPECTED), ids=lambda key: " ".join(map(str, key[:3])))
def test_the_doc_tables_match_the_hand_computation(
    key: tuple[str, str, int, str | None],
) -> None:
    documented = {code: (Decimal(k), a) for code, (k, a) in doc_tables()[key].items()}
    expected = {code: (Decimal(k), a) for code, (k, a) in EXPECTED[key].items()}
    assert documented == expected


def test_the_doc_breakdowns_match_the_engine_for_provinces() -> None:
    text = DOC.read_text(encoding="utf-8")
    for rule in ("qd-07-2022", "qd-16-2026"):
        result = allocate(load_rule(rule), 9_999_500_000, doc_communes())
        for unit in result.units:
            counted = unit.breakdown_text.split(" = ")[0]
            assert f"| {unit.unit_code} | {counted}" in text
