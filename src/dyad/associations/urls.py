from . import views
from .tenancy import tenant_path

app_name = "associations"
urlpatterns = [
    tenant_path("", views.association_home, name="home"),
    tenant_path("settings/", views.association_settings, name="settings"),
    tenant_path("settings/logo/", views.association_logo, name="logo"),
]
