from django.urls import path

from . import views

app_name = "feedback"
urlpatterns = [
    path("", views.index, name="index"),
    path("moi/", views.new, name="new"),
    # public (no login)
    path("s/<str:token>/", views.public_form, name="form"),
    path("s/<str:token>/cam-on/", views.thanks, name="thanks"),
    path("ket-qua/<int:survey_id>/<str:code>/", views.public_results, name="public_results"),
    # officers
    path("<int:survey_id>/", views.detail, name="detail"),
    path("<int:survey_id>/xa/<str:code>/", views.commune, name="commune"),
    path("<int:survey_id>/xa/<str:code>/poster.pdf", views.poster, name="poster"),
    path("<int:survey_id>/dong/", views.close, name="close"),
    path("<int:survey_id>/kiem-duyet/", views.moderation, name="moderation"),
    path("<int:survey_id>/xuat.<str:fmt>", views.export, name="export"),
    path("<int:survey_id>/lien-he/", views.contacts, name="contacts"),
    path("dich-vu/<str:code>/", views.online_services, name="services"),
]
