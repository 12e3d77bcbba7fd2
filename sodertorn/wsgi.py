import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sodertorn.settings")
application = get_wsgi_application()

# The processes that render long documents in parts load WeasyPrint as the server starts, not at its first document.
from apps.documents import parts

parts.start(settings.PDF_PROCESSES)
