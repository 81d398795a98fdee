from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import views
from .api import api

handler403 = "nongthonmoi.views.error_403"
handler404 = "nongthonmoi.views.error_404"
handler500 = "nongthonmoi.views.error_500"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("nongthonmoi.accounts.urls")),
    path("units/", include("nongthonmoi.places.urls")),
    path("criteria/", include("nongthonmoi.criteria.urls")),
    path("rounds/", include("nongthonmoi.rounds.urls")),
    path("ocop/", include("nongthonmoi.ocop.urls")),
    path("funding/", include("nongthonmoi.funding.urls")),
    path("surveys/", include("nongthonmoi.feedback.urls")),
    path("targets/", include("nongthonmoi.targets.urls")),
    path("portal/", include("nongthonmoi.portal.urls")),
    path("reports/", include("nongthonmoi.reports.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
