from django.apps import AppConfig


class BadgesConfig(AppConfig):
    name = "dyad.badges"
    label = "badges"
    verbose_name = "Verifiable credentials"

    def ready(self) -> None:
        from . import event_texts

        event_texts.register()
