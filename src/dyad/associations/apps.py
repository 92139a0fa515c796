from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    name = "dyad.associations"
    label = "associations"
    verbose_name = "Associations"

    def ready(self) -> None:
        from . import event_texts

        event_texts.register()
