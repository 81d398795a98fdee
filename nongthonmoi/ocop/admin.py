from django.contrib import admin

from .models import Certificate, CouncilSession, Dossier, Producer, Product


class ReadOnly(admin.ModelAdmin):
    """Writes go through services.py (permission, validation, audit); the admin only reads."""

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Producer)
class ProducerAdmin(ReadOnly):
    list_display = ["name", "kind", "commune"]
    search_fields = ["name_folded", "tax_code"]
    raw_id_fields = ["commune"]
    filter_horizontal = ["members"]


@admin.register(Product)
class ProductAdmin(ReadOnly):
    list_display = ["name", "code", "producer", "stars"]
    search_fields = ["search_folded", "code"]
    raw_id_fields = ["producer", "commune"]


@admin.register(Dossier)
class DossierAdmin(ReadOnly):
    list_display = ["product", "kind", "status", "filed_on"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["product", "commune", "session"]


@admin.register(CouncilSession)
class CouncilSessionAdmin(ReadOnly):
    list_display = ["title", "province", "held_on", "status"]
    raw_id_fields = ["province"]


@admin.register(Certificate)
class CertificateAdmin(ReadOnly):
    list_display = ["decision_number", "product", "stars", "valid_until", "status"]
    list_filter = ["status", "stars"]
    raw_id_fields = ["product", "dossier", "province"]
