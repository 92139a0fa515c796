"""The association's application pages, under `a/<slug>/`."""

from dyad.associations.tenancy import tenant_path

from . import staff_views

app_name = "pipeline"
urlpatterns = [
    tenant_path("applications/", staff_views.pipeline, name="list"),
    tenant_path("applications/<int:pk>/", staff_views.application_page, name="application"),
    tenant_path(
        "applications/<int:pk>/files/<str:file_ref>/",
        staff_views.submitted_file,
        name="submitted_file",
    ),
    tenant_path("reviews/", staff_views.my_reviews, name="reviews"),
    tenant_path("reviews/<int:pk>/", staff_views.review_page, name="review"),
]
