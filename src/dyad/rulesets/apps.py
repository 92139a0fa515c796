from django.apps import AppConfig


class RulesetsConfig(AppConfig):
    name = "dyad.rulesets"
    label = "rulesets"
    verbose_name = "Requirement sets"

    def ready(self) -> None:
        from . import event_texts

        event_texts.register()
