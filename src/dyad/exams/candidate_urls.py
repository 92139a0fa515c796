"""The candidate's own exam pages, under `/exams/` (namespace `exams`)."""

from django.urls import path

from . import candidate_views

urlpatterns = [
    path("exams/", candidate_views.mine, name="mine"),
    path("exams/sittings/<int:pk>/", candidate_views.sitting_page, name="sitting"),
    path("exams/sittings/<int:pk>/start/", candidate_views.start, name="start"),
    path("exams/sittings/<int:pk>/save/", candidate_views.save, name="save"),
    path("exams/sittings/<int:pk>/answers/", candidate_views.save_all, name="save_all"),
    path("exams/sittings/<int:pk>/position/", candidate_views.position, name="position"),
    path("exams/sittings/<int:pk>/break/", candidate_views.take_break, name="break"),
    path("exams/sittings/<int:pk>/submit/", candidate_views.submit, name="submit"),
]
