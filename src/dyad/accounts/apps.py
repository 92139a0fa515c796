from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dyad.accounts"
    label = "accounts"
    verbose_name = "Accounts"
