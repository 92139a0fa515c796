from django.apps import AppConfig


class CredentialsConfig(AppConfig):
    name = "dyad.credentials"
    label = "credentials"
    verbose_name = "Credentials"
