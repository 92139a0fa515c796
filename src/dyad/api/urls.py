from dyad.associations.tenancy import tenant_path

from . import views

app_name = "api"
urlpatterns = [
    tenant_path("api-keys/", views.keys, name="keys"),
    tenant_path("api-keys/<int:pk>/", views.key_action, name="key_action"),
    tenant_path("webhooks/", views.webhooks, name="webhooks"),
    tenant_path("webhooks/<int:pk>/", views.webhook_detail, name="webhook"),
]
