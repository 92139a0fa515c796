"""The endorsed person's renewal pages, under `/renewals/`."""

from django.urls import path

from . import person_views as views

urlpatterns = [
    path("renewals/", views.renewal_list, name="mine"),
    path("renewals/start/<int:endorsement>/", views.start, name="start"),
    path("renewals/reinstate/<int:endorsement>/", views.reinstate, name="reinstate"),
    path("renewals/<int:pk>/", views.detail, name="detail"),
    path("renewals/<int:pk>/sign/", views.sign, name="sign"),
    path("renewals/<int:pk>/pay/", views.pay, name="pay"),
    path("renewals/<int:pk>/pay/return/", views.payment_return, name="payment_return"),
    path("renewals/<int:pk>/submit/", views.submit, name="submit"),
    path("renewals/<int:pk>/evidence/", views.upload_evidence, name="upload_evidence"),
    path("renewals/<int:pk>/evidence/<int:evidence>/", views.download_evidence, name="evidence"),
    path(
        "renewals/<int:pk>/evidence/<int:evidence>/remove/",
        views.remove_evidence,
        name="remove_evidence",
    ),
]
