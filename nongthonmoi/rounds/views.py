"""Pages of the reporting rounds. Thin: reads in queries.py, writes in services.py / excel.py."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import can, filter_for, has_capability_anywhere, units_for
from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.criteria.loader import list_sets
from nongthonmoi.places.models import AdminUnit, Level

from . import evaluation, excel, queries, services, withdrawal
from .models import (
    Evidence,
    ImportJob,
    ImportStatus,
    Notification,
    Recognition,
    Round,
    RoundUnit,
    UnitStatus,
    ValueChange,
)

ILLUSTRATIVE_FILES = ["cao-bang-2026.yaml"]


def _round(request: HttpRequest, round_id: int) -> Round:
    return get_object_or_404(queries.visible_rounds(request.user), pk=round_id)


def _round_unit(
    request: HttpRequest, round_id: int, code: str, capability: Capability = Capability.VIEW
) -> RoundUnit:
    qs = filter_for(
        request.user,
        RoundUnit.objects.filter(round_id=round_id, unit__code=code),
        capability=capability,
    ).select_related("round", "round__province", "unit", "unit__province", "unit__district")
    return get_object_or_404(qs)


def _report(request: HttpRequest, exc: ValidationFailed) -> None:
    for problem in exc.problems:
        messages.error(request, problem)


def _parse_date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


# --- rounds -----------------------------------------------------------------------------------


@login_required
def index(request: HttpRequest) -> HttpResponse:
    rounds = queries.visible_rounds(request.user).order_by("-year", "-pk")
    page = Paginator(rounds, 30).get_page(request.GET.get("page"))
    shares = queries.completeness_by_round(request.user, list(page))
    provinces = (
        units_for(request.user, Capability.APPROVE)
        .filter(level=Level.PROVINCE)
        .order_by("structure", "code")
        if has_capability_anywhere(request.user, Capability.APPROVE)
        else AdminUnit.objects.none()
    )
    sets = [s for s in list_sets() if s.level == "commune"]
    return render(
        request,
        "rounds/index.html",
        {
            "page": page,
            "rows": [(r, shares.get(r.pk)) for r in page],
            "provinces": provinces[:100],
            "sets": sets,
            "illustrative_files": ILLUSTRATIVE_FILES,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def open_round(request: HttpRequest) -> HttpResponse:
    province = get_object_or_404(
        units_for(request.user, Capability.APPROVE),
        pk=request.POST.get("province"),
        level=Level.PROVINCE,
    )
    opens_on = _parse_date(request.POST.get("opens_on", ""))
    due_on = _parse_date(request.POST.get("due_on", ""))
    overlay = request.POST.get("illustrative_overlay", "")
    year_text = request.POST.get("year", "").strip()
    try:
        if opens_on is None or due_on is None:
            raise ValidationFailed([_("Cần ngày mở và hạn nộp hợp lệ.")])
        round_ = services.do_open_round(
            request.user,
            province,
            request.POST.get("set_code", ""),
            int(year_text) if year_text.isdigit() and len(year_text) == 4 else 0,
            opens_on,
            due_on,
            title=request.POST.get("title", "").strip(),
            illustrative_overlay=overlay if overlay in ILLUSTRATIVE_FILES else "",
        )
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    except ValidationFailed as exc:
        _report(request, exc)
        return redirect("rounds:index")
    messages.success(request, _("Đã mở đợt báo cáo."))
    return redirect("rounds:detail", round_id=round_.pk)


@login_required
def detail(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    visible = queries.visible_round_units(request.user).filter(round=round_)
    status = request.GET.get("status", "")
    listed = visible.select_related("unit", "unit__district").order_by("unit__code")
    if status in UnitStatus.values:
        listed = listed.filter(status=status)
    page = Paginator(listed, 100).get_page(request.GET.get("page"))
    summary = queries.completeness(visible, round_)
    can_approve = can(request.user, Capability.APPROVE, round_.province)
    chart = {
        "labels": [str(label) for _value, label in UnitStatus.choices],
        "values": [summary.by_status.get(value, 0) for value, _label in UnitStatus.choices],
    }
    scope_code = round_.province.code if can_approve else ""
    import_units = [ru.unit for ru in page if can(request.user, Capability.ENTER_DATA, ru.unit)][:5]
    return render(
        request,
        "rounds/detail.html",
        {
            "round": round_,
            "page": page,
            "summary": summary,
            "by_district": queries.completeness_by_district(visible)
            if round_.needs_district_verification
            else [],
            "chart": chart,
            "status": status,
            "statuses": UnitStatus.choices,
            "can_approve": can_approve,
            "scope_code": scope_code,
            "import_units": import_units,
            "illustrative": evaluation.is_illustrative(evaluation.resolved_for(round_)),
            "label": evaluation.LABEL,
            "today": timezone.localdate(),
            "jobs": ImportJob.objects.filter(round=round_, uploaded_by=request.user)[:5],
        },
    )


@login_required
@require_POST
def bulk_approve(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    ids = request.POST.getlist("unit")
    selected = filter_for(
        request.user,
        RoundUnit.objects.filter(round=round_, pk__in=ids),
        capability=Capability.APPROVE,
    ).select_related("round", "round__province", "unit")
    approved, problems = services.do_bulk_approve(request.user, list(selected))
    messages.success(request, _("Đã phê duyệt %(n)d báo cáo.") % {"n": approved})
    for problem in problems:
        messages.error(request, problem)
    return redirect("rounds:detail", round_id=round_.pk)


# --- data entry -------------------------------------------------------------------------------


def _slug(code: str) -> str:
    return code.replace(".", "-")


@login_required
def entry(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    round_unit = _round_unit(request, round_id, code)
    resolved = evaluation.resolved_for(round_unit.round)
    return render(
        request,
        "rounds/entry.html",
        {
            "ru": round_unit,
            "round": round_unit.round,
            "groups": queries.entry_groups(round_unit),
            "can_enter": can(request.user, Capability.ENTER_DATA, round_unit.unit),
            "illustrative": evaluation.is_illustrative(resolved),
            "label": evaluation.LABEL,
        },
    )


@login_required
@require_POST
def save_value(request: HttpRequest, round_id: int, code: str, indicator: str) -> HttpResponse:
    round_unit = _round_unit(request, round_id, code)
    try:
        version = int(request.POST.get("version") or 0)
    except ValueError:
        version = -1
    context: dict[str, Any] = {"slug": _slug(indicator), "code": indicator, "conflict": False}
    try:
        value = services.do_save_value(
            request.user,
            round_unit,
            indicator,
            request.POST.get("value", ""),
            request.POST.get("comment", ""),
            version,
        )
        context["version"] = value.version
        try:
            stored = evaluation.stored_values(round_unit.round, round_unit.unit)
            result = evaluation.evaluate(round_unit.round, round_unit.unit, stored)
            context["result"] = evaluation.results_by_code(result)[indicator]
        except evaluation.ProfileIncomplete as exc:
            context["errors"] = [str(exc)]
        context["saved_at"] = timezone.localtime(value.updated_at)
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    except services.ValueConflict as exc:
        context.update(conflict=True, errors=exc.problems, version=version)
    except ValidationFailed as exc:
        context.update(errors=exc.problems, version=version)
    if request.headers.get("HX-Request"):
        status = 409 if context["conflict"] else 200
        return render(request, "rounds/_status.html", context, status=status)
    if context.get("errors"):
        for problem in context["errors"]:
            messages.error(request, problem)
    else:
        messages.success(request, _("Đã lưu nháp chỉ tiêu %(code)s.") % {"code": indicator})
    return redirect(
        reverse("rounds:entry", kwargs={"round_id": round_id, "code": code})
        + f"#i-{_slug(indicator)}"
    )


@login_required
@require_POST
def add_evidence(request: HttpRequest, round_id: int, code: str, indicator: str) -> HttpResponse:
    round_unit = _round_unit(request, round_id, code)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise ValidationFailed([_("Chưa chọn tệp.")])
        services.do_add_evidence(request.user, round_unit, indicator, upload)
        messages.success(
            request, _("Đã đính kèm minh chứng cho chỉ tiêu %(code)s.") % {"code": indicator}
        )
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    except ValidationFailed as exc:
        _report(request, exc)
    return redirect(
        reverse("rounds:entry", kwargs={"round_id": round_id, "code": code})
        + f"#i-{_slug(indicator)}"
    )


@login_required
@require_GET
def evidence_file(request: HttpRequest, evidence_id: int) -> FileResponse:
    item = get_object_or_404(
        filter_for(request.user, Evidence.objects.all(), unit_field="round_unit__unit"),
        pk=evidence_id,
    )
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.original_name)


@login_required
@require_POST
def submit(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    round_unit = _round_unit(request, round_id, code)
    try:
        services.do_submit(request.user, round_unit)
        messages.success(request, _("Đã gửi báo cáo lên cấp trên."))
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    except ValidationFailed as exc:
        _report(request, exc)
    return redirect("rounds:entry", round_id=round_id, code=code)


# --- review -----------------------------------------------------------------------------------


@login_required
def review(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    round_unit = _round_unit(request, round_id, code)
    round_ = round_unit.round
    user = request.user
    try:
        result = evaluation.approved_evaluation(round_, round_unit.unit)
        current = evaluation.evaluate(
            round_, round_unit.unit, evaluation.stored_values(round_, round_unit.unit)
        )
    except evaluation.ProfileIncomplete as exc:
        messages.warning(request, str(exc))
        result = current = None
    recognitions = Recognition.objects.filter(
        unit=round_unit.unit, set_code=round_.set_code
    ).order_by("-year")
    can_approve = can(user, Capability.APPROVE, round_unit.unit)
    can_verify = round_.needs_district_verification and can(
        user, Capability.VERIFY, round_unit.unit
    )
    active = next(
        (r for r in recognitions if r.withdrawn_on is None and r.year == round_.year), None
    )
    return render(
        request,
        "rounds/review.html",
        {
            "ru": round_unit,
            "round": round_,
            "groups": queries.entry_groups(round_unit, with_previous=True),
            "approved_result": result,
            "current_result": current,
            "can_approve": can_approve,
            "can_verify": can_verify,
            # who may return this report now: the district while it is "submitted" (2021 map),
            # the province while it is submitted or verified
            "can_review": (
                round_unit.status in (UnitStatus.SUBMITTED, UnitStatus.VERIFIED) and can_approve
            )
            or (round_unit.status == UnitStatus.SUBMITTED and can_verify),
            "recognitions": recognitions,
            "active_recognition": active,
            "withdrawal": withdrawal.assess(round_.set_code, result) if active and result else None,
            "illustrative": evaluation.is_illustrative(evaluation.resolved_for(round_)),
            "label": evaluation.LABEL,
        },
    )


def _review_action(request: HttpRequest, round_id: int, code: str, action: str) -> HttpResponse:
    round_unit = _round_unit(request, round_id, code)
    try:
        if action == "return":
            flags = {
                key[len("flag_") :]: request.POST.get(f"note_{key[len('flag_') :]}", "")
                or _("Cần kiểm tra lại")
                for key in request.POST
                if key.startswith("flag_")
            }
            services.do_return(request.user, round_unit, request.POST.get("comment", ""), flags)
            messages.success(request, _("Đã trả lại báo cáo để xã sửa."))
        elif action == "approve":
            services.do_approve(request.user, round_unit)
            messages.success(request, _("Đã phê duyệt; số liệu đã khoá."))
        elif action == "verify":
            services.do_verify(request.user, round_unit, request.POST.get("comment", ""))
            messages.success(request, _("Đã thẩm tra; chuyển tỉnh phê duyệt."))
        elif action == "unlock":
            services.do_unlock_value(
                request.user,
                round_unit,
                request.POST.get("indicator", ""),
                request.POST.get("reason", ""),
            )
            messages.success(request, _("Đã mở khoá một chỉ tiêu để xã sửa."))
        elif action == "recognise":
            decision_date = _parse_date(request.POST.get("decision_date", ""))
            if decision_date is None:
                raise ValidationFailed([_("Cần ngày quyết định hợp lệ.")])
            services.do_record_recognition(
                request.user,
                round_unit,
                decision_number=request.POST.get("decision_number", ""),
                decision_date=decision_date,
                signer=request.POST.get("signer", ""),
                decision_file=request.FILES.get("decision_file"),
                override_reason=request.POST.get("override_reason", ""),
            )
            messages.success(request, _("Đã ghi nhận quyết định công nhận."))
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    except ValidationFailed as exc:
        _report(request, exc)
    return redirect("rounds:review", round_id=round_id, code=code)


@login_required
@require_POST
def return_report(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    return _review_action(request, round_id, code, "return")


@login_required
@require_POST
def approve(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    return _review_action(request, round_id, code, "approve")


@login_required
@require_POST
def verify(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    return _review_action(request, round_id, code, "verify")


@login_required
@require_POST
def unlock(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    return _review_action(request, round_id, code, "unlock")


@login_required
@require_POST
def recognise(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    return _review_action(request, round_id, code, "recognise")


@login_required
def history(request: HttpRequest, round_id: int, code: str) -> HttpResponse:
    round_unit = _round_unit(request, round_id, code)
    changes = ValueChange.objects.filter(
        value__unit=round_unit.unit,
        value__set_code=round_unit.round.set_code,
        value__year=round_unit.round.year,
    ).select_related("value", "actor")
    indicator = request.GET.get("indicator", "")
    if indicator:
        changes = changes.filter(value__indicator_code=indicator)
    return render(
        request,
        "rounds/history.html",
        {
            "ru": round_unit,
            "round": round_unit.round,
            "page": Paginator(changes, 100).get_page(request.GET.get("page")),
            "indicator": indicator,
        },
    )


@login_required
@require_GET
def decision_file(request: HttpRequest, recognition_id: int) -> FileResponse:
    recognition = get_object_or_404(
        filter_for(request.user, Recognition.objects.all()), pk=recognition_id
    )
    if not recognition.decision_file:
        raise Http404("no decision file")
    extension = recognition.decision_file.name.rsplit(".", 1)[-1]
    name = f"quyet-dinh-{recognition.decision_number}.{extension}".replace("/", "-")
    return FileResponse(recognition.decision_file.open("rb"), as_attachment=True, filename=name)


@login_required
@require_POST
def withdraw(request: HttpRequest, recognition_id: int) -> HttpResponse:
    recognition = get_object_or_404(
        filter_for(
            request.user, Recognition.objects.select_related("unit"), capability=Capability.APPROVE
        ),
        pk=recognition_id,
    )
    round_ = Round.objects.filter(
        units__unit=recognition.unit, set_code=recognition.set_code, year=recognition.year
    ).first()
    try:
        withdrawn_on = _parse_date(request.POST.get("withdrawn_on", ""))
        if withdrawn_on is None:
            raise ValidationFailed([_("Cần ngày thu hồi hợp lệ.")])
        services.do_withdraw_recognition(
            request.user,
            recognition,
            decision_number=request.POST.get("decision_number", ""),
            withdrawn_on=withdrawn_on,
            reason=request.POST.get("reason", ""),
            round_=round_,
        )
        messages.success(request, _("Đã ghi nhận quyết định thu hồi."))
    except ValidationFailed as exc:
        _report(request, exc)
    if round_ is not None:
        return redirect("rounds:review", round_id=round_.pk, code=recognition.unit.code)
    return redirect("rounds:index")


# --- Excel ------------------------------------------------------------------------------------


@login_required
@require_GET
def export(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    visible = (
        queries.visible_round_units(request.user)
        .filter(round=round_)
        .select_related("unit")
        .order_by("unit__code")
    )
    unit_code = request.GET.get("unit", "")
    if unit_code:
        visible = visible.filter(unit__code=unit_code)
        scope_code = unit_code
    else:
        scope_code = round_.province.code
    round_units = list(visible)
    if not round_units:
        raise Http404("nothing to export")
    buffer = io.BytesIO()
    excel.write_export(round_, round_units, scope_code, buffer)
    buffer.seek(0)
    name = f"bao-cao-{round_.set_code}-{round_.year}-{scope_code}.xlsx"
    return FileResponse(
        buffer,
        as_attachment=True,
        filename=name,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


@login_required
@require_POST
def upload(request: HttpRequest, round_id: int) -> HttpResponse:
    round_ = _round(request, round_id)
    code = request.POST.get("scope", "")
    scope_unit = (
        round_.province
        if code == round_.province.code
        else get_object_or_404(
            RoundUnit.objects.select_related("unit"), round=round_, unit__code=code
        ).unit
    )
    upload_file = request.FILES.get("file")
    try:
        if upload_file is None:
            raise ValidationFailed([_("Chưa chọn tệp.")])
        job = excel.start_import(request.user, round_, upload_file, scope_unit)
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    except ValidationFailed as exc:
        _report(request, exc)
        return redirect("rounds:detail", round_id=round_.pk)
    return redirect("rounds:import_job", job_id=job.pk)


@login_required
def import_job(request: HttpRequest, job_id: int) -> HttpResponse:
    job = get_object_or_404(
        filter_for(
            request.user, ImportJob.objects.select_related("round"), unit_field="scope_unit"
        ),
        pk=job_id,
    )
    template = (
        "rounds/_import_progress.html"
        if request.headers.get("HX-Request")
        else "rounds/import_job.html"
    )
    running = job.status in (ImportStatus.PENDING, ImportStatus.RUNNING)
    return render(request, template, {"job": job, "running": running})


# --- inbox, notifications, recognitions -------------------------------------------------------


@login_required
def notifications(request: HttpRequest) -> HttpResponse:
    items = Notification.objects.filter(user=request.user)
    if request.method == "POST":
        items.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("rounds:notifications")
    return render(
        request,
        "rounds/notifications.html",
        {"page": Paginator(items, 50).get_page(request.GET.get("page"))},
    )


@login_required
def recognitions(request: HttpRequest) -> HttpResponse:
    items = filter_for(request.user, Recognition.objects.select_related("unit", "unit__province"))
    return render(
        request,
        "rounds/recognitions.html",
        {"page": Paginator(items, 100).get_page(request.GET.get("page")), "private": True},
    )


def public_recognitions(request: HttpRequest) -> HttpResponse:
    """Recognised communes per year: public (decision number, date, signer; no evaluation detail)."""
    years = list(
        Recognition.objects.filter(withdrawn_on__isnull=True)
        .values_list("year", flat=True)
        .distinct()
        .order_by("-year")
    )
    try:
        year = int(request.GET.get("year") or (years[0] if years else timezone.localdate().year))
    except ValueError:
        year = timezone.localdate().year
    if not 1900 <= year <= 2200:
        year = timezone.localdate().year
    items = (
        Recognition.objects.filter(year=year, withdrawn_on__isnull=True)
        .select_related("unit", "unit__province")
        .order_by("unit__province__name", "unit__name")
    )
    return render(
        request,
        "rounds/public_recognitions.html",
        {
            "page": Paginator(items, 200).get_page(request.GET.get("page")),
            "year": year,
            "years": years,
        },
    )
