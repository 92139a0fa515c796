"""The coordinator's renewals dashboard and settings, under `a/<slug>/renewals/`."""

from dyad.associations.tenancy import tenant_path

from . import dashboard_views as views

urlpatterns = [
    tenant_path("renewals/", views.renewals_dashboard, name="dashboard"),
    tenant_path("renewals/settings/", views.renewal_settings, name="settings"),
]
