"""The scoring, results and psychometrics pages of an association, under `a/<slug>/`."""

from dyad.associations.tenancy import tenant_path

from . import psychometrics_views, scoring_views

urlpatterns = [
    tenant_path("scoring/", scoring_views.my_scoring, name="my_scoring"),
    tenant_path("scoring/<int:pk>/", scoring_views.score_page, name="score"),
    tenant_path("exams/scoring/", scoring_views.scoring_list, name="scoring_list"),
    tenant_path("exams/scoring/<int:pk>/", scoring_views.scoring_detail, name="scoring_detail"),
    tenant_path("exams/psychometrics/", psychometrics_views.forms_list, name="psychometrics"),
    tenant_path("exams/psychometrics/<int:pk>/", psychometrics_views.form_stats, name="form_stats"),
    tenant_path(
        "exams/psychometrics/<int:pk>/stats.csv",
        psychometrics_views.form_stats_csv,
        name="form_stats_csv",
    ),
]
