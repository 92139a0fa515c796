"""Short URLs for people answering by link (typed from paper sometimes), the provider's RS/C
page, and the association's view of an application's references."""

from django.urls import path, register_converter

from dyad.associations.tenancy import tenant_path

from . import rater_views, reference_staff_views
from .links import TokenConverter

register_converter(TokenConverter, "token")

app_name = "raters"
urlpatterns = [
    path("r/<token:token>/", rater_views.reference_form, name="reference"),
    path("r/<token:token>/decline/", rater_views.reference_decline, name="decline"),
    path("rsc/", rater_views.rsc_mine, name="rsc_mine"),
    path("rsc/<token:token>/", rater_views.rsc_form, name="rsc"),
    path("rsc/provider/<int:pk>/", rater_views.rsc_mine_confirm, name="rsc_mine_confirm"),
    path("references/<int:pk>/resend/", rater_views.resend, name="resend"),
    path(
        "applications/<int:pk>/rsc/<int:provider_pk>/",
        rater_views.ask_rsc_confirmation,
        name="ask_rsc",
    ),
    tenant_path(
        "applications/<int:pk>/references/",
        reference_staff_views.application_references,
        name="application_references",
    ),
    tenant_path(
        "references/<int:pk>/renew/", reference_staff_views.renew_reference_link, name="renew"
    ),
    tenant_path(
        "references/<int:pk>/resend/", reference_staff_views.resend_reference, name="staff_resend"
    ),
]
