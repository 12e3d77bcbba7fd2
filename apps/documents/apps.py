from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "apps.documents"
    verbose_name = _("PDF documents")

    def ready(self):
        # A change queues the documents it touches for rendering in the background (tasks.py).
        from .tasks import connect_signals

        connect_signals()
