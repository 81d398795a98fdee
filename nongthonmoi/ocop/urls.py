from django.urls import path

from . import views

app_name = "ocop"
urlpatterns = [
    path("", views.index, name="index"),
    # public
    path("danh-muc/", views.catalogue, name="catalogue"),
    path("san-pham/<int:pk>/", views.public_product, name="public_product"),
    path("anh/<int:pk>/<str:size>.jpg", views.photo, name="photo"),
    path("chung-nhan/<int:pk>.pdf", views.certificate_pdf, name="certificate_pdf"),
    # registry
    path("chu-the/", views.producer_form, name="producer_form"),
    path("products/new/", views.product_new, name="product_new"),
    path("products/<int:pk>/", views.product_detail, name="product_detail"),
    path("products/<int:pk>/edit/", views.product_edit, name="product_edit"),
    path("products/<int:pk>/dossier/", views.dossier_new, name="dossier_new"),
    path("evidence/<int:pk>/", views.evidence_file, name="evidence_file"),
    # procedure
    path("dossiers/<int:pk>/", views.dossier_detail, name="dossier_detail"),
    path("dossiers/<int:pk>/trung-uong/", views.central_result, name="central_result"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:pk>/", views.session_detail, name="session_detail"),
    path("sessions/<int:pk>/score/<int:dossier_pk>/", views.session_score, name="session_score"),
    path("sessions/<int:pk>/<str:kind>.pdf", views.session_pdf, name="session_pdf"),
    # certificates and statistics
    path("certificates/", views.certificates, name="certificates"),
    path("certificates/<int:pk>/revoke/", views.certificate_revoke, name="certificate_revoke"),
    path("stats/", views.stats, name="stats"),
]
