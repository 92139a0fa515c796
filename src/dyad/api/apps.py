from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "dyad.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from . import event_texts, signals

        event_texts.register()
        signals.connect()
