from django.contrib import admin

from .models import Conference, Course, Programme, Target, TargetOverride, Task


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "theme"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["code", "programme", "target_value", "target_year", "source_status"]
    list_filter = ["programme", "source_status"]
    # shipped data: edit programmes.yaml and reload; provinces use overrides (audited)
    readonly_fields = [f.name for f in Target._meta.fields]


@admin.register(TargetOverride)
class TargetOverrideAdmin(admin.ModelAdmin):
    list_display = ["target", "province", "target_value", "decision_number"]
    readonly_fields = [f.name for f in TargetOverride._meta.fields]


@admin.register(Conference)
class ConferenceAdmin(admin.ModelAdmin):
    list_display = ["title", "held_on", "chair", "unit"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["title", "assignee_org", "deadline", "state"]
    list_filter = ["state"]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "topic", "start_date", "unit"]
