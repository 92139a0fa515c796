from . import builder_urls, candidate_urls, results_urls, scoring_urls

app_name = "exams"
urlpatterns: list = [
    *candidate_urls.urlpatterns,  # the candidate's own pages, /exams/
    *builder_urls.urlpatterns,  # staff: forms, windows, invitations, a/<slug>/exams/
    *results_urls.urlpatterns,  # the candidate's results, /exams/results/
    *scoring_urls.urlpatterns,  # staff: scoring, results, psychometrics, a/<slug>/...
]
