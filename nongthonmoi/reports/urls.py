from django.urls import path

from . import views

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("create/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/texts/", views.texts, name="texts"),
    path("<int:pk>/transition/", views.transition, name="transition"),
    path("<int:pk>/generate/", views.generate, name="generate"),
    path("generations/<int:pk>/", views.generation_status, name="generation_status"),
    path("generations/<int:pk>/<str:fmt>/", views.download, name="download"),
]
