"""The page cache (apps/core/cache.py) serves anonymous pages until the data changes; it watches the portal's own
apps, and this one tells it when minutes or assignments change too: a confirmation through a personal link, which
no admin save follows, publishes minutes on the meeting page, in search and in open data."""

import logging

from django.db.models.signals import m2m_changed, post_delete, post_save

from apps.core import locks
from apps.core.cache import new_data_version

logger = logging.getLogger(__name__)


def changed(sender, raw=False, **kwargs):
    if raw:
        return
    try:
        new_data_version()
    except locks.CACHE_ERRORS:
        logger.error("The cache failed: the pages could not be marked as changed", exc_info=True)


def connect():
    from .models import Assignment, Attendee, Minutes, Paragraph, Section, Signatory

    for model in (Minutes, Paragraph, Attendee, Signatory, Section, Assignment):
        post_save.connect(changed, sender=model, dispatch_uid=f"minutes-save-{model._meta.label}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"minutes-delete-{model._meta.label}")
    m2m_changed.connect(changed, sender=Assignment.goals.through, dispatch_uid="minutes-assignment-goals")
