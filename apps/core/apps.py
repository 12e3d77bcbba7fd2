from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django_tasks_db import apps as tasks_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """What every app of the portal stands on; imports no domain app (see README, "The apps")."""

    name = "apps.core"
    verbose_name = _("Core")

    def ready(self):
        from . import cache, history

        cache.connect_signals()
        history.connect_signals()


class TasksConfig(tasks_apps.TasksAppConfig):
    """django-tasks-db, the queue of background tasks, under a name in the reader's language (its own is
    "Tasks Database Backend", untranslated)."""

    # Named in INSTALLED_APPS in place of django_tasks_db.
    default = False
    verbose_name = _("Background tasks")


class CoreAdminConfig(admin_apps.AdminConfig):
    """Django's admin, with the portal's site: the one that refuses logins after too many failures."""

    # Named in INSTALLED_APPS in place of django.contrib.admin; not the config of apps.core.
    default = False
    default_site = "apps.core.sites.PortalAdminSite"
