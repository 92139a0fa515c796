from . import audit_urls, dashboard_urls, person_urls

app_name = "renewals"
urlpatterns: list = [
    *person_urls.urlpatterns,  # the endorsed person's own pages, /renewals/
    *audit_urls.urlpatterns,  # the coordinator's audit review, a/<slug>/renewals/audits/
    *dashboard_urls.urlpatterns,  # the coordinator's dashboard and settings, a/<slug>/renewals/
]
