"""Admin: read-mostly views of overlays and stored results (changes go through the services)."""

from __future__ import annotations

from django.contrib import admin

from .models import Evaluation, EvaluationSummary, IndicatorValue, ProvinceOverlay


@admin.register(ProvinceOverlay)
class ProvinceOverlayAdmin(admin.ModelAdmin):
    list_display = ["province", "set_code", "version", "decision_number", "illustrative", "active"]
    list_filter = ["set_code", "illustrative", "active"]
    readonly_fields = [f.name for f in ProvinceOverlay._meta.fields if f.name != "active"]


@admin.register(Evaluation)
class EvaluationAdmin(admin.ModelAdmin):
    list_display = ["unit", "set_code", "year", "basis", "criteria_met", "meets_standard"]
    list_filter = ["set_code", "year", "basis", "meets_standard"]
    search_fields = ["unit__code", "unit__name_folded"]
    raw_id_fields = ["unit", "province"]

    def has_add_permission(self, request) -> bool:  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None) -> bool:  # type: ignore[no-untyped-def]
        return False


@admin.register(EvaluationSummary)
class EvaluationSummaryAdmin(admin.ModelAdmin):
    list_display = ["scope_key", "set_code", "year", "basis", "units_evaluated", "meets_standard"]
    list_filter = ["set_code", "year", "basis"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(admin.ModelAdmin):
    list_display = ["unit", "set_code", "year", "indicator_code", "value", "status"]
    list_filter = ["set_code", "year", "status"]
    search_fields = ["unit__code", "indicator_code"]
    raw_id_fields = ["unit", "updated_by"]
