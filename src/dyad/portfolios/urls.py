from django.urls import path

from . import export_views, views

app_name = "portfolios"
urlpatterns = [
    path("eligibility/", views.check_portfolio_file, name="check"),
    path("portfolio/export.json", export_views.export_portfolio, name="export"),
]
