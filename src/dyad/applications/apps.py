from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "dyad.applications"
    label = "applications"
    verbose_name = "Applications"

    def ready(self) -> None:
        from dyad.rulesets.impact import register_people_source

        from . import event_texts, impact_people

        event_texts.register()
        register_people_source(impact_people.people_of_association)
