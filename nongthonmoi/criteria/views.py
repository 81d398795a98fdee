"""Pages: commune scorecard, province dashboard, national view, thresholds and overlays."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import can, filter_for, get_unit_or_404, is_national, units_for
from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.places.models import AdminUnit, Level, Structure

from . import queries, services
from .engine import UnitInput, UnitProfileError, evaluate_batch
from .forms import OverlayImportForm, OverlayMetaForm
from .loader import ResolvedSet, list_sets, load_set
from .models import Evaluation, EvaluationSummary, ProvinceOverlay, ValuesBasis
from .schema import ILLUSTRATIVE_LABEL, TIER_LABELS_VI, dimension_keys
from .stored_values import values_for
from .values import format_value, json_value
from .workbook import export_overlay, export_set

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
STATUS_LABELS = {
    "met": "Đạt",
    "not_met": "Chưa đạt",
    "no_data": "Thiếu số liệu",
    "no_threshold": "Chưa có ngưỡng",
}


SIGNS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "="}


@dataclass(frozen=True)
class Choice:
    set_code: str
    year: int
    basis: str
    resolved_national: ResolvedSet

    @property
    def definition(self) -> Any:
        return self.resolved_national.definition

    def query(self, **changes: Any) -> str:
        params = {"set": self.set_code, "year": self.year, "basis": self.basis, **changes}
        return "?" + "&".join(f"{k}={v}" for k, v in params.items())


def _choice(request: HttpRequest, unit: AdminUnit | None, structure: str) -> Choice:
    """Set, year and values basis from the query string, with safe defaults."""
    level = Level.COMMUNE
    codes = queries.set_codes(structure, level)
    set_code = request.GET.get("set", "")
    if set_code not in codes:
        set_code = queries.default_set_code(structure)
    national = load_set(set_code)
    definition = national.definition
    province = queries.province_of(unit) if unit is not None else None
    years = queries.evaluated_years(set_code, province)
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        year = years[0] if years else definition.valid_from
    if not definition.valid_from <= year <= definition.valid_to:
        year = years[0] if years else definition.valid_from
    basis = request.GET.get("basis", ValuesBasis.ALL)
    if basis not in ValuesBasis.values:
        basis = ValuesBasis.ALL
    return Choice(set_code, year, basis, national)


def _common(choice: Choice, structure: str) -> dict[str, Any]:
    definition = choice.definition
    return {
        "choice": choice,
        "definition": definition,
        "set_options": [s for s in list_sets() if s.map == structure and s.level == "commune"],
        "years": list(range(definition.valid_from, definition.valid_to + 1)),
        "bases": ValuesBasis.choices,
        "illustrative_label": ILLUSTRATIVE_LABEL,
        "status_labels": STATUS_LABELS,
    }


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Send each user to the widest criteria page of their scope."""
    if is_national(request.user):
        return redirect("criteria:national")
    for structure in (Structure.NEW, Structure.OLD):
        scoped = units_for(request.user).filter(structure=structure)
        for level in (Level.PROVINCE, Level.COMMUNE):
            unit = scoped.filter(level=level).order_by("code").first()
            if unit is not None:
                return redirect("criteria:unit", structure=unit.structure, code=unit.code)
    return render(request, "criteria/empty.html")


@login_required
def unit_page(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    unit = get_unit_or_404(request.user, structure, code)
    if unit.level == Level.PROVINCE:
        return _province_dashboard(request, unit)
    if unit.level == Level.COMMUNE:
        return _scorecard(request, unit)
    raise Http404("no criteria page for this level")


# --- commune scorecard ------------------------------------------------------------------------


def _result_for(unit: AdminUnit, choice: Choice) -> tuple[dict[str, Any] | None, Any, str]:
    """(engine explanation, stored Evaluation or None, problem). Computed live when not stored."""
    stored = queries.evaluation_for(unit, choice.set_code, choice.year, choice.basis)
    if stored is not None:
        return stored.explanation, stored, ""
    resolved = queries.resolved_set_for(unit.province, choice.set_code)
    statuses = ["approved"] if choice.basis == ValuesBasis.APPROVED else None
    values = values_for([unit.pk], resolved, choice.year, statuses=statuses).get(unit.pk, {})
    try:
        result = evaluate_batch(
            resolved, [UnitInput(queries.profile_for(unit), values)], choice.year
        )[0]
    except (UnitProfileError, ValueError) as exc:
        return None, None, str(exc)
    return result.to_dict(), None, ""


def _scorecard(request: HttpRequest, unit: AdminUnit) -> HttpResponse:
    choice = _choice(request, unit, unit.structure)
    explanation, stored, problem = _result_for(unit, choice)
    overlay = queries.active_overlay(unit.province, choice.set_code)
    context = {
        **_common(choice, unit.structure),
        "unit": unit,
        "result": explanation,
        "stored": stored,
        "problem": problem,
        "overlay": overlay,
        "tier_label": TIER_LABELS_VI.get(choice.definition.tier, ""),
    }
    return render(request, "criteria/scorecard.html", context)


@login_required
def indicator_detail(
    request: HttpRequest, structure: str, code: str, indicator: str
) -> HttpResponse:
    """One indicator of one commune: value, threshold and why, source, shortfall (htmx fragment)."""
    unit = get_unit_or_404(request.user, structure, code)
    if unit.level != Level.COMMUNE:
        raise Http404("indicators are shown for communes")
    choice = _choice(request, unit, structure)
    explanation, stored, problem = _result_for(unit, choice)
    found = None
    for criterion in (explanation or {}).get("criteria", []):
        for item in criterion["indicators"]:
            if item["code"] == indicator:
                found = {**item, "criterion_name": criterion["name"]}
    definition_indicator = queries.resolved_set_for(unit.province, choice.set_code).definition
    spec = definition_indicator.find_indicator(indicator)
    if spec is None:
        raise Http404("unknown indicator")
    row = queries.value_rows(unit, choice.set_code, choice.year).get(indicator)
    national_spec = choice.definition.find_indicator(indicator)
    keys = sorted(dimension_keys(choice.definition.dimension) - {"all"}) or ["all"]
    thresholds = [
        {
            "key": key,
            "national": _shown(national_spec.thresholds.get(key) if national_spec else None),
            "applied": _shown(spec.thresholds.get(key, spec.thresholds.get("all"))),
        }
        for key in keys
    ]
    source = spec.source or (
        f"QĐ {choice.definition.source.decision}"
        + (f", {choice.definition.source.appendix}" if choice.definition.source.appendix else "")
    )
    context = {
        **_common(choice, structure),
        "unit": unit,
        "item": found,
        "spec": spec,
        "row": row,
        "stored": stored,
        "problem": problem,
        "thresholds": thresholds,
        "legal_source": source,
        "value_shown": format_value(_parsed(found["value"])) if found else "—",
        "status_label": STATUS_LABELS.get(found["status"], "") if found else "",
        "comparator_sign": SIGNS.get(found["comparator"] or "", "") if found else "",
        "threshold_shown": _shown(found["threshold"]["value"])
        if found and found["threshold"]
        else "",
    }
    template = "criteria/_indicator.html"
    if not request.headers.get("HX-Request"):
        template = "criteria/indicator_page.html"
    return render(request, template, context)


def _parsed(raw: Any) -> Any:
    from decimal import Decimal

    if isinstance(raw, bool) or raw is None or isinstance(raw, str):
        return raw
    return Decimal(str(raw))


def _input_text(value: Any) -> str:
    """A threshold as typed in the edit table (no thousands separators, so it parses back)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Đạt" if value else "Không đạt"
    return str(value)


def _shown(value: Any) -> str:
    if value is None:
        return "—"
    return format_value(_parsed(json_value(value)))


# --- province dashboard -----------------------------------------------------------------------


def _province_dashboard(request: HttpRequest, province: AdminUnit) -> HttpResponse:
    choice = _choice(request, province, province.structure)
    sort = request.GET.get("sort", "closest")
    summary = queries.summary_for(
        queries.scope_key(province), choice.set_code, choice.year, choice.basis
    )
    evaluations = queries.province_evaluations(
        province, choice.set_code, choice.year, choice.basis, sort
    )
    page = Paginator(evaluations, 200).get_page(request.GET.get("page"))
    names = {c.code: c.name for c in choice.definition.criteria}
    overlay = queries.active_overlay(province, choice.set_code)
    context = {
        **_common(choice, province.structure),
        "unit": province,
        "summary": summary,
        "page": page,
        "sort": sort,
        "sorts": [
            ("closest", _("Gần đạt chuẩn nhất")),
            ("met", _("Số tiêu chí đạt")),
            ("name", _("Tên xã")),
        ],
        "charts": queries.chart_data(summary, names),
        "criteria_names": names,
        "overlay": overlay,
        "can_manage": can(request.user, Capability.MANAGE, province),
        "average": _average(summary),
        # only read on a cache miss of the results fragment
        "conditions": SimpleLazyObject(lambda: _province_conditions(province, choice)),
    }
    return render(request, "criteria/province.html", context)


def _province_conditions(province: AdminUnit, choice: Choice) -> list[dict[str, Any]]:
    """Stored results of province-level sets built on this commune set (e.g. completion)."""
    codes = [
        s.code
        for s in list_sets()
        if s.level == Level.PROVINCE and any(i.of_set == choice.set_code for _, i in s.indicators())
    ]
    rows = Evaluation.objects.filter(
        unit=province, set_code__in=codes, year=choice.year, basis=choice.basis
    )
    names = {s.code: s.name for s in list_sets()}
    return [{"name": names.get(e.set_code, e.set_code), "result": e.explanation} for e in rows]


def _average(summary: EvaluationSummary | None) -> float | None:
    if summary is None or not summary.units_evaluated:
        return None
    total = sum(int(k) * v for k, v in summary.by_criteria_met.items())
    return total / summary.units_evaluated


@login_required
@require_POST
def recompute(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    province = get_unit_or_404(request.user, structure, code, Capability.MANAGE)
    choice = _choice(request, province, structure)
    set_code = request.POST.get("set", choice.set_code)
    try:
        year = int(request.POST.get("year", choice.year))
        report = services.do_recompute_province(request.user, province, set_code, year)
    except (ValueError, KeyError, ValidationFailed) as exc:
        messages.error(request, str(exc))
        return redirect("criteria:unit", structure=structure, code=code)
    except PermissionDeniedError as exc:
        raise PermissionDenied(str(exc)) from exc
    if report.queued:
        messages.success(request, _("Đã đưa việc tính lại vào hàng đợi."))
    else:
        messages.success(request, _("Đã tính lại %(n)d xã.") % {"n": report.evaluated})
    return redirect(
        reverse("criteria:unit", args=[structure, code]) + f"?set={set_code}&year={year}"
    )


# --- national view ----------------------------------------------------------------------------


@login_required
def national(request: HttpRequest) -> HttpResponse:
    choice = _choice(request, None, Structure.NEW)
    nation = queries.summary_for(
        EvaluationSummary.NATION, choice.set_code, choice.year, choice.basis
    )
    national_user = is_national(request.user)
    context = {
        **_common(choice, Structure.NEW),
        "nation": nation if national_user else None,
        # Every recompute refreshes the national summary, so its time versions the cached
        # results; only national users share them (others see their own provinces only).
        "cache_stamp": nation.computed_at.isoformat() if nation and national_user else None,
        "results": SimpleLazyObject(lambda: _national_results(request, choice)),
    }
    return render(request, "criteria/national.html", context)


def _national_results(request: HttpRequest, choice: Choice) -> dict[str, Any]:
    """Tiles, ranking and chart of the provinces in the user's scope (computed on a cache miss)."""
    summaries = filter_for(
        request.user,
        EvaluationSummary.objects.filter(
            set_code=choice.set_code,
            year=choice.year,
            basis=choice.basis,
            scope_key__startswith=f"{choice.definition.map}:",
        ).select_related("scope_unit"),
        unit_field="scope_unit",
    )
    by_code = {s.scope_unit.code: s for s in summaries if s.scope_unit}
    tiles, columns, rows = queries.province_tiles(by_code)
    ranked = sorted(by_code.values(), key=lambda s: (-s.share_meeting, s.scope_unit.name))
    return {
        "tiles": [(t, queries.share_colour(t.share)) for t in tiles],
        "columns": columns,
        "rows": rows,
        "ranked": ranked,
        "chart": {
            "labels": [s.scope_unit.name for s in ranked],
            "values": [round(s.share_meeting, 1) for s in ranked],
        },
        "map": [_map_area(tile, choice) for tile in tiles],
    }


def _map_area(tile: queries.Tile, choice: Choice) -> dict[str, Any]:
    """One province of the geographic map (matched to provinces-2025.geojson by `code`)."""
    summary = tile.summary
    return {
        "code": tile.code,
        "name": summary.scope_unit.name if summary else tile.label,
        "share": None if tile.share is None else round(tile.share, 1),
        "colour": queries.share_colour(tile.share),
        "url": (
            reverse("criteria:unit", args=[summary.scope_unit.structure, tile.code])
            + choice.query()
            if summary
            else None
        ),
    }


# --- criteria sets and thresholds -------------------------------------------------------------


@login_required
def sets(request: HttpRequest) -> HttpResponse:
    return render(request, "criteria/sets.html", {"sets": list_sets()})


@login_required
def set_workbook(request: HttpRequest, set_code: str) -> HttpResponse:
    try:
        resolved = load_set(set_code)
    except KeyError as exc:
        raise Http404("unknown set") from exc
    return _xlsx(lambda path: export_set(resolved, path), f"{set_code}.xlsx")


def _xlsx(write: Any, filename: str) -> FileResponse:
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx")  # noqa: SIM115 - closed by FileResponse
    write(Path(handle.name))
    handle.seek(0)
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=XLSX)


def _threshold_rows(
    national: ResolvedSet, applied: ResolvedSet, keys: list[str]
) -> list[dict[str, Any]]:
    rows = []
    for criterion in national.definition.criteria:
        for spec in criterion.indicators:
            merged = applied.definition.find_indicator(spec.code)
            rows.append(
                {
                    "criterion": criterion,
                    "spec": spec,
                    "comparator": (merged.comparator if merged else None) or spec.comparator,
                    "cells": [
                        {
                            "key": key,
                            "national": _shown(
                                spec.thresholds.get(key, spec.thresholds.get("all"))
                            ),
                            "applied": _shown(
                                merged.thresholds.get(key, merged.thresholds.get("all"))
                                if merged
                                else None
                            ),
                            "from_overlay": applied.is_from_overlay(spec.code, ("base", key)),
                        }
                        for key in keys
                    ],
                }
            )
    return rows


def _keys(definition: Any) -> list[str]:
    keys = dimension_keys(definition.dimension) - {"all"}
    from .schema import GROUP_CODES, REGION_CODES

    order = [*GROUP_CODES, *REGION_CODES]
    return [k for k in order if k in keys] or ["all"]


@login_required
def thresholds(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    """The thresholds in force for a unit's province: national value, province value, history."""
    unit = get_unit_or_404(request.user, structure, code)
    province = queries.province_of(unit)
    choice = _choice(request, unit, structure)
    applied = queries.resolved_set_for(province, choice.set_code)
    keys = _keys(choice.definition)
    history = ProvinceOverlay.objects.filter(
        province=province, set_code=choice.set_code
    ).select_related("created_by")
    context = {
        **_common(choice, structure),
        "unit": unit,
        "province": province,
        "keys": keys,
        "rows": _threshold_rows(choice.resolved_national, applied, keys),
        "applied": applied,
        "overlay": queries.active_overlay(province, choice.set_code),
        "history": history,
        "can_manage": province is not None and can(request.user, Capability.MANAGE, province),
    }
    return render(request, "criteria/thresholds.html", context)


@login_required
def thresholds_workbook(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    """The province's overlay (a given version, or the one in force) as a workbook.

    Without an overlay the national set is what applies, so that is what is exported.
    """
    unit = get_unit_or_404(request.user, structure, code)
    province = queries.province_of(unit)
    choice = _choice(request, unit, structure)
    rows = ProvinceOverlay.objects.filter(province=province, set_code=choice.set_code)
    version = request.GET.get("version", "")
    row = (
        rows.filter(version=int(version)).first()
        if version.isdigit()
        else queries.active_overlay(province, choice.set_code)
    )
    if row is None:
        if version:
            raise Http404("no such overlay version")
        # no provincial thresholds: the national set is what applies
        national = choice.resolved_national
        return _xlsx(lambda path: export_set(national, path), f"{choice.set_code}.xlsx")
    overlay = queries.overlay_of(row)
    filename = f"{row.code}-v{row.version}.xlsx"
    return _xlsx(lambda path: export_overlay(overlay, path, choice.resolved_national), filename)


def _province_for_manage(request: HttpRequest, structure: str, code: str) -> AdminUnit:
    province = get_unit_or_404(request.user, structure, code, Capability.MANAGE)
    if province.level != Level.PROVINCE:
        raise Http404("overlays are set by provinces")
    return province


@login_required
def overlay_edit(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    """A province approver edits thresholds per commune group / region; saving adds a version."""
    province = _province_for_manage(request, structure, code)
    choice = _choice(request, province, structure)
    set_code = (
        request.POST.get("set", choice.set_code) if request.method == "POST" else choice.set_code
    )
    if set_code not in queries.set_codes(structure):
        raise Http404("unknown set")
    national = load_set(set_code)
    current = queries.active_overlay(province, set_code)
    previous = queries.overlay_of(current) if current else None
    keys = _keys(national.definition)
    problems: list[str] = []
    initial = {
        "decision_number": current.decision_number if current else "",
        "decision_date": current.decision_date if current else None,
        "illustrative": current.illustrative if current else False,
    }
    form = OverlayMetaForm(request.POST or None, initial=initial)
    cells: dict[tuple[str, str], str] = {}
    comparators: dict[str, str] = {}
    if request.method == "POST":
        for _criterion, spec in national.definition.indicators():
            for key in keys:
                cells[(spec.code, key)] = request.POST.get(f"t-{spec.code}-{key}", "")
            comparators[spec.code] = request.POST.get(f"cmp-{spec.code}", "")
        if form.is_valid():
            try:
                data = services.overlay_from_edits(
                    national, previous, cells, comparators, form.cleaned_data
                )
                row = services.do_save_overlay(request.user, province, set_code, data)
            except ValidationFailed as exc:
                problems = exc.problems
            except PermissionDeniedError as exc:
                raise PermissionDenied(str(exc)) from exc
            else:
                messages.success(
                    request,
                    _(
                        "Đã lưu phiên bản %(v)d của bộ tiêu chí tỉnh; kết quả các xã đã được tính lại."
                    )
                    % {"v": row.version},
                )
                return redirect(
                    reverse("criteria:thresholds", args=[structure, code]) + f"?set={set_code}"
                )
    else:
        for code_, change in previous.indicators.items() if previous else []:
            for key, value in change.thresholds.items():
                cells[(code_, key)] = _input_text(value)
            if change.comparator:
                comparators[code_] = change.comparator
    rows = []
    for criterion, spec in national.definition.indicators():
        rows.append(
            {
                "criterion": criterion,
                "spec": spec,
                "comparator": comparators.get(spec.code, ""),
                "comparator_editable": spec.comparator is None,
                "cells": [
                    {
                        "key": key,
                        "name": f"t-{spec.code}-{key}",
                        "national": _shown(spec.thresholds.get(key, spec.thresholds.get("all"))),
                        "value": cells.get((spec.code, key), ""),
                    }
                    for key in keys
                ],
            }
        )
    context = {
        **_common(choice, structure),
        "province": province,
        "set_code": set_code,
        "national": national.definition,
        "keys": keys,
        "rows": rows,
        "form": form,
        "problems": problems,
        "current": current,
        "comparator_choices": [">=", ">", "<=", "<", "=="],
    }
    return render(request, "criteria/overlay_edit.html", context, status=400 if problems else 200)


@login_required
def overlay_import(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    """Upload a workbook to create a new overlay version (all-or-nothing)."""
    province = _province_for_manage(request, structure, code)
    choice = _choice(request, province, structure)
    set_code = (
        request.POST.get("set", choice.set_code) if request.method == "POST" else choice.set_code
    )
    if set_code not in queries.set_codes(structure):
        raise Http404("unknown set")
    form = OverlayImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["workbook"]
        with tempfile.NamedTemporaryFile(suffix=".xlsx") as handle:
            for chunk in upload.chunks():
                handle.write(chunk)
            handle.flush()
            try:
                row = services.do_import_overlay_workbook(
                    request.user, province, set_code, Path(handle.name)
                )
            except ValidationFailed as exc:
                problems = exc.problems
            except PermissionDeniedError as exc:
                raise PermissionDenied(str(exc)) from exc
            else:
                messages.success(
                    request,
                    _("Đã nhập tệp: phiên bản %(v)d của bộ tiêu chí tỉnh.") % {"v": row.version},
                )
                return redirect(
                    reverse("criteria:thresholds", args=[structure, code]) + f"?set={set_code}"
                )
    context = {
        **_common(choice, structure),
        "province": province,
        "set_code": set_code,
        "form": form,
        "problems": problems,
    }
    status = 400 if problems or (request.method == "POST" and not form.is_valid()) else 200
    return render(request, "criteria/overlay_import.html", context, status=status)
