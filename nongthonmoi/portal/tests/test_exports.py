"""Open-data exports: written once per data change into a file, served streamed, never partial."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import json
import os

import pytest
from django.db import connection
from django.http import FileResponse
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook
from openpyxl.worksheet._writer import ALL_TEMP_FILES

from nongthonmoi.criteria.models import Evaluation, EvaluationSummary, ValuesBasis
from nongthonmoi.portal import datasets

from .factories import streamed

pytestmark = pytest.mark.django_db

SLUG = "ket-qua-tieu-chi-theo-xa"
URL = f"/portal/du-lieu-mo/{SLUG}"
COMPUTED = dt.datetime(2026, 11, 20, 8, 30, tzinfo=dt.UTC)


def evaluation(unit, basis=ValuesBasis.APPROVED, **fields):  # type: ignore[no-untyped-def]
    values = {
        "province": unit.province,
        "set_code": "xa-ntm-2026-2030",
        "year": 2026,
        "criteria_met": 9,
        "criteria_total": 10,
        "meets_standard": False,
        "illustrative": True,
        "explanation": {"secret": "giải thích chi tiết"},
        "version_label": "test",
        "fingerprint": "t",
        "computed_at": COMPUTED,
    }
    return Evaluation.objects.create(unit=unit, basis=basis, **(values | fields))


def summarised(units, at, basis=ValuesBasis.APPROVED):  # type: ignore[no-untyped-def]
    """What every recompute ends with (criteria.services.refresh_summaries): fresh summaries."""
    EvaluationSummary.objects.update_or_create(
        scope_key="2025:04",
        set_code="xa-ntm-2026-2030",
        year=2026,
        basis=basis,
        defaults={"scope_unit": units.province, "computed_at": at},
    )


@pytest.fixture
def results(units):  # type: ignore[no-untyped-def]
    """Approved results of two communes, plus rows the public file must not show."""
    evaluation(units.commune_a, criteria_met=10, meets_standard=True)
    evaluation(units.commune_b)
    evaluation(units.commune_b, year=2027, criteria_met=10, meets_standard=True)
    # working values only (not approved), and a province-level result: not in the commune file
    evaluation(units.commune_a, basis=ValuesBasis.ALL, criteria_met=3, year=2028)
    evaluation(units.province, year=2029, set_code="tinh-hoan-thanh-2026-2030")
    summarised(units, COMPUTED)
    return units


def csv_rows(client) -> list[list[str]]:  # type: ignore[no-untyped-def]
    return list(csv.reader(io.StringIO(streamed(client.get(URL + ".csv")).decode("utf-8-sig"))))


def exported_files() -> list[str]:
    folder = datasets.export_dir()
    return sorted(p.name for p in folder.iterdir() if not p.name.endswith(".lock"))


def test_the_commune_results_are_streamed_from_a_file_in_three_formats(client, results) -> None:  # type: ignore[no-untyped-def]
    units = results
    response = client.get(URL + ".csv")
    assert isinstance(response, FileResponse) and response.streaming
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"] == f'attachment; filename="{SLUG}.csv"'
    assert response["Cache-Control"] == "public, max-age=300"
    assert response["Access-Control-Allow-Origin"] == "*"
    rows = list(csv.reader(io.StringIO(streamed(response).decode("utf-8-sig"))))
    assert rows[0] == [c.name for c in datasets.get(SLUG).columns]  # type: ignore[union-attr]
    province = [units.province.structure, units.province.code, units.province.name]
    assert rows[1:] == [
        # set, newest year first, then province and commune codes
        [*province, units.commune_b.code, units.commune_b.name, "xa-ntm-2026-2030", "2027"]
        + ["10", "10", "True", "True", "2026-11-20T08:30:00+00:00"],
        [*province, units.commune_a.code, units.commune_a.name, "xa-ntm-2026-2030", "2026"]
        + ["10", "10", "True", "True", "2026-11-20T08:30:00+00:00"],
        [*province, units.commune_b.code, units.commune_b.name, "xa-ntm-2026-2030", "2026"]
        + ["9", "10", "False", "True", "2026-11-20T08:30:00+00:00"],
    ]

    response = client.get(URL + ".xlsx")
    assert isinstance(response, FileResponse)
    assert response["Content-Disposition"] == f'attachment; filename="{SLUG}.xlsx"'
    book = load_workbook(io.BytesIO(streamed(response)))
    sheet = book["du-lieu"]
    cells = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert cells[0][:5] == ["Bản đồ", "Mã tỉnh", "Tỉnh", "Mã xã", "Xã"]
    assert len(cells) == 4
    assert cells[2][3:10] == [
        units.commune_a.code,
        units.commune_a.name,
        "xa-ntm-2026-2030",
        2026,
        10,
        10,
        True,
    ]
    # Excel has no time zones: the time is written in the site's local time (UTC+7)
    assert cells[2][11] == dt.datetime(2026, 11, 20, 15, 30)
    assert book["gioi-thieu"].cell(1, 2).value == datasets.get(SLUG).title  # type: ignore[union-attr]

    data = json.loads(streamed(client.get(URL + ".json")))
    assert data["dataset"] == SLUG and data["license"] == "CC-BY-4.0"
    assert [(r["commune_code"], r["year"], r["criteria_met"]) for r in data["rows"]] == [
        (units.commune_b.code, 2027, 10),
        (units.commune_a.code, 2026, 10),
        (units.commune_b.code, 2026, 9),
    ]
    assert data["rows"][0]["meets_standard"] is True
    assert data["rows"][0]["computed_at"] == "2026-11-20T08:30:00+00:00"


def test_only_approved_commune_results_are_published(client, results) -> None:  # type: ignore[no-untyped-def]
    rows = csv_rows(client)[1:]
    assert {r[7] for r in rows} == {"10", "9"}  # the working-values result (3 met) is not there
    assert {r[6] for r in rows} == {"2026", "2027"}  # neither is the province's 2029 result
    listed = {d["identifier"] for d in client.get("/api/v1/portal/datasets").json()}
    assert SLUG in listed


def test_the_export_never_reads_the_explanation(client, results) -> None:  # type: ignore[no-untyped-def]
    with CaptureQueriesContext(connection) as queries:
        body = streamed(client.get(URL + ".json"))
    assert "giải thích" not in body.decode()
    assert not any("explanation" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_a_failed_export_leaves_no_file_and_the_next_request_writes_it(
    client, results, monkeypatch, fmt
) -> None:  # type: ignore[no-untyped-def]
    dataset = datasets.get(SLUG)
    assert dataset is not None

    def broken_rows():  # type: ignore[no-untyped-def]
        rows = iter(dataset.rows())
        try:
            yield next(rows)
            raise RuntimeError("database went away")
        finally:
            rows.close()  # type: ignore[attr-defined]

    monkeypatch.setitem(datasets._REGISTRY, SLUG, dataclasses.replace(dataset, rows=broken_rows))
    spooled = list(ALL_TEMP_FILES)  # openpyxl's own temporary sheet files
    with pytest.raises(RuntimeError, match="database went away"):
        client.get(f"{URL}.{fmt}")
    assert exported_files() == []  # neither the export nor its temporary file
    assert ALL_TEMP_FILES == spooled

    monkeypatch.setitem(datasets._REGISTRY, SLUG, dataset)
    response = client.get(f"{URL}.{fmt}")
    assert response.status_code == 200 and len(exported_files()) == 1
    body = streamed(response)
    if fmt == "xlsx":
        assert load_workbook(io.BytesIO(body))["du-lieu"].max_row == 4
    elif fmt == "json":
        assert len(json.loads(body)["rows"]) == 3
    else:
        assert len(body.decode("utf-8-sig").splitlines()) == 4


def test_a_temporary_file_left_by_a_killed_export_is_never_served_and_is_cleared(
    client, results
) -> None:  # type: ignore[no-untyped-def]
    folder = datasets.export_dir()
    folder.mkdir(parents=True)
    (folder / f".{SLUG}.csv.abc123.tmp").write_bytes(b"code,na")  # a writer killed midway
    assert len(csv_rows(client)) == 4
    assert [n for n in exported_files() if n.endswith(".tmp")] == []


def test_the_export_is_written_once_and_again_when_the_data_change(
    client, results, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    calls: list[str] = []
    write_csv = datasets.WRITERS["csv"]

    def counting(dataset, out):  # type: ignore[no-untyped-def]
        calls.append(dataset.slug)
        write_csv(dataset, out)

    monkeypatch.setitem(datasets.WRITERS, "csv", counting)
    first = csv_rows(client)
    assert csv_rows(client) == first and calls == [SLUG]  # the second request reads the file
    [name] = exported_files()

    # a recompute approves a new result: a new stamp, a new file, the old one removed
    later = COMPUTED + dt.timedelta(hours=1)
    evaluation(results.commune_a, year=2027, criteria_met=8, computed_at=later)
    summarised(results, later)
    rows = csv_rows(client)
    assert len(rows) == len(first) + 1 and calls == [SLUG, SLUG]
    [newer] = exported_files()
    assert newer != name and newer.startswith(f"{SLUG}--")

    # results recomputed for the working values only do not change the public file
    evaluation(results.commune_b, basis=ValuesBasis.ALL, year=2030, computed_at=timezone.now())
    summarised(results, timezone.now(), basis=ValuesBasis.ALL)
    assert csv_rows(client) == rows and calls == [SLUG, SLUG]

    # a recompute that removes a result (a commune the set can no longer judge) is seen too
    Evaluation.objects.filter(unit=results.commune_a, year=2027).delete()
    summarised(results, timezone.now())
    assert csv_rows(client) == first and calls == [SLUG, SLUG, SLUG]


def test_an_export_older_than_the_maximum_age_is_rewritten(client, results, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    csv_rows(client)
    [name] = exported_files()
    path = datasets.export_dir() / name
    old = path.stat().st_mtime - datasets.MAX_AGE - 1
    os.utime(path, (old, old))
    csv_rows(client)
    assert path.stat().st_mtime > old
