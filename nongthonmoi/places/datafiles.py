"""Read the committed administrative-unit data files (written by scripts/regenerate_places_data.py)."""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from nongthonmoi.core.text import fold

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    level: str
    kind: str
    parent: str | None


def _read(name: str) -> dict:
    with gzip.open(DATA_DIR / name, "rt", encoding="utf-8") as fh:
        return json.load(fh)


def unit_rows(structure: str) -> tuple[str, list[UnitRow]]:
    data = _read(f"units-{structure}.json.gz")
    return data["source"], [UnitRow(*row) for row in data["rows"]]


def succession_rows() -> tuple[str, list[tuple[str, str, float]]]:
    data = _read("succession-2025.json.gz")
    return data["source"], [tuple(row) for row in data["rows"]]  # type: ignore[misc]


def _province_key(name: str) -> str:
    key = fold(name)
    key = re.sub(r"^(tinh|thanh pho)\s+", "", key)
    return key.replace(" - ", " ").replace("–", " ").replace("-", " ")


def regions_2021() -> dict[str, str]:
    """Folded old-province name → region code."""
    data = yaml.safe_load((DATA_DIR / "regions-2021.yaml").read_text(encoding="utf-8"))
    mapping = {}
    for region, names in data.items():
        if isinstance(names, list):
            for name in names:
                mapping[_province_key(name)] = region
    return mapping


def region_for_province(name: str, mapping: dict[str, str]) -> str:
    return mapping.get(_province_key(name), "")
