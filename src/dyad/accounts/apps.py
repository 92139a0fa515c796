from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "dyad.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from . import event_texts

        event_texts.register()
