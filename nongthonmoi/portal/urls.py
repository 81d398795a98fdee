from django.contrib.sitemaps.views import sitemap
from django.urls import path

from . import feeds, views

app_name = "portal"
urlpatterns = [
    path("", views.index, name="index"),
    path("chuyen-muc/<slug:slug>/", views.category, name="category"),
    path("tin-tuc/<slug:slug>/", views.article, name="article"),
    path("anh/<int:pk>/<str:size>.jpg", views.cover, name="cover"),
    path("tim-kiem/", views.search, name="search"),
    path("khen-thuong-xu-phat/", views.decisions, name="decisions"),
    path(
        "khen-thuong-xu-phat/don-vi/<str:structure>/<str:code>/",
        views.decisions_for_unit,
        name="decisions_unit",
    ),
    path("khen-thuong-xu-phat/<int:pk>/tep/", views.decision_file, name="decision_file"),
    path("van-ban/", views.documents, name="documents"),
    path("van-ban/<int:pk>/tep/", views.document_file, name="document_file"),
    path("so-lieu/", views.progress, name="progress"),
    path("khao-sat/", views.survey_results, name="survey_results"),
    path("du-lieu-mo/", views.data_catalogue, name="data"),
    path("du-lieu-mo/<slug:slug>/", views.dataset, name="dataset"),
    path("du-lieu-mo/<slug:slug>.<str:fmt>", views.dataset_download, name="dataset_download"),
    path("rss/", feeds.LatestArticles(), name="feed"),
    path("rss/<slug:slug>/", feeds.CategoryArticles(), name="feed_category"),
    path("atom/<slug:slug>/", feeds.CategoryAtom(), name="atom_category"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": views.SITEMAPS, "template_name": "portal/sitemap.xml"},
        name="sitemap",
    ),
    path("bien-tap/", views.editor, name="editor"),
    path("bien-tap/moi/", views.article_new, name="article_new"),
    path("bien-tap/<int:pk>/", views.article_edit, name="article_edit"),
    path("bien-tap/<int:pk>/gui-duyet/", views.article_submit, name="article_submit"),
    path("bien-tap/<int:pk>/xuat-ban/", views.article_publish, name="article_publish"),
    path("bien-tap/<int:pk>/tu-choi/", views.article_refuse, name="article_refuse"),
    path("bien-tap/<int:pk>/go-bai/", views.article_withdraw, name="article_withdraw"),
    path("bien-tap/khen-thuong-xu-phat/moi/", views.decision_new, name="decision_new"),
    path("bien-tap/van-ban/moi/", views.document_new, name="document_new"),
]
