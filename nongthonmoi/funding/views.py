"""Pages: money by unit, what-if allocation, disbursement entry and import, publication, public pages."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import can, filter_for, get_unit_or_404, units_for
from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.core.money import group_digits
from nongthonmoi.places.models import AdminUnit, Level

from . import exports, queries, services
from .forms import (
    DisbursementForm,
    DisbursementImportForm,
    MobilisationEntryForm,
    ProvincialRuleForm,
    PublishForm,
    SaveDecisionForm,
)
from .models import AllocationDecision, FundKind, Mobilisation, MobilisationSource
from .planning import Plan, build_plan, default_year
from .whatif import export_comparison_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request: HttpRequest, years: list[int]) -> int:
    try:
        year = int(request.GET.get("year", ""))
    except ValueError:
        return years[0] if years else default_year()
    return year if 2010 <= year <= 2100 else default_year()


def _fund_kind(request: HttpRequest) -> str:
    kind = request.GET.get("fund_kind", "")
    return kind if kind in FundKind.values else ""


def _province_to_manage(request: HttpRequest, structure: str, code: str) -> AdminUnit:
    province = get_unit_or_404(request.user, structure, code, Capability.MANAGE)
    if province.level != Level.PROVINCE:
        raise Http404("allocations are made by provinces")
    return province


# --- private pages ------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    visible = units_for(request.user, Capability.VIEW)
    provinces = visible.filter(level=Level.PROVINCE).order_by("-structure", "name")[:100]
    communes = (
        visible.filter(level=Level.COMMUNE).order_by("name")[:30]
        if not provinces
        else AdminUnit.objects.none()
    )
    lines = queries.money_lines(
        filter_for(request.user, AllocationDecision.objects.all(), unit_field="to_unit")
    )
    return render(
        request,
        "funding/index.html",
        {
            "provinces": provinces,
            "communes": communes,
            "rules": queries.national_rules(),
            "lines": lines[:50],
            "more_lines": len(lines) > 50,
        },
    )


@login_required
def unit_page(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    unit = get_unit_or_404(request.user, structure, code)
    is_province = unit.level == Level.PROVINCE
    scope = (
        AllocationDecision.objects.filter(province=unit)
        if is_province
        else AllocationDecision.objects.filter(to_unit=unit)
    )
    years = sorted(set(scope.values_list("year", flat=True)), reverse=True)
    year = _year(request, years)
    fund_kind = _fund_kind(request)
    lines = queries.money_lines(scope, year=year, fund_kind=fund_kind or None)
    mobilised = Mobilisation.objects.filter(
        **({"province": unit} if is_province else {"unit": unit}), year=year
    ).select_related("unit")
    decisions = (
        []
        if is_province
        else list(
            scope.filter(year=year)
            .prefetch_related("disbursements")
            .order_by("fund_kind", "decision_date")
        )
    )
    can_manage = can(request.user, Capability.MANAGE, unit)
    context: dict[str, Any] = {
        "unit": unit,
        "is_province": is_province,
        "years": sorted({*years, year, default_year()}, reverse=True),
        "year": year,
        "fund_kind": fund_kind,
        "fund_kinds": FundKind.choices,
        "lines": lines,
        "by_kind": [
            (label, queries.totals([x for x in lines if x.fund_kind == value]))
            for value, label in FundKind.choices
        ],
        "totals": queries.totals(lines),
        "decisions": decisions,
        "mobilised": mobilised,
        "mobilised_by_source": _mobilised_table(mobilised),
        "can_manage": can_manage,
        "published": queries.is_published(unit, year) if is_province else None,
        "province": unit.province,
    }
    return render(request, "funding/unit.html", context)


def _mobilised_table(rows: Any) -> list[tuple[str, int, int]]:
    sums = queries.mobilisation_by_source(rows)
    return [
        (label, sums.get((value, "money"), 0), sums.get((value, "in_kind"), 0))
        for value, label in MobilisationSource.choices
    ]


# --- what-if --------------------------------------------------------------------------------


def _plan(province: AdminUnit, params: QueryDict) -> Plan:
    try:
        year = int(params.get("year", ""))
    except ValueError:
        year = default_year()
    if not 2010 <= year <= 2100:
        year = default_year()
    rows = queries.commune_rows(province, year)
    return build_plan(params, rows, queries.rule_choices(province), year)


@login_required
def whatif(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    province = _province_to_manage(request, structure, code)
    plan = _plan(province, request.GET)
    query = request.GET.urlencode()
    save_form = SaveDecisionForm(initial={"plan": query})
    return render(
        request,
        "funding/whatif.html",
        _whatif_context(province, plan, query, save_form, request.GET),
    )


def _whatif_context(
    province: AdminUnit, plan: Plan, query: str, save_form: SaveDecisionForm, params: QueryDict
) -> dict[str, Any]:
    names = {e.unit.code: e.unit for e in plan.entries}
    rows = []
    if plan.comparison is not None and plan.current is not None and plan.changed is not None:
        for row in plan.comparison.rows:
            rows.append(
                {
                    "row": row,
                    "unit": names.get(row.unit_code),
                    "old_share": plan.current.unit(row.unit_code).percent(),
                    "new_share": plan.changed.unit(row.unit_code).percent(),
                }
            )
    groups = []
    if plan.rule is not None:
        for group in (*plan.rule.groups, *filter(None, [plan.rule.default_group])):
            groups.append(
                {
                    "group": group,
                    "value": params.get(f"k-{group.id}", ""),
                    "changed": group.id in plan.coefficient_changes,
                }
            )
    return {
        "province": province,
        "plan": plan,
        "choices": queries.rule_choices(province),
        "groups": groups,
        "rows": rows,
        "query": query,
        "save_form": save_form,
        "fund_kinds": FundKind.choices,
        "typed_criteria": any(e.criteria_typed for e in plan.entries),
        "changed_rows": sum(1 for r in rows if r["row"].changed),
        "new_total_text": (
            group_digits(plan.new_total)
            if params.get("new_total") and plan.new_total is not None
            else params.get("new_total", "")
        ),
        # the commune table opens when the user changed a commune or must type criteria
        "open_communes": any(e.changed for e in plan.entries)
        or (plan.uses_criteria and any(e.criteria_typed for e in plan.entries)),
    }


@login_required
def whatif_export(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    province = _province_to_manage(request, structure, code)
    plan = _plan(province, request.GET)
    if plan.comparison is None:
        # nothing to export yet: show the what-if page with the reasons
        query = request.GET.urlencode()
        context = _whatif_context(
            province, plan, query, SaveDecisionForm(initial={"plan": query}), request.GET
        )
        return render(request, "funding/whatif.html", context)
    buffer = io.BytesIO()
    export_comparison_xlsx(
        plan.comparison,
        buffer,
        title=f"{province.name} · {plan.year} · {plan.fund_kind} · {plan.choice.key if plan.choice else ''}",
    )
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="phan-bo-{province.code}-{plan.year}-{plan.fund_kind}.xlsx"'
    )
    return response


@login_required
@require_POST
def whatif_save(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    province = _province_to_manage(request, structure, code)
    form = SaveDecisionForm(request.POST)
    params = QueryDict(request.POST.get("plan", ""))
    plan = _plan(province, params)
    problems: list[str] = []
    if not form.is_valid():
        problems = [f"{form.fields[f].label}: {' '.join(e)}" for f, e in form.errors.items()]
    elif plan.changed is None:
        problems = plan.problems or [_("Chưa tính được phương án.")]
    else:
        try:
            created = services.do_save_allocation(
                request.user,
                province,
                plan.changed,
                year=plan.year,
                decision_number=form.cleaned_data["decision_number"],
                decision_date=form.cleaned_data["decision_date"],
                parameters=plan.parameters(),
            )
        except PermissionDeniedError as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationFailed as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                _("Đã lưu quyết định %(n)s: phân bổ cho %(c)d xã.")
                % {"n": form.cleaned_data["decision_number"], "c": len(created)},
            )
            return redirect(
                reverse("funding:unit", args=[structure, code])
                + "?"
                + urlencode({"year": plan.year, "fund_kind": plan.fund_kind})
            )
    context = _whatif_context(province, plan, params.urlencode(), form, params)
    context["save_problems"] = problems
    return render(request, "funding/whatif.html", context, status=400)


# --- rules ------------------------------------------------------------------------------------


@login_required
def rules(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    province = _province_to_manage(request, structure, code)
    template = queries.provincial_rule_template(province)
    form = ProvincialRuleForm(request.POST or None, initial={"text": template})
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            row = services.do_save_provincial_rule(request.user, province, **form.cleaned_data)
        except PermissionDeniedError as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationFailed as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                _("Đã lưu quy định %(c)s phiên bản %(v)d.") % {"c": row.code, "v": row.version},
            )
            return redirect("funding:rules", structure, code)
    return render(
        request,
        "funding/rules.html",
        {
            "province": province,
            "national": queries.national_rules(),
            "provincial": province.funding_rules.order_by("code", "-version"),
            "form": form,
            "problems": problems,
        },
        status=400 if problems or form.errors else 200,
    )


# --- money flows ----------------------------------------------------------------------------


@login_required
def disburse(request: HttpRequest, pk: int) -> HttpResponse:
    allocation = get_object_or_404(
        filter_for(
            request.user,
            AllocationDecision.objects.select_related("to_unit", "from_unit"),
            unit_field="to_unit",
            capability=Capability.MANAGE,
        ),
        pk=pk,
    )
    form = DisbursementForm(request.POST or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.do_record_disbursement(request.user, allocation, **form.cleaned_data)
        except PermissionDeniedError as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationFailed as exc:
            problems = exc.problems
        else:
            messages.success(request, _("Đã ghi khoản giải ngân."))
            unit = allocation.to_unit
            return redirect(
                reverse("funding:unit", args=[unit.structure, unit.code])
                + f"?year={allocation.year}"
            )
    disbursed = sum(d.amount for d in allocation.disbursements.all())
    return render(
        request,
        "funding/disburse.html",
        {
            "allocation": allocation,
            "form": form,
            "problems": problems,
            "disbursements": allocation.disbursements.all(),
            "disbursed": disbursed,
            "remaining": allocation.amount - disbursed,
        },
        status=400 if problems or form.errors else 200,
    )


@login_required
def disbursement_import(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    province = _province_to_manage(request, structure, code)
    form = DisbursementImportForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            created = services.do_import_disbursements(
                request.user, province, upload.read(), upload.name
            )
        except PermissionDeniedError as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationFailed as exc:
            problems = exc.problems
        else:
            messages.success(request, _("Đã nhập %(n)d khoản giải ngân.") % {"n": len(created)})
            return redirect("funding:unit", structure, code)
    return render(
        request,
        "funding/import.html",
        {"province": province, "form": form, "problems": problems},
        status=400 if problems or form.errors else 200,
    )


@login_required
def disbursement_template(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    province = _province_to_manage(request, structure, code)
    content = exports.disbursement_template(
        AllocationDecision.objects.filter(province=province).select_related("to_unit")
    )
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-giai-ngan-{province.code}.xlsx"'
    return response


@login_required
def mobilise(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    unit = get_unit_or_404(request.user, structure, code, Capability.MANAGE)
    form = MobilisationEntryForm(request.POST or None, initial={"year": default_year()})
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            services.do_record_mobilisation(request.user, unit, **form.cleaned_data)
        except PermissionDeniedError as exc:
            raise PermissionDenied(str(exc)) from exc
        except ValidationFailed as exc:
            problems = exc.problems
        else:
            messages.success(request, _("Đã ghi nguồn lực huy động."))
            return redirect(
                reverse("funding:unit", args=[structure, code])
                + f"?year={form.cleaned_data['year']}"
            )
    return render(
        request,
        "funding/mobilise.html",
        {"unit": unit, "form": form, "problems": problems},
        status=400 if problems or form.errors else 200,
    )


@login_required
@require_POST
def publish(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    province = _province_to_manage(request, structure, code)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Năm không hợp lệ."))
        return redirect("funding:unit", structure, code)
    year = form.cleaned_data["year"]
    try:
        if form.cleaned_data["action"] == "publish":
            services.do_publish_year(request.user, province, year)
            messages.success(request, _("Đã công bố số liệu năm %(y)d.") % {"y": year})
        else:
            services.do_withdraw_year(request.user, province, year)
            messages.success(request, _("Đã thu hồi công bố năm %(y)d.") % {"y": year})
    except PermissionDeniedError as exc:
        raise PermissionDenied(str(exc)) from exc
    except ValidationFailed as exc:
        messages.error(request, " ".join(exc.problems))
    return redirect(reverse("funding:unit", args=[structure, code]) + f"?year={year}")


# --- public pages ----------------------------------------------------------------------------


def public_index(request: HttpRequest) -> HttpResponse:
    published = queries.published_provinces()
    sums = queries.published_totals(published)  # not one money_lines() per province and year
    rows = [
        (province, year, sums[(province.pk, year)])
        for province, years in published
        for year in years
    ]
    return render(request, "funding/public_index.html", {"rows": rows})


def _public_scope(structure: str, code: str) -> tuple[AdminUnit, list[int]]:
    province = get_object_or_404(AdminUnit, structure=structure, code=code, level=Level.PROVINCE)
    years = queries.published_years(province)
    if not years:
        raise Http404("nothing published")
    return province, years


def public_province(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    province, years = _public_scope(structure, code)
    year = _year(request, years)
    if year not in years:
        year = years[0]
    fund_kind = _fund_kind(request)
    report = exports.public_report(province, year, fund_kind or None)
    return render(
        request,
        "funding/public_province.html",
        {
            "province": province,
            "years": years,
            "year": year,
            "fund_kind": fund_kind,
            "fund_kinds": FundKind.choices,
            "report": report,
            "chart": report.chart(),
            "mobilised_by_source": _mobilised_table(
                Mobilisation.objects.filter(province=province, year=year)
            ),
        },
    )


def public_export(request: HttpRequest, structure: str, code: str, fmt: str) -> HttpResponse:
    province, years = _public_scope(structure, code)
    year = _year(request, years)
    if year not in years:
        raise Http404("year not published")
    report = exports.public_report(province, year, _fund_kind(request) or None)
    name = f"von-ntm-{province.code}-{year}"
    if fmt == "csv":
        response = HttpResponse(report.csv(), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
        return response
    if fmt == "xlsx":
        response = HttpResponse(report.xlsx(), content_type=XLSX)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    raise Http404("unknown format")
