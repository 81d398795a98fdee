from django.contrib import admin

from .models import AdminUnit, UnitSuccession


@admin.register(AdminUnit)
class AdminUnitAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "structure", "level", "kind", "region", "commune_group"]
    list_filter = ["structure", "level", "kind", "region", "commune_group"]
    search_fields = ["code", "name", "name_folded"]
    raw_id_fields = ["parent", "province", "district", "attributes_set_by"]


@admin.register(UnitSuccession)
class UnitSuccessionAdmin(admin.ModelAdmin):
    list_display = ["old", "new", "share"]
    raw_id_fields = ["old", "new"]
