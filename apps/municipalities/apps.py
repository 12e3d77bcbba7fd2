from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MunicipalitiesConfig(AppConfig):
    name = "apps.municipalities"
    verbose_name = _("Municipalities")

    def ready(self):
        from .signals import connect_signals

        connect_signals()
