"""The coordinator's audit review, under `a/<slug>/renewals/audits/`."""

from dyad.associations.tenancy import tenant_path

from . import audit_views as views

urlpatterns = [
    tenant_path("renewals/audits/", views.audit_list, name="audits"),
    tenant_path("renewals/audits/<int:pk>/", views.audit_page, name="audit"),
    tenant_path(
        "renewals/audits/<int:pk>/evidence/<int:evidence>/",
        views.audit_evidence,
        name="audit_evidence",
    ),
]
