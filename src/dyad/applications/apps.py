from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "dyad.applications"
    label = "applications"
    verbose_name = "Applications"

    def ready(self) -> None:
        from . import event_texts

        event_texts.register()
