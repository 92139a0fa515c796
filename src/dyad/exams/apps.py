from django.apps import AppConfig


class ExamsConfig(AppConfig):
    name = "dyad.exams"
    label = "exams"
    verbose_name = "Exams"

    def ready(self) -> None:
        from . import event_texts

        event_texts.register()
