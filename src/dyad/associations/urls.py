from django.urls import path

from . import views

app_name = "associations"
urlpatterns = [
    path("alliance/", views.alliance_overview, name="alliance"),
    path("a/<slug:slug>/", views.association_home, name="home"),
    path("a/<slug:slug>/settings/", views.association_settings, name="settings"),
]
