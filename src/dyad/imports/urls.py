from dyad.associations.tenancy import tenant_path

from . import views

app_name = "imports"
urlpatterns = [
    tenant_path("imports/", views.imports, name="index"),
    tenant_path("imports/<int:pk>/", views.detail, name="detail"),
    tenant_path("imports/<int:pk>/confirm/", views.confirm, name="confirm"),
    tenant_path("imports/<int:pk>/cancel/", views.cancel, name="cancel"),
    tenant_path("imports/template/<slug:kind>.<slug:fmt>", views.template, name="template"),
]
