"""The reports: an association's under `a/<slug>/reports/`, the Alliance's under
`alliance/reports/`."""

from django.urls import path

from dyad.associations.tenancy import tenant_path

from . import views

app_name = "reports"
urlpatterns = [
    tenant_path("reports/", views.dashboard, name="dashboard"),
    tenant_path("reports/map/", views.county_map, name="map"),
    tenant_path("reports/map/counties.csv", views.county_csv, name="map_csv"),
    tenant_path("reports/map/counties.xlsx", views.county_xlsx, name="map_xlsx"),
    tenant_path("reports/endorsements/", views.endorsement_list, name="endorsements"),
    tenant_path("reports/applications/", views.application_list, name="applications"),
    tenant_path("reports/report.<str:kind>", views.report_file, name="report_file"),
    tenant_path("reports/<slug:figure>.csv", views.figure_csv, name="figure_csv"),
    path("alliance/reports/", views.alliance, name="alliance"),
    path(
        "alliance/reports/report.<str:kind>",
        views.alliance_report_file,
        name="alliance_report_file",
    ),
    path(
        "alliance/reports/<slug:figure>.csv",
        views.alliance_figure_csv,
        name="alliance_figure_csv",
    ),
]
