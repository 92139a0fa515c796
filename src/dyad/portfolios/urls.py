from django.urls import path

from . import views

app_name = "portfolios"
urlpatterns = [path("eligibility/", views.check_portfolio_file, name="check")]
