from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupConfig(AppConfig):
    name = "apps.followup"
    verbose_name = _("Follow-up")

    def ready(self):
        # A change queues the follow-up's PDFs it touches for rendering in the background (tasks.py).
        from .tasks import connect_signals

        connect_signals()
