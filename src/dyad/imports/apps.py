from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "dyad.imports"
    label = "imports"
    verbose_name = "Imports"

    def ready(self) -> None:
        from . import event_texts

        event_texts.register()
