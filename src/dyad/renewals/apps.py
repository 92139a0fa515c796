from django.apps import AppConfig


class RenewalsConfig(AppConfig):
    name = "dyad.renewals"
    label = "renewals"
    verbose_name = "Renewals"
