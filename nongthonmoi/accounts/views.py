from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nongthonmoi.core import audit
from nongthonmoi.core.models import AuditEntry

from .models import ApiToken
from .roles import Capability
from .scope import filter_for, has_capability_anywhere, is_national, units_for


@login_required
def me(request: HttpRequest) -> HttpResponse:
    assignments = request.user.assignments.select_related("unit", "unit__province")  # type: ignore[union-attr]
    tokens = request.user.api_tokens.order_by("-created_at")  # type: ignore[union-attr]
    return render(
        request,
        "accounts/me.html",
        {
            "assignments": assignments,
            "tokens": tokens,
            "new_token": request.session.pop("new_api_token", None),
        },
    )


@login_required
@require_POST
def create_token(request: HttpRequest) -> HttpResponse:
    name = request.POST.get("name", "").strip()[:100] or _("Mã truy cập")
    token, raw = ApiToken.issue(request.user, name)  # type: ignore[arg-type]
    audit.record(request.user, "accounts.create_token", token)
    request.session["new_api_token"] = raw
    messages.success(request, _("Đã tạo mã truy cập API. Hãy lưu lại: mã chỉ hiện một lần."))
    return redirect("accounts:me")


@login_required
@require_POST
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = request.user.api_tokens.filter(pk=token_id).first()  # type: ignore[union-attr]
    if token is not None:
        audit.record(request.user, "accounts.revoke_token", token)
        token.delete()
        messages.success(request, _("Đã thu hồi mã truy cập."))
    return redirect("accounts:me")


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    if not has_capability_anywhere(request.user, Capability.VIEW_AUDIT):
        return render(request, "403.html", status=403)
    entries = AuditEntry.objects.select_related("actor", "unit")
    if not is_national(request.user, Capability.VIEW_AUDIT):
        entries = filter_for(request.user, entries, capability=Capability.VIEW_AUDIT)
    unit_code = request.GET.get("unit", "").strip()
    username = request.GET.get("user", "").strip()
    if unit_code:
        # codes repeat across the two maps: match every unit with this code in the user's scope
        scoped = units_for(request.user, Capability.VIEW_AUDIT).filter(code=unit_code)
        entries = entries.filter(unit__in=scoped)
    if username:
        entries = entries.filter(actor__username=username)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "accounts/audit.html",
        {
            "page": page,
            "unit_code": unit_code,
            "username": username,
        },
    )
