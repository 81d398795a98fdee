"""Admin: templates and surveys are readable; answers are not editable (they are evidence)."""

from django.contrib import admin

from .models import OnlineService, Question, Survey, SurveyCommune, SurveyTemplate


class QuestionInline(admin.TabularInline):
    model = Question
    extra = 0
    can_delete = False


@admin.register(SurveyTemplate)
class SurveyTemplateAdmin(admin.ModelAdmin):
    list_display = ("code", "version", "title", "wording")
    inlines = [QuestionInline]


class SurveyCommuneInline(admin.TabularInline):
    model = SurveyCommune
    extra = 0
    raw_id_fields = ("commune",)
    readonly_fields = ("token",)


@admin.register(Survey)
class SurveyAdmin(admin.ModelAdmin):
    list_display = ("title", "province", "opens_on", "closes_on", "closed_at", "rule_code")
    raw_id_fields = ("province",)
    inlines = [SurveyCommuneInline]


@admin.register(OnlineService)
class OnlineServiceAdmin(admin.ModelAdmin):
    list_display = ("commune", "provides", "description", "updated_at")
    raw_id_fields = ("commune",)
