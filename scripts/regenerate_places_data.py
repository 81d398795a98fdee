"""Regenerate the committed administrative-unit data files from their published sources.

Run by hand (network to PyPI needed): ``python scripts/regenerate_places_data.py``.

Sources (see docs/data-sources.md):
- ``vietnam-provinces`` 0.6.0: the 2021 map (63 provinces, 696 districts, 10,051 communes), GSO codes.
- ``vietnam-provinces`` 2025.10.1: the 2025 map (34 provinces, 3,321 communes), GSO codes.
- ``vietnam-address-converter`` 1.0.5 (Apache-2.0): the old → new commune mapping, matched to GSO
  codes by normalised names because that package uses its own codes.

Two versions of one package cannot be installed together, so the wheels are downloaded and read as
zip files. Output: ``nongthonmoi/places/data/units-2021.json.gz``, ``units-2025.json.gz`` and
``succession-2025.json.gz`` (compact JSON; see ``nongthonmoi/places/datafiles.py``).
"""

from __future__ import annotations

import gzip
import json
import re
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "nongthonmoi" / "places" / "data"
PACKAGES = {
    "old": "vietnam-provinces==0.6.0",
    "new": "vietnam-provinces==2025.10.1",
    "conv": "vietnam-address-converter==1.0.5",
}

PROVINCE_KINDS = {"Tỉnh": "tinh", "Thành phố": "thanh_pho_tw"}
DISTRICT_KINDS = {"Quận": "quan", "Huyện": "huyen", "Thị xã": "thi_xa", "Thành phố": "thanh_pho"}
NEW_PROVINCE_TYPES = {"tỉnh": "tinh", "thành phố trung ương": "thanh_pho_tw"}
NEW_COMMUNE_TYPES = {"xã": "xa", "phường": "phuong", "đặc khu": "dac_khu"}
COMMUNE_KINDS = {"Xã": "xa", "Phường": "phuong", "Thị trấn": "thi_tran", "Đặc khu": "dac_khu"}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if unicodedata.category(c) != "Mn").lower()
    return re.sub(r"\s+", " ", text).strip()


PREFIXES = sorted(
    [fold(p) for p in [*PROVINCE_KINDS, *DISTRICT_KINDS, *COMMUNE_KINDS]], key=len, reverse=True
)


def bare(name: str) -> str:
    """Name without its kind prefix, folded: 'Phường Kim Mã' -> 'kim ma'."""
    folded = fold(name)
    for prefix in PREFIXES:
        if folded.startswith(prefix + " "):
            folded = folded[len(prefix) + 1 :]
            break
    # spelling differences between the sources: hyphens, apostrophes, '01' vs '1'
    folded = re.sub(r"[-–‑]", " ", folded)
    folded = re.sub(r"['’`ʼ]", "", folded)
    folded = re.sub(r"\s+", " ", folded).strip()
    return re.sub(r"\b0+(\d)", r"\1", folded)


def kind_of(name: str, kinds: dict[str, str]) -> str:
    for prefix in sorted(kinds, key=len, reverse=True):
        if fold(name).startswith(fold(prefix) + " "):
            return kinds[prefix]
    raise ValueError(f"no kind prefix in {name!r}")


def download(tmp: Path) -> dict[str, zipfile.ZipFile]:
    wheels = {}
    for key, spec in PACKAGES.items():
        dest = tmp / key
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "--python-version",
                "3.12",
                "--only-binary=:all:",
                "-q",
                "-d",
                str(dest),
                spec,
            ],
            check=True,
        )
        wheels[key] = zipfile.ZipFile(next(dest.glob("*.whl")))
    return wheels


def old_map(wheel: zipfile.ZipFile) -> list[list]:
    data = json.loads(wheel.read("vietnam_provinces/data/nested-divisions.json"))
    rows: list[list] = []
    for p in data:
        pcode = f"{p['code']:02d}"
        rows.append([pcode, p["name"], "province", kind_of(p["name"], PROVINCE_KINDS), None])
        for d in p["districts"]:
            dcode = f"{d['code']:03d}"
            rows.append([dcode, d["name"], "district", kind_of(d["name"], DISTRICT_KINDS), pcode])
            for w in d["wards"]:
                rows.append(
                    [
                        f"{w['code']:05d}",
                        w["name"],
                        "commune",
                        kind_of(w["name"], COMMUNE_KINDS),
                        dcode,
                    ]
                )
    return rows


def new_map(wheel: zipfile.ZipFile) -> list[list]:
    data = json.loads(wheel.read("vietnam_provinces/data/nested-divisions.json"))
    rows: list[list] = []
    for p in data:
        pcode = f"{p['code']:02d}"
        kind = NEW_PROVINCE_TYPES[p["division_type"]]
        name = (
            p["name"]
            if fold(p["name"]).startswith(("tinh ", "thanh pho "))
            else f"Tỉnh {p['name']}"
        )
        rows.append([pcode, name, "province", kind, None])
        for w in p["wards"]:
            rows.append(
                [
                    f"{w['code']:05d}",
                    w["name"],
                    "commune",
                    NEW_COMMUNE_TYPES[w["division_type"]],
                    pcode,
                ]
            )
    return rows


def load_converter(wheel: zipfile.ZipFile) -> list[dict]:
    source = wheel.read("vietnam_address_converter/data.py").decode()
    start = source.index("json.loads(") + len("json.loads(")
    literal = source[start : source.index("\n", start)].rstrip(")")
    data = json.loads(json.loads(literal) if literal.startswith('"') else eval(literal))  # noqa: S307
    return data["mapping"]["rows"]


def succession(old: list[list], new: list[list], mapping: list[dict]) -> tuple[list[list], dict]:
    by_code_old = {r[0]: r for r in old}
    old_index: dict[tuple[str, str, str], str] = {}
    for code, name, level, _kind, parent in old:
        if level == "commune":
            district = by_code_old[parent]
            province = by_code_old[district[4]]
            old_index[(bare(province[1]), bare(district[1]), bare(name))] = code
    new_prov = {r[0]: r for r in new if r[2] == "province"}
    new_index: dict[tuple[str, str], str] = {}
    for code, name, level, _kind, parent in new:
        if level == "commune":
            new_index[(bare(new_prov[parent][1]), bare(name))] = code
    pairs: set[tuple[str, str]] = set()
    misses: dict[str, int] = defaultdict(int)
    for row in mapping:
        o, n = row["old"], row["new"]
        old_code = old_index.get(
            (bare(o["province_name"]), bare(o["district_name"]), bare(o["ward_name"]))
        )
        new_code = new_index.get((bare(n["province_name"]), bare(n["ward_name"])))
        if old_code is None:
            misses["old"] += 1
        if new_code is None:
            misses["new"] += 1
        if old_code and new_code:
            pairs.add((old_code, new_code))
    # share: an old commune split into k new communes contributes 1/k to each (area shares unknown)
    fanout: dict[str, int] = defaultdict(int)
    for old_code, _ in pairs:
        fanout[old_code] += 1
    rows = [[o, n, round(1 / fanout[o], 4)] for o, n in sorted(pairs)]
    return rows, dict(misses)


def write(name: str, payload: object) -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode()
    # mtime=0 keeps the committed file byte-identical between runs
    with gzip.GzipFile(OUT / name, "wb", mtime=0) as fh:
        fh.write(raw)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        wheels = download(Path(tmp))
        old = old_map(wheels["old"])
        new = new_map(wheels["new"])
        rows, misses = succession(old, new, load_converter(wheels["conv"]))
    header = ["code", "name", "level", "kind", "parent"]
    write("units-2021.json.gz", {"source": PACKAGES["old"], "columns": header, "rows": old})
    write("units-2025.json.gz", {"source": PACKAGES["new"], "columns": header, "rows": new})
    write(
        "succession-2025.json.gz",
        {
            "source": PACKAGES["conv"],
            "columns": ["old", "new", "share"],
            "rows": rows,
            "unmatched": misses,
        },
    )
    covered_old = len({r[0] for r in rows})
    covered_new = len({r[1] for r in rows})
    print(f"2021: {len(old)} units; 2025: {len(new)} units; succession pairs: {len(rows)}")
    print(
        f"old communes covered: {covered_old}; new communes covered: {covered_new}; misses: {misses}"
    )


if __name__ == "__main__":
    main()
