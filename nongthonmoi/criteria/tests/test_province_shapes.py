"""The committed province outlines (scripts/regenerate_province_shapes.py) match the 2025 map."""

from __future__ import annotations

import json
from pathlib import Path

from nongthonmoi.places import datafiles

STATIC = Path(__file__).resolve().parents[1] / "static" / "criteria"
SHAPES = STATIC / "provinces-2025.geojson"


def _rings(geometry: dict) -> list[list[list[float]]]:
    if geometry["type"] == "Polygon":
        return geometry["coordinates"]
    return [ring for polygon in geometry["coordinates"] for ring in polygon]


def test_the_outlines_are_the_34_provinces_of_the_2025_map() -> None:
    provinces = {row.code for row in datafiles.unit_rows("2025")[1] if row.level == "province"}
    collection = json.loads(SHAPES.read_text(encoding="utf-8"))
    codes = [feature["properties"]["code"] for feature in collection["features"]]
    assert len(provinces) == 34
    assert sorted(codes) == sorted(provinces)


def test_every_outline_is_a_closed_polygon_inside_vietnam() -> None:
    collection = json.loads(SHAPES.read_text(encoding="utf-8"))
    assert collection["type"] == "FeatureCollection"
    for feature in collection["features"]:
        geometry = feature["geometry"]
        assert geometry["type"] in {"Polygon", "MultiPolygon"}, feature["properties"]
        if geometry["type"] == "MultiPolygon":
            assert geometry["coordinates"], feature["properties"]
        for ring in _rings(geometry):
            assert len(ring) >= 4 and ring[0] == ring[-1], feature["properties"]
            for lon, lat in ring:  # the mainland, the islands and the two archipelagos
                assert 102 <= lon <= 117 and 6.5 <= lat <= 23.5, feature["properties"]


def test_the_licence_and_attribution_travel_with_the_outlines() -> None:
    collection = json.loads(SHAPES.read_text(encoding="utf-8"))
    assert "amCharts" in collection["attribution"]
    assert "linkware" in (STATIC / "provinces-2025.LICENSE.md").read_text(encoding="utf-8")
    assert SHAPES.stat().st_size < 300_000


def _covers(geometry: dict, lon: float, lat: float) -> bool:
    """Whether a point lies inside one of the geometry's outer rings (bounding boxes suffice for
    the small island squares)."""
    polygons = (
        [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    )
    for polygon in polygons:
        lons = [x for x, _ in polygon[0]]
        lats = [y for _, y in polygon[0]]
        if min(lons) <= lon <= max(lons) and min(lats) <= lat <= max(lats):
            return True
    return False


def test_the_map_shows_hoang_sa_with_da_nang_and_truong_sa_with_khanh_hoa() -> None:
    collection = json.loads(SHAPES.read_text(encoding="utf-8"))
    by_code = {f["properties"]["code"]: f["geometry"] for f in collection["features"]}
    assert _covers(by_code["48"], 112.34, 16.83)  # Phú Lâm, Hoàng Sa
    assert _covers(by_code["56"], 111.92, 8.64)  # Trường Sa Lớn
    assert _covers(by_code["56"], 114.33, 11.43)  # Song Tử Tây
    assert not _covers(by_code["56"], 112.34, 16.83)
    labels = {item["name"]: item["province"] for item in collection["labels"]}
    assert labels == {"Quần đảo Hoàng Sa": "48", "Quần đảo Trường Sa": "56"}
