"""Overlays (edit, versions, workbook import, audit) and stored results (recompute)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from nongthonmoi.core.exceptions import PermissionDeniedError
from nongthonmoi.core.models import AuditEntry
from nongthonmoi.criteria import demo, services
from nongthonmoi.criteria.models import Evaluation, IndicatorValue, ProvinceOverlay
from nongthonmoi.criteria.queries import resolved_set_for

pytestmark = pytest.mark.django_db
QUERY = f"?set={demo.SET_CODE}&year={demo.YEAR}"


@pytest.fixture
def world(units):  # type: ignore[no-untyped-def]
    demo.load()
    return units


def edit_url(unit) -> str:  # type: ignore[no-untyped-def]
    return reverse("criteria:overlay_edit", args=["2025", unit.code]) + QUERY


def current_cells(client, unit) -> dict[str, str]:  # type: ignore[no-untyped-def]
    response = client.get(edit_url(unit))
    assert response.status_code == 200
    data = {"set": demo.SET_CODE, "illustrative": "on", "decision_number": ""}
    for row in response.context["rows"]:
        for cell in row["cells"]:
            data[cell["name"]] = cell["value"]
        if row["comparator_editable"]:
            data[f"cmp-{row['spec'].code}"] = row["comparator"]
    return data


def evaluation(unit, basis: str = "all") -> Evaluation:  # type: ignore[no-untyped-def]
    return Evaluation.objects.get(unit=unit, set_code=demo.SET_CODE, year=demo.YEAR, basis=basis)


def test_an_approver_saves_a_new_overlay_version_and_results_follow(
    client, personas, world
) -> None:  # type: ignore[no-untyped-def]
    commune = world.commune_a
    group = str(commune.commune_group)
    IndicatorValue.objects.update_or_create(
        unit=commune,
        set_code=demo.SET_CODE,
        year=demo.YEAR,
        indicator_code="8.a",
        defaults={"value": "70", "number": Decimal(70), "status": "approved"},
    )
    services.recompute_units([commune.pk], demo.SET_CODE, demo.YEAR)
    assert "8.a" not in evaluation(commune).missing_indicators  # 70 ≥ 60 (group 3) or lower
    client.force_login(personas.approver)
    data = current_cells(client, world.province)
    data[f"t-8.a-{group}"] = "75"
    response = client.post(edit_url(world.province), data)
    assert response.status_code == 302
    versions = ProvinceOverlay.objects.filter(province=world.province, set_code=demo.SET_CODE)
    assert sorted(versions.values_list("version", flat=True)) == [1, 2]
    latest = versions.get(version=2)
    assert latest.created_by == personas.approver
    assert latest.data["indicators"]["8.a"]["thresholds"][group] == "75"
    assert versions.get(version=1).data["indicators"]["8.a"]["thresholds"][group] != "75"
    after = evaluation(commune)
    assert "8.a" in after.missing_indicators
    assert after.version_label.endswith("@v2")
    assert AuditEntry.objects.filter(
        action="criteria.save_overlay", object_id=str(latest.pk)
    ).exists()


def test_a_bad_threshold_cell_is_named_and_nothing_is_saved(client, personas, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    data = current_cells(client, world.province)
    data["t-3.a-2"] = "nhiều"
    data["illustrative"] = ""
    response = client.post(edit_url(world.province), data)
    assert response.status_code == 400
    problems = response.context["problems"]
    assert any(p.startswith("Chỉ tiêu 3.a, nhóm 2:") for p in problems)
    assert any("số quyết định" in p for p in problems)
    assert ProvinceOverlay.objects.count() == 1


def test_commune_officers_and_other_provinces_cannot_edit_overlays(client, personas, world) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.officer_a)
    assert client.get(edit_url(world.province)).status_code == 404
    client.force_login(personas.other_approver)
    assert client.get(edit_url(world.province)).status_code == 404
    assert (
        client.post(reverse("criteria:recompute", args=["2025", world.province.code])).status_code
        == 404
    )
    with pytest.raises(PermissionDeniedError):
        services.do_save_overlay(personas.officer_a, world.province, demo.SET_CODE, {})


def download_overlay(client, unit, tmp_path, version: str = ""):  # type: ignore[no-untyped-def]
    url = reverse("criteria:thresholds_workbook", args=["2025", unit.code]) + QUERY
    response = client.get(url + (f"&version={version}" if version else ""))
    assert response.status_code == 200
    path = tmp_path / f"overlay{version}.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    return path


def set_cell(path, code: str, header: str, value: object) -> None:  # type: ignore[no-untyped-def]
    book = load_workbook(path)
    sheet = book["Chỉ tiêu"]
    columns = {cell.value: cell.column for cell in sheet[1]}
    for row in sheet.iter_rows(min_row=2):
        if row[0].value == code:
            sheet.cell(row=row[0].row, column=columns[header], value=value)
    book.save(path)


def upload(client, unit, path):  # type: ignore[no-untyped-def]
    url = reverse("criteria:overlay_import", args=["2025", unit.code]) + QUERY
    with path.open("rb") as handle:
        return client.post(url, {"set": demo.SET_CODE, "workbook": handle})


def test_a_workbook_import_creates_a_version_and_old_results_stay_explainable(
    client, personas, world, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    before = evaluation(world.commune_a)
    path = download_overlay(client, world.province, tmp_path)
    set_cell(path, "6.a", "Ngưỡng: nhóm 3", 5)
    response = upload(client, world.province, path)
    assert response.status_code == 302, response.content.decode()[:2000]
    resolved = resolved_set_for(world.province, demo.SET_CODE)
    assert resolved.definition.find_indicator("6.a").thresholds["3"] == Decimal(5)
    assert resolved.overlay.version == 2
    assert before.version_label.endswith("@v1")
    old = download_overlay(client, world.province, tmp_path, version="1")
    assert load_workbook(old)["Chỉ tiêu"].max_row > 1  # v1 can still be read to explain
    assert evaluation(world.commune_a).version_label.endswith("@v2")


def test_a_workbook_with_a_bad_cell_is_refused_with_the_cell_named(
    client, personas, world, tmp_path
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.approver)
    path = download_overlay(client, world.province, tmp_path)
    set_cell(path, "6.a", "Ngưỡng: nhóm 3", "mười")
    response = upload(client, world.province, path)
    assert response.status_code == 400
    problems = response.context["problems"]
    assert len(problems) == 1 and problems[0].startswith("Chỉ tiêu!")
    assert ProvinceOverlay.objects.count() == 1


def test_recompute_units_follows_a_changed_value(world) -> None:  # type: ignore[no-untyped-def]
    commune = world.commune_b
    IndicatorValue.objects.update_or_create(
        unit=commune,
        set_code=demo.SET_CODE,
        year=demo.YEAR,
        indicator_code="1.x",
        defaults={"value": "false", "number": 0, "status": "approved"},
    )
    report = services.recompute_units([commune.pk], demo.SET_CODE, demo.YEAR)
    assert report.evaluated == 1 and not report.queued
    assert evaluation(commune).criteria_status["1"] == "not_met"
    IndicatorValue.objects.filter(
        unit=commune, set_code=demo.SET_CODE, indicator_code="1.x"
    ).update(value="true", number=1)
    services.recompute_units([commune.pk], demo.SET_CODE, demo.YEAR)
    assert evaluation(commune).criteria_status["1"] == "met"


def test_values_not_approved_count_only_in_the_working_basis(world) -> None:  # type: ignore[no-untyped-def]
    commune = world.commune_b
    IndicatorValue.objects.update_or_create(
        unit=commune,
        set_code=demo.SET_CODE,
        year=demo.YEAR,
        indicator_code="4.x",
        defaults={"value": "true", "number": 1, "status": "submitted"},
    )
    services.recompute_units([commune.pk], demo.SET_CODE, demo.YEAR)
    assert evaluation(commune, "all").criteria_status["4"] == "met"
    assert evaluation(commune, "approved").criteria_status["4"] == "no_data"


def test_large_batches_go_to_the_task_queue(
    world, settings, monkeypatch, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    monkeypatch.setattr(services, "LARGE_BATCH", 1)
    Evaluation.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):  # tasks are enqueued on commit
        report = services.recompute_units(
            [world.commune_a.pk, world.commune_b.pk], demo.SET_CODE, demo.YEAR
        )
    assert report.queued
    assert Evaluation.objects.filter(unit__in=[world.commune_a, world.commune_b]).count() == 4


def test_units_without_a_commune_group_are_skipped_not_guessed(world) -> None:  # type: ignore[no-untyped-def]
    commune = world.commune_b
    commune.commune_group = None
    commune.save()
    report = services.recompute_units([commune.pk], demo.SET_CODE, demo.YEAR)
    assert report.evaluated == 0 and "nhóm xã" in report.skipped[0]
    assert not Evaluation.objects.filter(unit=commune, set_code=demo.SET_CODE).exists()


def test_summaries_add_up_bottom_up(world) -> None:  # type: ignore[no-untyped-def]
    from nongthonmoi.criteria.models import EvaluationSummary

    province = EvaluationSummary.objects.get(
        scope_key="2025:04", set_code=demo.SET_CODE, year=demo.YEAR, basis="all"
    )
    nation = EvaluationSummary.objects.get(
        scope_key="nation", set_code=demo.SET_CODE, year=demo.YEAR, basis="all"
    )
    rows = Evaluation.objects.filter(
        province=world.province, set_code=demo.SET_CODE, year=demo.YEAR, basis="all"
    )
    assert province.units_evaluated == rows.count() == 56
    assert province.meets_standard == rows.filter(meets_standard=True).count()
    assert sum(province.by_criteria_met.values()) == 56
    for code in ("1", "6", "10"):
        assert province.by_criterion[code].get("not_met", 0) == sum(
            1 for r in rows if r.criteria_status[code] == "not_met"
        )
    assert nation.meets_standard == province.meets_standard
    assert nation.units_total > province.units_total  # Lạng Sơn's communes count, unevaluated


def test_a_province_without_an_overlay_gets_its_first_version_with_a_decision(
    client, personas, units
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(personas.other_approver)
    url = reverse("criteria:overlay_edit", args=["2025", units.other_province.code]) + QUERY
    response = client.post(
        url,
        {
            "set": demo.SET_CODE,
            "decision_number": "15/2026/QĐ-UBND",
            "decision_date": "2026-03-01",
            "t-6.a-1": "3,5",
            "t-6.a-3": "12",
            "t-1.x-2": "Đạt",
        },
    )
    assert response.status_code == 302
    row = ProvinceOverlay.objects.get(province=units.other_province, set_code=demo.SET_CODE)
    assert (row.version, row.decision_number, row.illustrative) == (1, "15/2026/QĐ-UBND", False)
    resolved = resolved_set_for(units.other_province, demo.SET_CODE)
    assert resolved.definition.find_indicator("6.a").thresholds["1"] == Decimal("3.5")
    assert resolved.definition.find_indicator("1.x").comparator == "=="
    assert resolved.overlay.decision.number == "15/2026/QĐ-UBND"
    assert not resolved.definition.find_indicator("6.a").illustrative


def test_the_province_completion_conditions_count_every_commune(world, client, personas) -> None:  # type: ignore[no-untyped-def]
    result = Evaluation.objects.get(
        unit=world.province, set_code="tinh-hoan-thanh-2026-2030", year=demo.YEAR, basis="all"
    )
    meeting = Evaluation.objects.filter(
        province=world.province,
        set_code=demo.SET_CODE,
        year=demo.YEAR,
        basis="all",
        meets_standard=True,
    ).count()
    share = next(
        i for c in result.explanation["criteria"] for i in c["indicators"] if i["code"] == "1.1"
    )
    assert share["status"] == "not_met"
    assert f"(hiện {meeting}/56 = " in share["shortfall"]
    assert share["shortfall"].startswith(f"cần thêm {56 - meeting} ")
    modern = next(
        i for c in result.explanation["criteria"] for i in c["indicators"] if i["code"] == "2.1"
    )
    assert modern["status"] == "no_data"  # no commune judged against the modern set yet
    client.force_login(personas.approver)
    page = client.get(reverse("criteria:unit", args=["2025", world.province.code]) + QUERY)
    assert "cần thêm" in page.content.decode()
