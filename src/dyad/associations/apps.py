from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    name = "dyad.associations"
    label = "associations"
    verbose_name = "Associations"

    def ready(self) -> None:
        from dyad.accounts.signals import person_erased

        from . import event_texts, services

        event_texts.register()
        person_erased.connect(services.end_roles_of_erased_person, dispatch_uid="end-roles")
