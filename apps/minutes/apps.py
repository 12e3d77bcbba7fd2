from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    name = "apps.minutes"
    verbose_name = _("Minutes")

    def ready(self):
        from . import checks, signals  # noqa: F401  (registers the signing check; connects the page cache)

        signals.connect()
