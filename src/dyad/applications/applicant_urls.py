"""The applicant's pages (included by `urls.py`)."""

from django.urls import path

from . import applicant_views as views

urlpatterns = [
    path("applications/", views.application_list, name="list"),
    path("applications/start/", views.start, name="start"),
    path("applications/<int:pk>/", views.detail, name="detail"),
    path("applications/<int:pk>/references/", views.name_reference, name="name_reference"),
    path("applications/<int:pk>/submit/", views.submit, name="submit"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("applications/<int:pk>/pay/", views.pay, name="pay"),
    path("applications/<int:pk>/pay/return/", views.payment_return, name="payment_return"),
]
