from django.apps import AppConfig


class PortfoliosConfig(AppConfig):
    name = "dyad.portfolios"
    label = "portfolios"
    verbose_name = "Portfolios"
