from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_tables(sender, using="default", **kwargs) -> None:
    """The database cache's table (the shared rate-limit counts when REDIS_URL is not set) is made
    by every `migrate`, so no deployment can forget it; a no-op when it exists or is not used."""
    call_command("createcachetable", database=using, verbosity=0)


class CoreConfig(AppConfig):
    name = "dyad.core"
    label = "core"
    verbose_name = "Dyad core"

    def ready(self) -> None:
        post_migrate.connect(create_cache_tables, sender=self, dispatch_uid="dyad.core.cache_table")
