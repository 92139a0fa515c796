from django.apps import AppConfig


class AssociationsConfig(AppConfig):
    name = "dyad.associations"
    label = "associations"
    verbose_name = "Associations"
