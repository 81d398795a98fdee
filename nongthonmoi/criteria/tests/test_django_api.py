"""API: batch evaluation (same as the CLI), sets, stored evaluations and summaries (scoped)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nongthonmoi.criteria import demo

pytestmark = pytest.mark.django_db
ROWS = [
    {"commune_code": "X1", "group": "3", "indicator": "3.a", "value": "6,5"},
    {"commune_code": "X1", "group": "3", "indicator": "6.a", "value": "12%"},
    {"commune_code": "X1", "group": "3", "indicator": "1.x", "value": True},
    {"commune_code": "X2", "group": 1, "indicator": "8.a", "value": 95},
    {"commune_code": "X2", "group": 1, "indicator": "8.b", "value": "Không đạt"},
]


def post(client, body):  # type: ignore[no-untyped-def]
    return client.post(
        "/api/v1/criteria/evaluate", json.dumps(body), content_type="application/json"
    )


def test_the_evaluate_endpoint_answers_like_the_command_line(client, personas, tmp_path) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    overlay = Path(demo.OVERLAY_FILE)
    body = {"set": demo.SET_CODE, "year": 2026, "rows": ROWS}
    csv = tmp_path / "values.csv"
    lines = ["commune_code,commune_name,group,region,flags,indicator,value"]
    for row in ROWS:
        value = row["value"]
        value = "Đạt" if value is True else value
        lines.append(f'{row["commune_code"]},,{row["group"]},,,{row["indicator"]},"{value}"')
    csv.write_text("\n".join(lines), encoding="utf-8")
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "nongthonmoi.cli",
            "evaluate",
            "--set",
            demo.SET_CODE,
            "--year",
            "2026",
            "--overlay",
            str(overlay),
            "--json",
            str(csv),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert cli.returncode == 0, cli.stderr
    demo.load()  # the province's overlay in the database = the illustrative file
    response = post(client, {**body, "province": "04"})
    assert response.status_code == 200
    assert response.json() == json.loads(cli.stdout)
    national = post(client, body).json()
    assert national["results"][0]["criteria_met"] == 0  # no thresholds nationally: nothing met


def test_the_evaluate_endpoint_lists_every_bad_row(client, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    rows = [
        {"commune_code": "X1", "group": "3", "indicator": "99.z", "value": "1"},
        {"commune_code": "X1", "group": "3", "indicator": "3.a", "value": "nhiều"},
        {"commune_code": "X2", "group": "7", "indicator": "1.x", "value": "Đạt"},
    ]
    response = post(client, {"set": demo.SET_CODE, "year": 2026, "rows": rows})
    assert response.status_code == 400
    problems = response.json()["problems"]
    assert len(problems) == 3
    assert problems[0].startswith("dòng 2, cột F (indicator)")
    assert problems[1].startswith("dòng 3, cột G (value)")
    assert "dòng 4" in problems[2]


def test_the_evaluate_endpoint_refuses_unknown_sets_and_years(client, personas) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    assert post(client, {"set": "khong-co", "year": 2026, "rows": []}).status_code == 400
    assert post(client, {"set": demo.SET_CODE, "year": 2020, "rows": []}).status_code == 400


def test_the_evaluate_endpoint_needs_a_login(client) -> None:  # type: ignore[no-untyped-def]
    assert post(client, {"set": demo.SET_CODE, "year": 2026, "rows": []}).status_code == 401


def test_sets_are_listed_and_shown_like_the_command_line(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    codes = [s["code"] for s in client.get("/api/v1/criteria/sets").json()]
    assert "xa-ntm-2026-2030" in codes and "xa-ntm-2021-2025" in codes
    shown = client.get("/api/v1/criteria/set", {"code": "xa-ntm-2021-2025"}).json()
    assert len(shown["criteria"]) == 19
    demo.load()
    overlaid = client.get("/api/v1/criteria/set", {"code": demo.SET_CODE, "province": "04"})
    assert overlaid.json()["version_label"].endswith("+cao-bang-2026-minh-hoa@v1")
    other = client.get("/api/v1/criteria/set", {"code": demo.SET_CODE, "province": "20"})
    assert other.status_code == 404  # officer A sees nothing in Lạng Sơn


def test_evaluations_are_scoped_to_the_caller(client, personas, units) -> None:  # type: ignore[no-untyped-def]
    demo.load()
    client.force_login(personas.officer_a)
    rows = client.get("/api/v1/criteria/evaluations", {"set": demo.SET_CODE}).json()
    assert {r["unit_code"] for r in rows} == {units.commune_a.code}
    assert {r["basis"] for r in rows} == {"all", "approved"}
    own = client.get(f"/api/v1/criteria/evaluations/2025/{units.commune_a.code}").json()
    assert own[0]["explanation"]["criteria"]
    assert own[0]["illustrative_label"] == "Ngưỡng minh hoạ — không phải số liệu chính thức"
    other = client.get(f"/api/v1/criteria/evaluations/2025/{units.commune_b.code}")
    assert other.status_code == 404
    client.force_login(personas.approver)
    rows = client.get(
        "/api/v1/criteria/evaluations", {"set": demo.SET_CODE, "basis": "all", "limit": 1000}
    ).json()
    assert len(rows) == 56


def test_summaries_show_provinces_in_scope_and_the_nation_to_national_users(
    client, personas, units
) -> None:  # type: ignore[no-untyped-def]
    demo.load()
    client.force_login(personas.approver)
    scopes = {s["scope"] for s in client.get("/api/v1/criteria/summaries").json()}
    assert scopes == {"2025:04"}
    client.force_login(personas.central)
    scopes = {s["scope"] for s in client.get("/api/v1/criteria/summaries").json()}
    assert scopes == {"2025:04", "nation"}
    client.force_login(personas.officer_a)
    assert client.get("/api/v1/criteria/summaries").json() == []
