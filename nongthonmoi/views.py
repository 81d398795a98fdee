from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.http import require_GET

from nongthonmoi.accounts.scope import units_for


def home(request: HttpRequest) -> HttpResponse:
    context = {}
    if request.user.is_authenticated:
        context["assignments"] = request.user.assignments.select_related("unit")  # type: ignore[union-attr]
        context["scope_size"] = units_for(request.user).count()
    return render(request, "home.html", context)


@require_GET
def health(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # no request context: context processors may need the database, which may be what failed
    return HttpResponseServerError(loader.get_template("500.html").render())
