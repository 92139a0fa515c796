"""The coordinators' exam pages, under `a/<slug>/exams/` (namespace `exams`)."""

from dyad.associations.tenancy import tenant_path

from . import builder_views as views

urlpatterns = [
    tenant_path("exams/", views.forms_list, name="forms"),
    tenant_path("exams/new/", views.form_new, name="form_new"),
    tenant_path("exams/import/", views.form_import, name="form_import"),
    tenant_path("exams/<int:pk>/", views.form_page, name="form"),
    tenant_path("exams/<int:pk>/settings/", views.form_edit, name="form_edit"),
    tenant_path("exams/<int:pk>/publish/", views.form_publish, name="form_publish"),
    tenant_path("exams/<int:pk>/new-version/", views.form_version, name="form_version"),
    tenant_path("exams/<int:pk>/export.json", views.form_export, name="form_export"),
    tenant_path("exams/<int:pk>/vignettes/new/", views.vignette_edit, name="vignette_new"),
    tenant_path(
        "exams/<int:pk>/vignettes/<int:vignette_pk>/", views.vignette_edit, name="vignette_edit"
    ),
    tenant_path("exams/<int:pk>/questions/new/", views.item_edit, name="item_new"),
    tenant_path("exams/<int:pk>/questions/<int:item_pk>/", views.item_edit, name="item_edit"),
    tenant_path(
        "exams/<int:pk>/<str:part>/<int:part_pk>/delete/", views.part_delete, name="part_delete"
    ),
    tenant_path("exams/<int:pk>/windows/new/", views.window_new, name="window_new"),
    tenant_path("exams/windows/<int:pk>/", views.window_page, name="window"),
    tenant_path(
        "exams/sittings/<int:pk>/accommodations/",
        views.sitting_accommodations,
        name="accommodations",
    ),
]
