from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "dyad.core"
    label = "core"
    verbose_name = "Dyad core"
