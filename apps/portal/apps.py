from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """The site's own pages, composed over the domain apps: home, search, accessibility statement.

    Its migration makes the three roles (groups) with their permissions over every domain app.
    """

    name = "apps.portal"
    verbose_name = _("Portal")
