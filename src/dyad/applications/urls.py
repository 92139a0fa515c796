from . import applicant_urls

app_name = "applications"
urlpatterns = [
    *applicant_urls.urlpatterns,  # the applicant's own pages
]
