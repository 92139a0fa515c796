from django.apps import AppConfig


class BadgesConfig(AppConfig):
    name = "dyad.badges"
    label = "badges"
    verbose_name = "Verifiable credentials"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from dyad.credentials.models import Endorsement

        from . import event_texts, signals

        event_texts.register()
        post_save.connect(
            signals.endorsement_saved, sender=Endorsement, dispatch_uid="badges.status_list"
        )
