from django.urls import path

from dyad.associations.tenancy import tenant_path

from . import views

app_name = "rulesets"
urlpatterns = [
    tenant_path("requirements/", views.requirements_home, name="home"),
    tenant_path("requirements/<str:standard>/start/", views.start_draft, name="start"),
    tenant_path("requirements/<str:standard>/draft/", views.draft_page, name="draft"),
    tenant_path(
        "requirements/<str:standard>/draft/category/<str:category>/",
        views.edit_category,
        name="category",
    ),
    tenant_path("requirements/<str:standard>/draft/impact/", views.impact, name="impact"),
    tenant_path("requirements/<str:standard>/draft/publish/", views.publish_draft, name="publish"),
    tenant_path("requirements/<str:standard>/draft/discard/", views.discard_draft, name="discard"),
    tenant_path("requirements/<str:standard>/compare/", views.compare, name="compare"),
    path("requirements/<slug:slug>/", views.public_requirements, name="public"),
    path("requirement-sets/<str:set_id>@<int:version>.json", views.export, name="export"),
]
