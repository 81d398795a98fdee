"""Who may see, prepare and approve a report. Built only on `accounts.scope` (the one rule).

* see: VIEW on the report's province (the province's staff, the central level); the national
  report: national VIEW (central viewer, administrator);
* prepare (write the texts, generate the files): MANAGE on the province; the national report is
  compiled by the central office, so national VIEW is enough;
* approve (review, sign off, send up, return to draft): APPROVE on the province; for the national
  report, national APPROVE.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404

from nongthonmoi.accounts.roles import Capability
from nongthonmoi.accounts.scope import can, filter_for, is_national

from .models import Report


def can_view(user: Any, report: Report) -> bool:
    if report.province is None:
        return is_national(user, Capability.VIEW)
    return can(user, Capability.VIEW, report.province)


def can_prepare(user: Any, report: Report) -> bool:
    if report.province is None:
        return is_national(user, Capability.VIEW)
    return can(user, Capability.MANAGE, report.province)


def can_approve(user: Any, report: Report) -> bool:
    if report.province is None:
        return is_national(user, Capability.APPROVE)
    return can(user, Capability.APPROVE, report.province)


def visible_reports(user: Any) -> QuerySet[Report]:
    """Reports whose province the user may see; the national ones for the central level."""
    reports = Report.objects.select_related("province")
    provincial = filter_for(
        user,
        reports.filter(province__isnull=False),
        unit_field="province",
        capability=Capability.VIEW,
    )
    if is_national(user, Capability.VIEW):
        return reports
    return provincial


def report_or_404(user: Any, pk: int) -> Report:
    report = Report.objects.select_related("province").filter(pk=pk).first()
    if report is None or not can_view(user, report):
        raise Http404("report not in scope")
    return report
