from django.apps import AppConfig


class WebConfig(AppConfig):
    """The top of the site: home, definitions, dashboard and the demo data.

    The only app allowed to know every other app; nothing imports it.
    """

    name = "dyad.web"
    label = "web"
    verbose_name = "Dyad site"
