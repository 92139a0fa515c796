from django.apps import AppConfig


class PortfoliosConfig(AppConfig):
    name = "dyad.portfolios"
    label = "portfolios"
    verbose_name = "Portfolios"

    def ready(self) -> None:
        from dyad.accounts.signals import person_erased

        from . import event_texts, services

        event_texts.register()
        person_erased.connect(
            services.erase_portfolio_of_erased_person, dispatch_uid="erase-portfolio"
        )
