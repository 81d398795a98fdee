"""Survey pages. Public: the answer form, thank-you and published results. Officers: list,
opening, dashboard, commune results, poster, moderation, export, online services."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import (
    can,
    filter_for,
    get_unit_or_404,
    has_capability_anywhere,
    is_national,
    units_for,
)
from nongthonmoi.core.exceptions import PermissionDeniedError, ValidationFailed
from nongthonmoi.places.models import AdminUnit, Kind, Level, Structure

from . import exports, intake, pdf, queries, rules, services
from .forms import OnlineServiceForm, SurveyForm
from .intake import Outcome, Submission
from .models import Answer, ContactOptIn, OnlineService, Survey, SurveyCommune

C = Capability
DEVICE_COOKIE = "ntm_fb_device"


# --- public ------------------------------------------------------------------------------------


def _place_by_token(token: str) -> SurveyCommune:
    return get_object_or_404(
        SurveyCommune.objects.select_related("survey__template", "commune", "survey__province"),
        token=token,
    )


def _form_context(
    place: SurveyCommune, values: dict[str, Any], problems: list[str], form_uuid: str = ""
) -> dict:
    questions = list(place.survey.template.questions.all())
    labels = place.survey.template.scale_labels or ["1", "2", "3", "4", "5"]
    return {
        "place": place,
        "survey": place.survey,
        "questions": questions,
        "scale": list(zip(range(1, 6), labels, strict=False)),
        "values": values,
        "problems": problems,
        "is_open": place.survey.is_open(),
        "form_uuid": form_uuid or str(uuid.uuid4()),
        "submit_url": reverse("api:feedback_submit", kwargs={"survey_id": place.survey_id}),
    }


@csrf_exempt  # anonymous form without a session: nothing to forge; honeypot and limits guard it
def public_form(request: HttpRequest, token: str) -> HttpResponse:
    place = _place_by_token(token)
    values: dict[str, Any] = {}
    problems: list[str] = []
    status = 200
    if request.method == "POST":
        questions = place.survey.template.questions.all()
        values = {
            q.code: request.POST.getlist(q.code)
            if q.kind == "multiple"
            else request.POST.get(q.code)
            for q in questions
        }
        submission = Submission(
            token=token,
            submission_uuid=request.POST.get("submission_uuid", ""),
            answers={k: v for k, v in values.items() if v not in (None, "", [])},
            device=request.POST.get("device") or request.COOKIES.get(DEVICE_COOKIE, ""),
            honeypot=request.POST.get("website", ""),
            contact_opt_in=request.POST.get("contact_opt_in") == "on",
            phone=request.POST.get("phone", ""),
        )
        result = intake.submit(place.survey_id, submission, _ip(request))
        if result.ok:
            return redirect("feedback:thanks", token=token)
        problems = result.problems
        status = 429 if result.outcome == Outcome.RATE_LIMITED else 400
    posted_uuid = request.POST.get("submission_uuid", "") if request.method == "POST" else ""
    context = _form_context(place, values, problems, _valid_uuid(posted_uuid))
    response = render(request, "feedback/public_form.html", context, status=status)
    if DEVICE_COOKIE not in request.COOKIES:
        response.set_cookie(
            DEVICE_COOKIE, secrets.token_urlsafe(16), max_age=365 * 86400, samesite="Lax"
        )
    return response


def _valid_uuid(value: str) -> str:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return ""


def _ip(request: HttpRequest) -> str:
    from .privacy import client_ip

    return client_ip(request)


def thanks(request: HttpRequest, token: str) -> HttpResponse:
    place = _place_by_token(token)
    return render(request, "feedback/thanks.html", {"place": place, "survey": place.survey})


def public_results(request: HttpRequest, survey_id: int, code: str) -> HttpResponse:
    place = get_object_or_404(
        SurveyCommune.objects.select_related("survey__template", "survey__province", "commune"),
        survey_id=survey_id,
        commune__structure=Structure.NEW,
        commune__code=code,
    )
    if not place.survey.is_closed():
        return render(
            request, "feedback/results_pending.html", {"place": place, "survey": place.survey}
        )
    context = queries.commune_results(place, public=True)
    context["chart"] = _chart_data(context)
    return render(request, "feedback/public_results.html", context)


def _chart_data(context: dict[str, Any]) -> dict[str, Any]:
    return {
        "labels": [f"{c['code']}. {c['name']}" for c in context["criteria"]],
        "values": [c["rate"].percent for c in context["criteria"]],
        "threshold": context["rule"].per_criterion_percent,
    }


# --- officers ----------------------------------------------------------------------------------


def _survey_or_404(user: Any, survey_id: int, capability: Capability = C.VIEW) -> Survey:
    """Surveys belong to their province: visible with VIEW there; 403 for a change without it."""
    survey = get_object_or_404(
        filter_for(
            user, Survey.objects.select_related("template", "province"), unit_field="province"
        ),
        pk=survey_id,
    )
    if capability != C.VIEW and not can(user, capability, survey.province):
        raise PermissionDenied
    return survey


def _place_or_404(user: Any, survey_id: int, code: str) -> SurveyCommune:
    qs = filter_for(
        user,
        SurveyCommune.objects.select_related("survey__template", "survey__province", "commune"),
        unit_field="commune",
    )
    return get_object_or_404(
        qs, survey_id=survey_id, commune__structure=Structure.NEW, commune__code=code
    )


@login_required
def index(request: HttpRequest) -> HttpResponse:
    surveys = filter_for(
        request.user, Survey.objects.select_related("province"), unit_field="province"
    )
    places = filter_for(
        request.user,
        SurveyCommune.objects.select_related("survey", "commune").exclude(
            survey__in=surveys.values("pk")
        ),
        unit_field="commune",
    ).order_by("-survey__opens_on")[:50]
    provinces = units_for(request.user, C.VIEW).filter(
        structure=Structure.NEW, level=Level.PROVINCE
    )
    coverage = None
    if is_national(request.user):
        coverage = queries.online_feedback_coverage()
    elif provinces.count() == 1:
        coverage = queries.online_feedback_coverage(provinces.get())
    return render(
        request,
        "feedback/index.html",
        {
            "surveys": surveys.annotate(
                commune_count=Count("communes", distinct=True),
                answer_count=Count("responses", distinct=True),
            ).order_by("-opens_on", "-pk")[:100],
            "places": places,
            "coverage": coverage,
            "can_open": has_capability_anywhere(request.user, C.MANAGE),
            "provinces": provinces.order_by("name")[:100],
        },
    )


@login_required
def new(request: HttpRequest) -> HttpResponse:
    provinces = units_for(request.user, C.MANAGE).filter(
        structure=Structure.NEW, level=Level.PROVINCE
    )
    if not provinces.exists():
        raise PermissionDenied
    services.ensure_bundled_templates()
    form = SurveyForm(request.POST or None, provinces=provinces.order_by("name"))
    if request.method == "POST" and form.is_valid():
        province = form.cleaned_data["province"]
        communes = AdminUnit.objects.filter(province=province, level=Level.COMMUNE, kind=Kind.XA)
        codes = form.codes()
        if codes:
            communes = AdminUnit.objects.filter(
                structure=Structure.NEW, level=Level.COMMUNE, code__in=codes
            )
        try:
            survey = services.do_open_survey(
                request.user,
                province=province,
                template=form.cleaned_data["template"],
                title=form.cleaned_data["title"],
                opens_on=form.cleaned_data["opens_on"],
                closes_on=form.cleaned_data["closes_on"],
                communes=communes,
                rule_code=form.cleaned_data["rule_code"],
                one_answer_per_device=form.cleaned_data["one_answer_per_device"],
            )
        except ValidationFailed as exc:
            for problem in exc.problems:
                form.add_error(None, problem)
        except PermissionDeniedError as exc:
            raise PermissionDenied from exc
        else:
            messages.success(request, "Đã mở đợt khảo sát.")
            return redirect("feedback:detail", survey_id=survey.pk)
    return render(request, "feedback/new.html", {"form": form})


@login_required
def detail(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey_or_404(request.user, survey_id)
    rows = queries.dashboard(survey)
    chart = {
        "labels": [r.place.commune.name for r in rows],
        "values": [r.overall.percent for r in rows],
        "answers": [r.answers for r in rows],
    }
    return render(
        request,
        "feedback/detail.html",
        {
            "survey": survey,
            "rows": rows,
            "rule": rules.rule(survey.rule_code),
            "chart": chart,
            "total": sum(r.answers for r in rows),
            "can_manage": can(request.user, C.MANAGE, survey.province),
            "pending": queries.moderation_queue(survey).count(),
        },
    )


@login_required
def commune(request: HttpRequest, survey_id: int, code: str) -> HttpResponse:
    place = _place_or_404(request.user, survey_id, code)
    context = queries.commune_results(place, public=False)
    context["chart"] = _chart_data(context)
    context["public_url"] = request.build_absolute_uri(
        reverse("feedback:form", kwargs={"token": place.token})
    )
    return render(request, "feedback/commune.html", context)


@login_required
def poster(request: HttpRequest, survey_id: int, code: str) -> HttpResponse:
    place = _place_or_404(request.user, survey_id, code)
    url = request.build_absolute_uri(reverse("feedback:form", kwargs={"token": place.token}))
    return pdf.poster_response(place, url)


@login_required
@require_POST
def close(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey_or_404(request.user, survey_id, C.MANAGE)
    try:
        services.do_close_survey(request.user, survey)
        messages.success(request, "Đã đóng đợt khảo sát; kết quả được công bố.")
    except ValidationFailed as exc:
        messages.error(request, "; ".join(exc.problems))
    return redirect("feedback:detail", survey_id=survey.pk)


@login_required
def moderation(request: HttpRequest, survey_id: int) -> HttpResponse:
    survey = _survey_or_404(request.user, survey_id, C.MANAGE)
    if request.method == "POST":
        answer = get_object_or_404(
            Answer.objects.select_related(
                "response__survey__province", "response__survey_commune__commune"
            ),
            pk=request.POST.get("answer_id")
            if str(request.POST.get("answer_id", "")).isdigit()
            else 0,
            response__survey=survey,
        )
        try:
            services.do_moderate(request.user, answer, request.POST.get("decision", ""))
        except ValidationFailed as exc:
            messages.error(request, "; ".join(exc.problems))
        return redirect("feedback:moderation", survey_id=survey.pk)
    queue = list(queries.moderation_queue(survey)[:100])
    return render(request, "feedback/moderation.html", {"survey": survey, "queue": queue})


@login_required
def contacts(request: HttpRequest, survey_id: int) -> HttpResponse:
    """Phone numbers residents chose to leave, by commune; never shown next to any answer."""
    survey = _survey_or_404(request.user, survey_id, C.MANAGE)
    rows = (
        ContactOptIn.objects.filter(survey_commune__survey=survey)
        .select_related("survey_commune__commune")
        .order_by("survey_commune__commune__name", "created_on", "phone")[:1000]
    )
    return render(request, "feedback/contacts.html", {"survey": survey, "rows": rows})


@login_required
def export(request: HttpRequest, survey_id: int, fmt: str) -> HttpResponse:
    survey = _survey_or_404(request.user, survey_id)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    return exports.response(survey, fmt)


@login_required
def online_services(request: HttpRequest, code: str) -> HttpResponse:
    province = get_unit_or_404(request.user, Structure.NEW, code)
    if province.level != Level.PROVINCE:
        raise Http404
    may_edit = can(request.user, C.MANAGE, province)
    communes = AdminUnit.objects.filter(
        province=province, level=Level.COMMUNE, kind=Kind.XA
    ).order_by("name")
    if request.method == "POST":
        if not may_edit:
            raise PermissionDenied
        form = OnlineServiceForm(request.POST)
        if form.is_valid():
            unit = get_object_or_404(communes, code=form.cleaned_data["code"])
            services.do_record_online_service(
                request.user,
                unit,
                provides=form.cleaned_data["provides"],
                description=form.cleaned_data["description"],
            )
            messages.success(request, f"Đã ghi nhận: {unit.name}")
        return redirect("feedback:services", code=province.code)
    records = {r.commune_id: r for r in OnlineService.objects.filter(commune__in=communes)}
    rows = [(c, records.get(c.pk)) for c in communes]
    return render(
        request,
        "feedback/services.html",
        {
            "province": province,
            "rows": rows,
            "may_edit": may_edit,
            "coverage": queries.online_feedback_coverage(province),
        },
    )
