from django.urls import path

from . import views

app_name = "criteria"
urlpatterns = [
    path("", views.index, name="index"),
    path("national/", views.national, name="national"),
    path("sets/", views.sets, name="sets"),
    path("sets/<slug:set_code>.xlsx", views.set_workbook, name="set_workbook"),
    path("<str:structure>/<str:code>/", views.unit_page, name="unit"),
    path(
        "<str:structure>/<str:code>/indicator/<str:indicator>/",
        views.indicator_detail,
        name="indicator",
    ),
    path("<str:structure>/<str:code>/thresholds/", views.thresholds, name="thresholds"),
    path(
        "<str:structure>/<str:code>/thresholds.xlsx",
        views.thresholds_workbook,
        name="thresholds_workbook",
    ),
    path("<str:structure>/<str:code>/thresholds/edit/", views.overlay_edit, name="overlay_edit"),
    path(
        "<str:structure>/<str:code>/thresholds/import/",
        views.overlay_import,
        name="overlay_import",
    ),
    path("<str:structure>/<str:code>/recompute/", views.recompute, name="recompute"),
]
