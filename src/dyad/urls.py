from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("dyad.core.urls")),
    path("", include("dyad.web.urls")),
    path("", include("dyad.associations.urls")),
    path("", include("dyad.credentials.urls")),
    path("", include("dyad.portfolios.urls")),
    path("", include("dyad.applications.rater_urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
