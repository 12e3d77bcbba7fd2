from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "apps.portal"
    verbose_name = _("Portal")

    def ready(self):
        from .cache import connect_signals

        connect_signals()


class PortalAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the portal's site: the one that refuses logins after too many failures."""

    # Named in INSTALLED_APPS in place of django.contrib.admin; not the config of apps.portal.
    default = False
    default_site = "apps.portal.sites.PortalAdminSite"
