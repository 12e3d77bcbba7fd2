from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app of the portal stands on; imports no domain app (see README, "The apps")."""

    name = "apps.core"
    verbose_name = _("Core")

    def ready(self):
        from .cache import connect_signals

        connect_signals()


class CoreAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the portal's site: the one that refuses logins after too many failures."""

    # Named in INSTALLED_APPS in place of django.contrib.admin; not the config of apps.core.
    default = False
    default_site = "apps.core.sites.PortalAdminSite"
