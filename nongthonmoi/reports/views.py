from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import is_national, units_for
from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.places.models import AdminUnit, Level, Structure

from . import services
from .definitions import get_definition, load_definitions
from .generation import format_cell, period_of, snapshot_tables
from .models import Generation, GenerationStatus, PeriodKind, Report, Status
from .permissions import can_approve, can_prepare, report_or_404, visible_reports


def _int(value: str | None, default: int) -> int:
    try:
        return int(value or default)
    except ValueError:
        return default


def _preparable_provinces(user: Any) -> list[AdminUnit]:
    return list(
        units_for(user, Capability.MANAGE)
        .filter(structure=Structure.NEW, level=Level.PROVINCE)
        .order_by("name")
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    year = _int(request.GET.get("year"), timezone.localdate().year)
    kind = request.GET.get("kind", "")
    reports = visible_reports(request.user).filter(year=year)
    if kind in PeriodKind.values:
        reports = reports.filter(period_kind=kind)
    national = is_national(request.user)
    reports_list = list(reports.order_by("province__name", "definition_code", "half"))
    overview: list[dict[str, Any]] = []
    if national:
        # the central level: every province for the period, with or without a report
        by_province: dict[int | None, list[Report]] = {}
        for report in reports_list:
            by_province.setdefault(report.province_id, []).append(report)
        provinces = AdminUnit.objects.filter(structure=Structure.NEW, level=Level.PROVINCE)
        overview = [
            {"province": p, "reports": by_province.get(p.pk, [])}
            for p in provinces.order_by("name")
        ]
    provinces = _preparable_provinces(request.user)
    return render(
        request,
        "reports/index.html",
        {
            "year": year,
            "kind": kind,
            "kinds": PeriodKind.choices,
            "reports": reports_list,
            "national_reports": [r for r in reports_list if r.province_id is None],
            "overview": overview,
            "definitions": list(load_definitions().values()),
            "provinces": provinces,
            "can_create": bool(provinces) or national,
            "can_create_national": national,
        },
    )


@login_required
@require_POST
def create(request: HttpRequest) -> HttpResponse:
    code = request.POST.get("province", "")
    province = None
    if code:
        province = (
            units_for(request.user, Capability.MANAGE)
            .filter(structure=Structure.NEW, level=Level.PROVINCE, code=code)
            .first()
        )
        if province is None:
            raise Http404("province not in scope")
    try:
        report = services.do_create_report(
            request.user,
            request.POST.get("definition", ""),
            _int(request.POST.get("year"), 0),
            _int(request.POST.get("half"), 0) or None,
            province,
        )
    except ValidationFailed as exc:
        for problem in exc.problems:
            messages.error(request, problem)
        return redirect("reports:index")
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    messages.success(request, _("Đã lập báo cáo."))
    return redirect("reports:detail", pk=report.pk)


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_or_404(request.user, pk)
    definition = get_definition(report.definition_code)
    generations = list(report.generations.select_related("requested_by")[:10])
    current = generations[0] if generations else None
    latest_done = next((g for g in generations if g.status == GenerationStatus.DONE), None)
    preview = []
    if latest_done is not None:
        tables = snapshot_tables(latest_done.snapshot)
        for section in definition.tables:
            table = tables.get(section.key)
            if table is None:
                continue
            rows = [
                [format_cell(v, c)["text"] for v, c in zip(row, table.columns, strict=True)]
                for row in table.rows
            ]
            preview.append({"section": section, "table": table, "rows": rows})
    may_prepare = can_prepare(request.user, report)
    may_approve = can_approve(request.user, report)
    actions = [
        (target, label)
        for (source, target), label in {
            (Status.DRAFT, Status.REVIEWED): _("Xác nhận đã rà soát"),
            (Status.REVIEWED, Status.SIGNED_OFF): _("Ký duyệt"),
            (Status.SIGNED_OFF, Status.SENT): _("Gửi lên cấp trên"),
        }.items()
        if source == report.status and (latest_done is not None or target == Status.SENT)
    ]
    return render(
        request,
        "reports/detail.html",
        {
            "report": report,
            "statuses": Status.choices,
            "definition": definition,
            "period_label": period_of(report).label(),
            "texts": [(s, report.texts.get(s.key, "")) for s in definition.texts],
            "generations": generations,
            "current": current,
            "running": current is not None and not current.is_finished,
            "preview": preview,
            "latest_done": latest_done,
            "may_prepare": may_prepare,
            "may_edit": may_prepare and report.status == Status.DRAFT,
            "may_generate": may_prepare and report.status in {Status.DRAFT, Status.REVIEWED},
            "may_approve": may_approve,
            "actions": actions if may_approve else [],
            "may_return": may_approve and report.status in {Status.REVIEWED, Status.SIGNED_OFF},
        },
    )


def _act(request: HttpRequest, action: Any, success: str = "") -> None:
    try:
        action()
    except ValidationFailed as exc:
        for problem in exc.problems:
            messages.error(request, problem)
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    else:
        if success:
            messages.success(request, success)


@login_required
@require_POST
def texts(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_or_404(request.user, pk)
    keys = [s.key for s in get_definition(report.definition_code).texts]
    values = {k: request.POST[k] for k in keys if k in request.POST}
    _act(
        request,
        lambda: services.do_save_texts(request.user, report, values),
        _("Đã lưu nội dung."),
    )
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def transition(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_or_404(request.user, pk)
    target = request.POST.get("target", "")
    reason = request.POST.get("reason", "")
    _act(request, lambda: services.do_transition(request.user, report, target, reason))
    return redirect("reports:detail", pk=report.pk)


@login_required
@require_POST
def generate(request: HttpRequest, pk: int) -> HttpResponse:
    report = report_or_404(request.user, pk)
    source = None
    if request.POST.get("from_snapshot"):
        source = report.generations.filter(pk=_int(request.POST["from_snapshot"], 0)).first()
        if source is None:
            raise Http404("snapshot not found")
    _act(request, lambda: services.do_request_generation(request.user, report, source))
    return redirect("reports:detail", pk=report.pk)


def _generation_or_404(request: HttpRequest, pk: int) -> Generation:
    generation = (
        Generation.objects.select_related("report", "report__province").filter(pk=pk).first()
    )
    if generation is None:
        raise Http404("generation not found")
    report_or_404(request.user, generation.report_id)
    return generation


@login_required
def generation_status(request: HttpRequest, pk: int) -> HttpResponse:
    generation = _generation_or_404(request, pk)
    return render(request, "reports/_generation.html", {"generation": generation})


CONTENT_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


@login_required
def download(request: HttpRequest, pk: int, fmt: str) -> FileResponse:
    generation = _generation_or_404(request, pk)
    if fmt not in CONTENT_TYPES or generation.status != GenerationStatus.DONE:
        raise Http404("no such file")
    field = generation.xlsx if fmt == "xlsx" else generation.pdf
    name = field.name.rsplit("/", 1)[-1]
    return FileResponse(
        field.open("rb"), as_attachment=True, filename=name, content_type=CONTENT_TYPES[fmt]
    )
