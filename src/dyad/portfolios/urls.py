from django.urls import path

from . import entry_urls, export_views, home_urls, import_urls, transcript_urls, views

app_name = "portfolios"
urlpatterns = [
    path("eligibility/", views.check_portfolio_file, name="check"),
    path("portfolio/export.json", export_views.export_portfolio, name="export"),
    *home_urls.urlpatterns,  # the portfolio's home page (where the person stands)
    *entry_urls.urlpatterns,  # the forms that add, change and remove entries
    *import_urls.urlpatterns,  # importing a portfolio file, and the person's own history
    *transcript_urls.urlpatterns,  # the transcripts of an education entry
]
