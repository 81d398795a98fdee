"""In-app notifications, also sent by e-mail (after the transaction commits)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q

from nongthonmoi.accounts.models import Assignment
from nongthonmoi.accounts.roles import CAPABILITIES, Capability
from nongthonmoi.places.models import AdminUnit, UnitSuccession

from .models import Notification


def users_with(capability: Capability, unit: AdminUnit) -> list[Any]:
    """Users holding `capability` at the unit itself or at one of its ancestors (not nationwide)."""
    roles = [role.value for role, caps in CAPABILITIES.items() if capability in caps]
    places = [unit.pk, unit.province_id, unit.district_id]
    assignments = (
        Assignment.objects.filter(role__in=roles, unit_id__in=[p for p in places if p])
        .select_related("user")
        .order_by("user_id")
    )
    seen: dict[int, Any] = {}
    for assignment in assignments:
        if assignment.user.is_active:
            seen.setdefault(assignment.user.pk, assignment.user)
    # 2025-map officers keep access to the 2021-map communes merged into theirs
    if unit.structure == "2021":
        new_units = UnitSuccession.objects.filter(old=unit)
        successors = Assignment.objects.filter(
            Q(unit_id__in=new_units.values("new_id"))
            | Q(unit_id__in=new_units.values("new__province_id")),
            role__in=roles,
        ).select_related("user")
        for assignment in successors:
            if assignment.user.is_active:
                seen.setdefault(assignment.user.pk, assignment.user)
    return list(seen.values())


SUBJECT_LIMIT = 120


def email_subject(text: str) -> str:
    """The e-mail subject: the text, cut at a word boundary with "…" when it is too long."""
    text = " ".join(text.split())
    if len(text) <= SUBJECT_LIMIT:
        return f"[Nông thôn mới] {text}"
    cut = text[: SUBJECT_LIMIT - 1].rsplit(" ", 1)[0].rstrip(" ,:;—–-")
    return f"[Nông thôn mới] {cut}…"


def notify(
    users: Iterable[Any], text: str, url: str = "", *, email: bool = True, subject: str = ""
) -> int:
    """Notify in the app (``text``) and by e-mail; ``subject`` is a short e-mail subject that
    must say what happened (a long ``text`` would lose its verb when cut)."""
    users = list(users)
    Notification.objects.bulk_create([Notification(user=u, text=text, url=url) for u in users])
    recipients = [u.email for u in users if email and u.email]
    if recipients:

        def send() -> None:
            send_mail(
                subject=email_subject(subject or text),
                message=f"{text}\n\n{url}",
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=recipients,
                fail_silently=True,
            )

        transaction.on_commit(send)
    return len(users)
