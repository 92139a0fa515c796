"""Importing a portfolio file (with a preview), and the person's own history."""

from django.urls import path

from . import import_views

urlpatterns: list = [
    path("portfolio/import/", import_views.import_portfolio, name="import"),
    path("portfolio/import/confirm/", import_views.confirm_import, name="import_confirm"),
    path("portfolio/history/", import_views.history, name="history"),
]
