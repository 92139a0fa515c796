from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "dyad.reports"
    label = "reports"
    verbose_name = "Reports"
