"""Regenerate the committed 34-province outlines (2025 map) from the amCharts geodata package.

Run by hand (the npm registry must be reachable, or pass a tarball already downloaded)::

    python -m venv /tmp/shapes && /tmp/shapes/bin/pip install "shapely>=2,<3" PyYAML
    /tmp/shapes/bin/python scripts/regenerate_province_shapes.py [amcharts-amcharts5-geodata-X.tgz]

shapely is needed by this script only; it is not a dependency of the project (PyYAML is, for
nongthonmoi.places.datafiles).

Source: ``@amcharts/amcharts5-geodata`` (npm, linkware licence, see docs/data-sources.md),
``json/vietnamLow.json``: 64 features of the provinces before 2008 (Hà Tây still separate), keyed by
ISO 3166-2 codes and named in Vietnamese. Each feature is matched by folded name to its 2021-map
province (Hà Tây to Hà Nội), each 2021 province to the 2025 province that takes its communes in
``succession-2025.json.gz``, and the polygons of each 2025 province are merged, simplified and
rounded. Any feature or province left unmatched stops the script with the list. The archipelagos
Hoàng Sa (Đà Nẵng) and Trường Sa (Khánh Hòa), which the package leaves out, are added as small
squares around their main islands, with a label position each (``labels``).

Output: ``nongthonmoi/criteria/static/criteria/provinces-2025.geojson`` (one feature per 2025
province, properties ``code`` = GSO province code as in the database, ``name``) and the package's
unaltered LICENSE next to it (``provinces-2025.LICENSE.md``), as the licence requires.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tarfile
import tempfile
from collections import defaultdict
from pathlib import Path

from shapely.geometry import box, mapping, shape
from shapely.ops import unary_union

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from nongthonmoi.places import datafiles  # noqa: E402

PACKAGE = "@amcharts/amcharts5-geodata@5.1.6"
SOURCE_FILE = "package/json/vietnamLow.json"
OUT_DIR = ROOT / "nongthonmoi" / "criteria" / "static" / "criteria"
OUT = OUT_DIR / "provinces-2025.geojson"
LICENSE_OUT = OUT_DIR / "provinces-2025.LICENSE.md"
ATTRIBUTION = "amCharts (https://www.amcharts.com/), linkware licence: provinces-2025.LICENSE.md"
# Features whose name is not the 2021 map's: folded name -> folded 2021 province name (Hà Tây was
# merged into Hà Nội in 2008; Thừa Thiên Huế became the city of Huế in January 2025).
RENAMED_BEFORE_2021 = {"ha tay": "ha noi", "thua thien hue": "hue"}
TOLERANCE = 0.01  # degrees (~1 km): plenty for a national overview
DECIMALS = 3
# The amCharts outlines leave out Vietnam's two archipelagos; a map of Vietnam must show them.
# Quần đảo Hoàng Sa is a district of Đà Nẵng (48 on the 2025 map), Quần đảo Trường Sa a district of
# Khánh Hòa (56). Their islands are far below the map's resolution, so each main island is drawn as
# a small square around its published position (degrees, approximate) and joins its province's
# outline; `labels` carries where the map writes each archipelago's name.
ISLAND_HALF_SIZE = 0.06  # degrees: a few pixels on a national map
ARCHIPELAGOS = {
    "48": {
        "name": "Quần đảo Hoàng Sa",
        "label": (112.2, 16.2),
        "islands": [  # Phú Lâm, Linh Côn, Hoàng Sa, Quang Hoà, Tri Tôn, Bạch Quy
            (112.34, 16.83),
            (112.73, 16.67),
            (111.61, 16.53),
            (111.71, 16.45),
            (111.20, 15.78),
            (111.75, 15.78),
        ],
    },
    "56": {
        "name": "Quần đảo Trường Sa",
        "label": (113.6, 9.8),
        "islands": [  # Song Tử Tây, Thị Tứ, Loại Ta, Ba Bình, Nam Yết, Sinh Tồn, Trường Sa, An Bang
            (114.33, 11.43),
            (114.28, 11.05),
            (114.42, 10.68),
            (114.36, 10.38),
            (114.36, 10.18),
            (114.33, 9.88),
            (111.92, 8.64),
            (112.92, 7.87),
        ],
    },
}


def download(workdir: Path) -> Path:
    subprocess.run(["npm", "pack", PACKAGE, "--silent"], cwd=workdir, check=True)
    return next(workdir.glob("amcharts-amcharts5-geodata-*.tgz"))


def read_package(tarball: Path) -> tuple[dict, str, str]:
    with tarfile.open(tarball) as tar:
        geo = json.load(tar.extractfile(SOURCE_FILE))  # type: ignore[arg-type]
        licence = tar.extractfile("package/LICENSE").read().decode("utf-8")  # type: ignore[union-attr]
        meta = json.load(tar.extractfile("package/package.json"))  # type: ignore[arg-type]
    return geo, licence, f"{meta['name']}@{meta['version']}"


def province_successors() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """(old province code -> new province code, old code -> key, new code -> name)."""
    rows = {}
    for structure in ("2021", "2025"):
        rows[structure] = {row.code: row for row in datafiles.unit_rows(structure)[1]}

    def province_of(code: str, structure: str) -> str:
        row = rows[structure][code]
        while row.parent:
            row = rows[structure][row.parent]
        return row.code

    votes: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for old, new, share in datafiles.succession_rows()[1]:
        if old in rows["2021"] and new in rows["2025"]:
            votes[province_of(old, "2021")][province_of(new, "2025")] += share
    successor = {}
    for old_code, counts in votes.items():
        best = max(counts, key=counts.__getitem__)
        if counts[best] < 0.9 * sum(counts.values()):
            sys.exit(
                f"2021 province {old_code} does not go (mostly) to one 2025 province: {counts}"
            )
        successor[old_code] = best
    old_keys = {
        row.code: datafiles._province_key(row.name)
        for row in rows["2021"].values()
        if row.level == "province"
    }
    new_names = {row.code: row.name for row in rows["2025"].values() if row.level == "province"}
    missing = sorted(set(old_keys) - set(successor))
    if missing:
        sys.exit(f"2021 provinces with no successor in the succession data: {missing}")
    return successor, old_keys, new_names


def rounded(geometry: dict) -> dict:
    def walk(value):  # type: ignore[no-untyped-def]
        if isinstance(value[0], (int, float)):
            return [round(value[0], DECIMALS), round(value[1], DECIMALS)]
        return [walk(item) for item in value]

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def build(geo: dict, source: str) -> dict:
    successor, old_keys, new_names = province_successors()
    by_key = {key: code for code, key in old_keys.items()}
    parts: dict[str, list] = defaultdict(list)
    unmatched = []
    for feature in geo["features"]:
        key = datafiles._province_key(feature["properties"]["name"])
        key = RENAMED_BEFORE_2021.get(key, key)
        old_code = by_key.get(key)
        if old_code is None:
            unmatched.append(f"{feature['properties'].get('id')} {feature['properties']['name']}")
            continue
        parts[successor[old_code]].append(shape(feature["geometry"]).buffer(0))
    if unmatched:
        sys.exit("amCharts features not matched to a 2021 province: " + ", ".join(unmatched))
    no_shape = sorted(set(new_names) - set(parts))
    if no_shape:
        sys.exit(f"2025 provinces with no outline: {no_shape}")
    features = []
    for code in sorted(parts):
        merged = unary_union(parts[code]).simplify(TOLERANCE, preserve_topology=True)
        if code in ARCHIPELAGOS:
            islands = [
                box(
                    lon - ISLAND_HALF_SIZE,
                    lat - ISLAND_HALF_SIZE,
                    lon + ISLAND_HALF_SIZE,
                    lat + ISLAND_HALF_SIZE,
                )
                for lon, lat in ARCHIPELAGOS[code]["islands"]
            ]
            merged = unary_union([merged, *islands])
        features.append(
            {
                "type": "Feature",
                "properties": {"code": code, "name": new_names[code]},
                "geometry": rounded(mapping(merged)),
            }
        )
    return {
        "type": "FeatureCollection",
        "source": source,
        "attribution": ATTRIBUTION,
        "labels": [
            {"name": item["name"], "province": code, "coord": list(item["label"])}
            for code, item in sorted(ARCHIPELAGOS.items())
        ],
        "features": features,
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        tarball = Path(sys.argv[1]) if len(sys.argv) > 1 else download(Path(tmp))
        geo, licence, source = read_package(tarball)
    collection = build(geo, source)
    OUT.write_text(json.dumps(collection, ensure_ascii=False, separators=(",", ":")) + "\n")
    LICENSE_OUT.write_text(licence, encoding="utf-8")
    print(
        f"{OUT.relative_to(ROOT)}: {len(collection['features'])} provinces, {OUT.stat().st_size} bytes"
    )


if __name__ == "__main__":
    main()
