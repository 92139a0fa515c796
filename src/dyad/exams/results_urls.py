"""The candidate's own results, under `/exams/results/` (namespace `exams`)."""

from django.urls import path

from . import results_views

urlpatterns = [
    path("exams/results/<int:pk>/", results_views.result_page, name="result"),
]
