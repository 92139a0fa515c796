from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "dyad.credentials"
    label = "credentials"
    verbose_name = "Credentials"

    def ready(self) -> None:
        from . import event_texts

        event_texts.register()
