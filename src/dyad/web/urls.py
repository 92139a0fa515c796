from django.urls import path

from . import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("definitions/", views.definitions, name="definitions"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("alliance/", views.alliance_overview, name="alliance"),
]
