from django.urls import path

from . import views

app_name = "places"
urlpatterns = [
    path("", views.index, name="index"),
    path("search/", views.search, name="search"),
    path("<str:structure>/<str:code>/", views.detail, name="detail"),
    path("<str:structure>/<str:code>/attributes/", views.edit_attributes, name="attributes"),
]
