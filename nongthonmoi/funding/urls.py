from django.urls import path

from . import views

app_name = "funding"
UNIT = "<str:structure>/<str:code>"
urlpatterns = [
    path("", views.index, name="index"),
    path("public/", views.public_index, name="public_index"),
    path(f"public/{UNIT}/", views.public_province, name="public_province"),
    path(f"public/{UNIT}/export.<str:fmt>", views.public_export, name="public_export"),
    path("allocations/<int:pk>/disburse/", views.disburse, name="disburse"),
    path(f"{UNIT}/", views.unit_page, name="unit"),
    path(f"{UNIT}/whatif/", views.whatif, name="whatif"),
    path(f"{UNIT}/whatif/export/", views.whatif_export, name="whatif_export"),
    path(f"{UNIT}/whatif/save/", views.whatif_save, name="whatif_save"),
    path(f"{UNIT}/rules/", views.rules, name="rules"),
    path(f"{UNIT}/disbursements/import/", views.disbursement_import, name="import"),
    path(f"{UNIT}/disbursements/template/", views.disbursement_template, name="import_template"),
    path(f"{UNIT}/mobilise/", views.mobilise, name="mobilise"),
    path(f"{UNIT}/publish/", views.publish, name="publish"),
]
