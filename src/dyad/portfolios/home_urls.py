"""The portfolio home page: where the person stands, category by category."""

from django.urls import path

from . import home_views

urlpatterns: list = [
    path("portfolio/", home_views.home, name="home"),
]
