from django.urls import path, register_converter

from dyad.associations.tenancy import tenant_path

from . import holder_views, staff_views, verify_views, views


class NumberConverter:
    """A credential number: letters, digits and dashes (no slash, so /verify/file/ stays free)."""

    regex = "[A-Za-z0-9][A-Za-z0-9-]{0,39}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(NumberConverter, "number")

app_name = "credentials"
urlpatterns = [
    path("registry/", views.registry, name="registry"),
    path("verify/<number:number>", verify_views.verify, name="verify"),
    path("credentials/", holder_views.my_credentials, name="mine"),
    path(
        "credentials/<number:number>/certificate.pdf",
        holder_views.certificate,
        name="certificate",
    ),
    tenant_path("credentials/", staff_views.endorsement_list, name="staff_list"),
    tenant_path(
        "credentials/<number:number>/", staff_views.endorsement_detail, name="staff_detail"
    ),
]
