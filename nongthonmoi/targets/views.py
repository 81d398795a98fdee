"""Thin views: scope through accounts.scope, writes through services, reads through queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nongthonmoi.accounts.models import User
from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import can, filter_for, get_unit_or_404, is_national, units_for
from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.core.files import private_file_response
from nongthonmoi.places.models import AdminUnit, Level

from . import exports, queries, services
from .clock import today
from .forms import (
    ConclusionForm,
    ConferenceForm,
    CourseForm,
    DenominatorForm,
    DocumentForm,
    ImportForm,
    OverrideForm,
    ParticipantsForm,
    TaskForm,
    TaskUpdateForm,
    ValueForm,
)
from .models import (
    Conference,
    ConferenceDocument,
    Course,
    Plan,
    Programme,
    Target,
    Task,
    TaskState,
    TaskUpdate,
    TrainingDenominator,
)
from .timeline import timeline_rows

STATE_FILTERS = ["open", "in_progress", "done", "overdue"]


def _year(raw: str, default: int) -> int:
    """A year from the query string; anything odd falls back to the default."""
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else default


def _entry_units(user: Any) -> QuerySet[AdminUnit]:
    return (units_for(user, Capability.ENTER_DATA) | units_for(user, Capability.MANAGE)).distinct()


def _managed(user: Any) -> QuerySet[AdminUnit]:
    return units_for(user, Capability.MANAGE)


def _top_units(user: Any) -> list[AdminUnit]:
    scoped = units_for(user).filter(structure="2025")
    for level in (Level.PROVINCE, Level.COMMUNE):
        found = list(scoped.filter(level=level).order_by("name")[:40])
        if found:
            return found
    return []


def _problems(request: HttpRequest, exc: ValidationFailed) -> None:
    for problem in exc.problems:
        messages.error(request, problem)


def _guard(request: HttpRequest, action: Callable[[], Any]) -> Any:
    """Run a service call; validation problems become messages, a missing right a 403."""
    try:
        return action()
    except ValidationFailed as exc:
        _problems(request, exc)
    except PermissionDeniedError as exc:
        raise PermissionDenied from exc
    return None


@login_required
def index(request: HttpRequest) -> HttpResponse:
    programmes = Programme.objects.prefetch_related("targets")
    return render(
        request,
        "targets/index.html",
        {
            "programmes": programmes,
            "top_units": _top_units(request.user),
            "national": is_national(request.user),
        },
    )


def _board_context(request: HttpRequest, unit: AdminUnit) -> dict[str, Any]:
    board = queries.Board(unit, unit.structure, today())
    targets = Target.objects.select_related("programme")
    programme = request.GET.get("programme")
    if programme:
        targets = targets.filter(programme__code=programme)
    rows = board.rows(targets)
    province = queries.province_of(unit)
    return {
        "unit": unit,
        "rows": rows,
        "sparklines": {r.target.code: r.sparkline() for r in rows},
        "programmes": Programme.objects.all(),
        "programme": programme or "",
        "can_manage": province is not None and can(request.user, Capability.MANAGE, province),
        "today": today(),
    }


@login_required
def board(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    unit = get_unit_or_404(request.user, structure, code)
    return render(request, "targets/board.html", _board_context(request, unit))


@login_required
def board_xlsx(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    unit = get_unit_or_404(request.user, structure, code)
    return exports.board_xlsx(_board_context(request, unit))


@login_required
def board_pdf(request: HttpRequest, structure: str, code: str) -> HttpResponse:
    unit = get_unit_or_404(request.user, structure, code)
    return exports.board_pdf(request, _board_context(request, unit))


@login_required
def drill(request: HttpRequest, structure: str, code: str, target_code: str) -> HttpResponse:
    unit = get_unit_or_404(request.user, structure, code)
    target = get_object_or_404(Target.objects.select_related("programme"), code=target_code)
    row = queries.Board(unit, structure, today()).row(target)
    year = _year(request.GET.get("year", ""), row.year or target.target_year)
    lines = queries.drill_down(target, unit, year, request.user)
    page = Paginator(lines, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "targets/drill.html",
        {"unit": unit, "target": target, "row": row, "year": year, "page": page},
    )


@login_required
def national(request: HttpRequest) -> HttpResponse:
    structure = request.GET.get("map", "2025")
    provinces = units_for(request.user).filter(level=Level.PROVINCE, structure=structure)
    targets = Target.objects.select_related("programme")
    target = targets.filter(code=request.GET.get("target", "")).first() or targets.first()
    rows = queries.compare_provinces(target, provinces, today()) if target else []
    chart = {
        "provinces": [p.name for p, _ in rows],
        "values": [float(r.shown_value) if r.value is not None else None for _, r in rows],
        "target": float(target.target_value)
        if target and target.target_value is not None
        else None,
    }
    return render(
        request,
        "targets/national.html",
        {
            "targets": targets,
            "target": target,
            "rows": rows,
            "chart": chart,
            "structure": structure,
        },
    )


@login_required
def values(request: HttpRequest) -> HttpResponse:
    units = _entry_units(request.user).order_by("level", "name")
    form = ValueForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        saved = _guard(
            request,
            lambda: services.do_record_value(
                request.user,
                data["target"],
                data["unit"],
                data["year"],
                value=data["value"],
                numerator=data["numerator"],
                denominator=data["denominator"],
                note=data["note"],
            ),
        )
        if saved is not None:
            messages.success(request, _("Đã lưu số liệu."))
            return redirect("targets:values")
    return render(
        request,
        "targets/values.html",
        {"form": form, "import_form": ImportForm(), "columns": services.VALUE_COLUMNS},
    )


@login_required
@require_POST
def values_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        count = _guard(
            request,
            lambda: services.do_import_values(
                request.user, form.cleaned_data["file"].read(), form.cleaned_data["structure"]
            ),
        )
        if count:
            messages.success(request, _("Đã nhập %(n)s dòng số liệu.") % {"n": count})
    else:
        messages.error(request, _("Chọn tệp Excel để nhập."))
    return redirect("targets:values")


@login_required
def override(request: HttpRequest) -> HttpResponse:
    provinces = _managed(request.user).filter(level=Level.PROVINCE).order_by("name")
    if not provinces.exists():
        raise Http404
    form = OverrideForm(request.POST or None, provinces=provinces)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        target, province = data.pop("target"), data.pop("province")
        saved = _guard(
            request, lambda: services.do_set_override(request.user, target, province, **data)
        )
        if saved is not None:
            messages.success(request, _("Đã lưu chỉ tiêu riêng của tỉnh."))
            return redirect("targets:board", structure=province.structure, code=province.code)
    return render(request, "targets/override.html", {"form": form})


# --- training --------------------------------------------------------------------------------


@login_required
def training(request: HttpRequest) -> HttpResponse:
    courses = filter_for(request.user, Course.objects.all()).select_related("unit", "programme")
    course_units = _entry_units(request.user).filter(level__in=[Level.PROVINCE, Level.COMMUNE])
    managed_communes = _managed(request.user).filter(level=Level.COMMUNE).order_by("name")
    course_form = CourseForm(prefix="course", units=course_units.order_by("level", "name"))
    denominator_form = DenominatorForm(prefix="den", communes=managed_communes)
    if request.method == "POST" and "course-title" in request.POST:
        course_form = CourseForm(
            request.POST, request.FILES, prefix="course", units=course_units.order_by("name")
        )
        if course_form.is_valid():
            data = dict(course_form.cleaned_data)
            upload = data.pop("participants")
            unit = data.pop("unit")
            course = _guard(
                request,
                lambda: services.do_create_course(
                    request.user, unit, participants=upload.read() if upload else None, **data
                ),
            )
            if course is not None:
                messages.success(
                    request,
                    _("Đã lưu lớp với %(n)s học viên.") % {"n": course.participants.count()},
                )
                return redirect("targets:course", pk=course.pk)
    if request.method == "POST" and "den-commune" in request.POST:
        denominator_form = DenominatorForm(request.POST, prefix="den", communes=managed_communes)
        if denominator_form.is_valid():
            data = dict(denominator_form.cleaned_data)
            commune, year = data.pop("commune"), data.pop("year")
            if _guard(
                request,
                lambda: services.do_set_denominators(request.user, commune, year, **data),
            ):
                messages.success(request, _("Đã lưu số cơ sở, lao động của xã."))
                return redirect("targets:training")
    denominators = filter_for(
        request.user, TrainingDenominator.objects.select_related("commune"), unit_field="commune"
    ).order_by("-year", "commune__name")
    return render(
        request,
        "targets/training.html",
        {
            "courses": Paginator(courses, 50).get_page(request.GET.get("page")),
            "course_form": course_form,
            "denominator_form": denominator_form,
            "denominators": denominators[:200],
            "can_manage": managed_communes.exists(),
            "can_add_course": course_units.exists(),
            "columns": services.PARTICIPANT_COLUMNS,
        },
    )


@login_required
def course(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(filter_for(request.user, Course.objects.select_related("unit")), pk=pk)
    form = ParticipantsForm()
    if request.method == "POST":
        form = ParticipantsForm(request.POST, request.FILES)
        if form.is_valid():
            count = _guard(
                request,
                lambda: services.do_import_participants(
                    request.user, item, form.cleaned_data["file"].read()
                ),
            )
            if count:
                messages.success(request, _("Đã nhập %(n)s học viên.") % {"n": count})
                return redirect("targets:course", pk=item.pk)
    participants = item.participants.select_related("commune")
    return render(
        request,
        "targets/course.html",
        {
            "course": item,
            "participants": Paginator(participants, 100).get_page(request.GET.get("page")),
            "form": form,
            "can_edit": can(request.user, Capability.MANAGE, item.unit)
            or can(request.user, Capability.ENTER_DATA, item.unit),
        },
    )


# --- conferences and tasks -------------------------------------------------------------------


def _conferences(user: Any) -> QuerySet[Conference]:
    """Conferences of units in scope, and the ones that assigned the user a task."""
    scoped = filter_for(user, Conference.objects.all()).values("pk")
    return (
        Conference.objects.filter(Q(pk__in=scoped) | Q(conclusions__tasks__owner=user))
        .distinct()
        .select_related("unit")
    )


@login_required
def conferences(request: HttpRequest) -> HttpResponse:
    managed = _managed(request.user).filter(level=Level.PROVINCE).order_by("name")
    form = ConferenceForm(request.POST or None, units=managed)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        unit = data.pop("unit")
        data["bridge_points"] = list(data["bridge_points"])
        data["conclusions"] = data["conclusions"].splitlines()
        conference = _guard(
            request, lambda: services.do_record_conference(request.user, unit, **data)
        )
        if conference is not None:
            messages.success(request, _("Đã ghi nhận hội nghị."))
            return redirect("targets:conference", pk=conference.pk)
    items = _conferences(request.user).prefetch_related("bridge_points")
    return render(
        request,
        "targets/conferences.html",
        {
            "conferences": Paginator(items, 30).get_page(request.GET.get("page")),
            "form": form,
            "can_manage": managed.exists(),
        },
    )


def _task_form(user: Any, conference: Conference, data: Any = None) -> TaskForm:
    units = (
        _managed(user).filter(level__in=[Level.PROVINCE, Level.COMMUNE]).order_by("level", "name")
    )
    return TaskForm(data, conclusions=conference.conclusions.all(), units=units, prefix="task")


@login_required
def conference(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_conferences(request.user), pk=pk)
    can_manage = can(request.user, Capability.MANAGE, item.unit)
    tasks = (
        Task.objects.filter(conclusion__conference=item)
        .select_related("assignee_unit", "owner", "conclusion")
        .order_by("deadline")
    )
    return render(
        request,
        "targets/conference.html",
        {
            "conference": item,
            "conclusions": item.conclusions.all(),
            "documents": item.documents.all(),
            "bridge_points": item.bridge_points.all(),
            "tasks": tasks,
            "today": today(),
            "can_manage": can_manage,
            "task_form": _task_form(request.user, item) if can_manage else None,
            "conclusion_form": ConclusionForm(prefix="c") if can_manage else None,
            "document_form": DocumentForm(prefix="d") if can_manage else None,
        },
    )


def _owner(username: str) -> User | None:
    if not username.strip():
        return None
    user = User.objects.filter(username=username.strip(), is_active=True).first()
    if user is None:
        raise ValidationFailed([_("Không có người dùng “%(u)s”") % {"u": username}])
    return user


@login_required
@require_POST
def conference_add_task(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_conferences(request.user), pk=pk)
    if not can(request.user, Capability.MANAGE, item.unit):
        raise PermissionDenied
    form = _task_form(request.user, item, request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        created = _guard(
            request,
            lambda: services.do_add_task(
                request.user,
                title=data["title"],
                assignee_org=data["assignee_org"],
                assignee_unit=data["assignee_unit"],
                deadline=data["deadline"],
                start_date=data["start_date"],
                conclusion=data["conclusion"],
                owner=_owner(data["owner"]),
                targets=list(data["targets"]),
            ),
        )
        if created is not None:
            messages.success(request, _("Đã giao nhiệm vụ."))
    else:
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
    return redirect("targets:conference", pk=item.pk)


@login_required
@require_POST
def conference_add_conclusion(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_conferences(request.user), pk=pk)
    form = ConclusionForm(request.POST, prefix="c")
    if form.is_valid():
        if _guard(
            request,
            lambda: services.do_add_conclusion(request.user, item, form.cleaned_data["text"]),
        ):
            messages.success(request, _("Đã thêm kết luận."))
    return redirect("targets:conference", pk=item.pk)


@login_required
@require_POST
def conference_add_document(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_conferences(request.user), pk=pk)
    form = DocumentForm(request.POST, request.FILES, prefix="d")
    if form.is_valid():
        if _guard(
            request,
            lambda: services.do_add_document(
                request.user, item, form.cleaned_data["title"], form.cleaned_data["file"]
            ),
        ):
            messages.success(request, _("Đã đính kèm tài liệu."))
    elif "file" in form.errors and request.FILES.get("d-file"):
        for error in form.errors["file"]:
            messages.error(request, error)
    else:
        messages.error(request, _("Chọn tệp để đính kèm."))
    return redirect("targets:conference", pk=item.pk)


@login_required
@require_GET
def conference_document(request: HttpRequest, pk: int) -> FileResponse:
    """A conference document, for whoever may open the conference."""
    document = get_object_or_404(
        ConferenceDocument.objects.filter(conference__in=_conferences(request.user)), pk=pk
    )
    return private_file_response(document.file)


@login_required
@require_GET
def task_file(request: HttpRequest, pk: int) -> FileResponse:
    """The file of a task progress update, for whoever may open the task."""
    update = get_object_or_404(
        TaskUpdate.objects.filter(task__in=queries.visible_tasks(request.user)), pk=pk
    )
    return private_file_response(update.file)


def _filtered_tasks(request: HttpRequest) -> QuerySet[Task]:
    qs = queries.visible_tasks(request.user)
    state = request.GET.get("state", "")
    now = today()
    if state == "overdue":
        qs = queries.overdue(qs, now)
    elif state in TaskState.values:
        qs = qs.filter(state=state)
        if state != TaskState.DONE:
            qs = qs.filter(deadline__gte=now)
    year = request.GET.get("year", "")
    if year.isdigit() and len(year) == 4:
        qs = qs.filter(plan__year=int(year))
    return qs.order_by("deadline", "pk")


@login_required
def tasks(request: HttpRequest) -> HttpResponse:
    qs = _filtered_tasks(request)
    return render(
        request,
        "targets/tasks.html",
        {
            "tasks": Paginator(qs, 50).get_page(request.GET.get("page")),
            "today": today(),
            "state": request.GET.get("state", ""),
            "states": STATE_FILTERS,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def tasks_xlsx(request: HttpRequest) -> HttpResponse:
    return exports.tasks_xlsx(list(_filtered_tasks(request)[:5000]), today())


@login_required
def tasks_pdf(request: HttpRequest) -> HttpResponse:
    return exports.tasks_pdf(request, list(_filtered_tasks(request)[:2000]), today())


@login_required
def task(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(queries.visible_tasks(request.user), pk=pk)
    may_update = services.can_update_task(request.user, item)
    form = TaskUpdateForm(initial={"state": item.state})
    if request.method == "POST":
        if not may_update:
            raise PermissionDenied
        form = TaskUpdateForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            if _guard(
                request,
                lambda: services.do_update_task(
                    request.user,
                    item,
                    note=data["note"],
                    state=data["state"],
                    today=today(),
                    file=data["file"],
                ),
            ):
                messages.success(request, _("Đã cập nhật tiến độ."))
                return redirect("targets:task", pk=item.pk)
    return render(
        request,
        "targets/task.html",
        {
            "task": item,
            "updates": item.updates.select_related("author"),
            "linked_targets": item.targets.all(),
            "today": today(),
            "form": form if may_update else None,
        },
    )


def _plans(user: Any) -> QuerySet[Plan]:
    return filter_for(user, Plan.objects.select_related("unit"))


@login_required
def plans(request: HttpRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    qs = _plans(request.user)
    if year.isdigit() and len(year) == 4:
        qs = qs.filter(year=int(year))
    return render(
        request,
        "targets/plans.html",
        {"plans": Paginator(qs, 50).get_page(request.GET.get("page")), "year": year},
    )


@login_required
def plan(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(_plans(request.user), pk=pk)
    items = list(item.tasks.select_related("assignee_unit", "owner").order_by("start_date", "pk"))
    return render(
        request,
        "targets/plan.html",
        {
            "plan": item,
            "timeline": timeline_rows(
                items, today(), dt.date(item.year, 1, 1), dt.date(item.year, 12, 31)
            ),
            "today": today(),
        },
    )


@login_required
def timeline(request: HttpRequest) -> HttpResponse:
    now = today()
    year_value = _year(request.GET.get("year", ""), now.year)
    qs = queries.visible_tasks(request.user).filter(
        Q(start_date__year__lte=year_value) & Q(deadline__year__gte=year_value)
    )
    items = list(qs.order_by("start_date", "pk")[:300])
    return render(
        request,
        "targets/timeline.html",
        {
            "year": year_value,
            "timeline": timeline_rows(
                items, now, dt.date(year_value, 1, 1), dt.date(year_value, 12, 31)
            ),
            "years": [year_value - 1, year_value + 1],
            "board_url": reverse("targets:index"),
        },
    )
