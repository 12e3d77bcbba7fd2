from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class KeyfiguresConfig(AppConfig):
    name = "apps.keyfigures"
    verbose_name = _("Key figures")
