"""Admin: read-only views of the money rows (writes go through the services, with audit)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin

from .models import AllocationDecision, Disbursement, Mobilisation, ProvincialRule, PublishedYear


class ReadOnlyAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: Any, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False


@admin.register(AllocationDecision)
class AllocationDecisionAdmin(ReadOnlyAdmin):
    list_display = ["decision_number", "to_unit", "year", "fund_kind", "amount", "rule_code"]
    list_filter = ["year", "fund_kind", "rule_code"]
    search_fields = ["decision_number", "to_unit__code", "to_unit__name"]
    list_select_related = ["to_unit"]


@admin.register(Disbursement)
class DisbursementAdmin(ReadOnlyAdmin):
    list_display = ["allocation", "date", "amount", "source"]
    list_filter = ["source"]
    list_select_related = ["allocation__to_unit"]


@admin.register(Mobilisation)
class MobilisationAdmin(ReadOnlyAdmin):
    list_display = ["unit", "year", "source", "form", "amount"]
    list_filter = ["year", "source", "form"]
    list_select_related = ["unit"]


@admin.register(ProvincialRule)
class ProvincialRuleAdmin(ReadOnlyAdmin):
    list_display = ["province", "code", "version", "resolution_number", "resolution_date"]


@admin.register(PublishedYear)
class PublishedYearAdmin(ReadOnlyAdmin):
    list_display = ["province", "year", "published_at", "withdrawn_at"]
