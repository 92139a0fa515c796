from django.urls import path

from . import views

app_name = "credentials"
urlpatterns = [path("registry/", views.registry, name="registry")]
