from django.apps import AppConfig


class PortfoliosConfig(AppConfig):
    name = "dyad.portfolios"
    label = "portfolios"
    verbose_name = "Portfolios"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from dyad.accounts.signals import person_erased
        from dyad.core.models import Event
        from dyad.credentials.models import Endorsement

        from . import event_texts, services, standing, transcript_services
        from .models import Transcript

        event_texts.register()
        # A cached standing is keyed by versions these replace (standing.py says why each).
        post_save.connect(standing.note_portfolio_event, Event, dispatch_uid="standing-portfolio")
        for signal in (post_save, post_delete):
            signal.connect(
                standing.note_endorsement_change, Endorsement, dispatch_uid="standing-endorsements"
            )
        person_erased.connect(
            services.erase_portfolio_of_erased_person, dispatch_uid="erase-portfolio"
        )
        post_delete.connect(
            transcript_services.delete_file_after_commit,
            sender=Transcript,
            dispatch_uid="delete-transcript-file",
        )
