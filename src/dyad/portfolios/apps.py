from django.apps import AppConfig


class PortfoliosConfig(AppConfig):
    name = "dyad.portfolios"
    label = "portfolios"
    verbose_name = "Portfolios"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from dyad.accounts.signals import person_erased

        from . import event_texts, services, transcript_services
        from .models import Transcript

        event_texts.register()
        person_erased.connect(
            services.erase_portfolio_of_erased_person, dispatch_uid="erase-portfolio"
        )
        post_delete.connect(
            transcript_services.delete_file_after_commit,
            sender=Transcript,
            dispatch_uid="delete-transcript-file",
        )
