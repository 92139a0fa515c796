from django.contrib import admin
from django.urls import include, path

from dyad.accounts.views import set_language
from dyad.api.main import api

urlpatterns = [
    path("", include("dyad.core.urls")),
    path("", include("dyad.web.urls")),
    path("", include("dyad.associations.urls")),
    path("", include("dyad.rulesets.urls")),
    path("", include("dyad.badges.urls")),  # before credentials: /verify/file/ is not a number
    path("", include("dyad.credentials.urls")),
    path("", include("dyad.portfolios.urls")),
    path("api/v1/", api.urls),
    path("", include("dyad.api.urls")),
    path("", include("dyad.applications.staff_urls")),
    path("", include("dyad.reports.urls")),
    path("", include("dyad.applications.urls")),
    path("", include("dyad.applications.rater_urls")),
    path("", include("dyad.imports.urls")),
    path("", include("dyad.exams.urls")),
    path("", include("dyad.renewals.urls")),
    path("", include("dyad.accounts.urls")),  # before allauth: /accounts/settings/ is ours
    path("accounts/", include("allauth.urls")),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
]
