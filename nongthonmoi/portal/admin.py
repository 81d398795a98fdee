from django.contrib import admin

from .models import Article, Category, Decision, LegalDocument, VisitDay


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "status", "published_at", "view_count"]
    list_filter = ["status", "category"]
    search_fields = ["title", "search_folded"]
    raw_id_fields = ["province", "author", "reviewed_by"]
    readonly_fields = ["view_count"]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["number", "kind", "signed_on", "recipient", "published"]
    list_filter = ["kind", "published"]
    search_fields = ["number", "recipient", "search_folded"]
    raw_id_fields = ["province", "unit"]


@admin.register(LegalDocument)
class LegalDocumentAdmin(admin.ModelAdmin):
    list_display = ["number", "doc_type", "title", "signed_on", "published"]
    list_filter = ["doc_type", "published"]
    search_fields = ["number", "title", "search_folded"]
    raw_id_fields = ["province"]


@admin.register(VisitDay)
class VisitDayAdmin(admin.ModelAdmin):
    list_display = ["day", "visitors"]
