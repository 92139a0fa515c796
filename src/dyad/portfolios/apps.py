from django.apps import AppConfig


class PortfoliosConfig(AppConfig):
    name = "dyad.portfolios"
    label = "portfolios"
    verbose_name = "Portfolios"

    def ready(self) -> None:
        from . import event_texts

        event_texts.register()
