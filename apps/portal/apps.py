from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def forget_demo_data_flag(sender, **kwargs):
    from django.core.cache import cache

    from .context_processors import DEMO_DATA_KEY

    cache.delete(DEMO_DATA_KEY)


def contact_changed(sender, **kwargs):
    """The contact is shown on cached pages: a change gives every page a new data version (apps/core/cache.py),
    as a change of the domain apps' data does."""
    import logging

    from apps.core import locks
    from apps.core.cache import new_data_version

    try:
        new_data_version()
    except locks.CACHE_ERRORS:
        logging.getLogger(__name__).error("The cache failed: the pages could not be marked as changed", exc_info=True)


class PortalConfig(AppConfig):
    """The site's own pages, composed over the domain apps: home, search, accessibility statement, the
    secretariat's contact (edited in the admin) and the page on personal data; the seed
    command and the demonstration data, with the banner that announces it.

    Its migration makes the three roles (groups) with their permissions over every domain app.
    """

    name = "apps.portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from .models import DemoData, SecretariatContact

        post_save.connect(forget_demo_data_flag, sender=DemoData, dispatch_uid="portal-demo-data-saved")
        post_delete.connect(forget_demo_data_flag, sender=DemoData, dispatch_uid="portal-demo-data-deleted")
        post_save.connect(contact_changed, sender=SecretariatContact, dispatch_uid="portal-contact-saved")
        post_delete.connect(contact_changed, sender=SecretariatContact, dispatch_uid="portal-contact-deleted")
