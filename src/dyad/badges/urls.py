from django.urls import path

from . import views

app_name = "badges"
urlpatterns = [
    path("issuers/<slug:slug>/", views.issuer, name="issuer"),
    path("issuers/<slug:slug>/keys/<int:serial>", views.key, name="key"),
    path("issuers/<slug:slug>/status/revocation", views.status_list, name="status_list"),
    path("credentials/<str:number>.json", views.credential_json, name="credential_json"),
    path("verify/file/", views.verify_file, name="verify_file"),
]
