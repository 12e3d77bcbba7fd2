from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RotationsConfig(AppConfig):
    name = "apps.rotations"
    verbose_name = _("Host rotations")
