"""After a change, the documents it touches are rendered in the background (`manage.py db_worker`), so that the
first visitor to ask for one gets it from the cache instead of waiting for WeasyPrint.

Kept simple and bounded: a change queues the kallelse of its meeting when the meeting is ahead (or ended at most
a month ago), the programme version it belongs to, and the yearly plan of its year. A document waiting in the
queue is not queued again, however many rows one save of the admin touches (a mark in the cache, taken away when
its render starts, which reads the data as it then is). A render takes the document's lock
(apps/core/locks.py) like a request does, so the worker and a visitor never render one version twice. What is
not queued (an old meeting's kallelse, a change made with bulk_create or QuerySet.update) is rendered by the
first request for it, once.
"""

import datetime
import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.tasks import task
from django.utils import timezone

from apps.budgets.models import Budget
from apps.core.locks import CACHE_ERRORS
from apps.meetings.models import AgendaItem, Document, Meeting, Notice
from apps.plans.models import Priority, YearlyPlan
from apps.programme.models import Adoption, FocusArea, Programme

from . import views
from .pdf import cached_pdf

logger = logging.getLogger(__name__)

# A mark left by a worker that never ran the task expires, so the document can be queued again.
QUEUED_FOR = 60 * 60
# Past meetings whose kallelse is still rendered ahead: their minutes and last changes come in this while.
RECENT = datetime.timedelta(days=31)
# Mail to those called goes first.
PRIORITY = -10


def queued_mark(kind: str, ident) -> str:
    return f"documents-queued:{kind}:{ident}"


def starting(kind: str, ident) -> None:
    """From now on a change queues the document again: this render may read the data from before it."""
    try:
        cache.delete(queued_mark(kind, ident))
    except CACHE_ERRORS:
        pass


@task(priority=PRIORITY)
def render_kallelse(meeting_id: int) -> str:
    """The kallelse of a meeting as anyone may read it, rendered into the cache unless it is there."""
    starting("kallelse", meeting_id)
    document = views.public_agenda_document(meeting_id)
    if document is None:
        return "no such meeting"
    return _render(*document)


@task(priority=PRIORITY)
def render_programme(programme_id: int) -> str:
    starting("programme", programme_id)
    version = views.programmes_with_version().filter(pk=programme_id).first()
    return _render(*views.programme_document(version)) if version else "no such programme"


@task(priority=PRIORITY)
def render_yearly_plan(year: int) -> str:
    starting("yearly-plan", year)
    plan = views.plans_with_version(year).first()
    return _render(*views.plan_document(plan)) if plan else "no plan for that year"


def _render(key, build) -> str:
    _pdf, hit = cached_pdf(key, build)
    return f"{key}: {'was in the cache' if hit else 'rendered'}"


TASKS = {"kallelse": render_kallelse, "programme": render_programme, "yearly-plan": render_yearly_plan}


def queue(kind: str, ident: int) -> None:
    """Queues the render once the change is committed, unless it waits in the queue already."""

    def enqueue():
        try:
            if not cache.add(queued_mark(kind, ident), 1, QUEUED_FOR):
                return
        except CACHE_ERRORS:
            pass  # queued anyway: a render of a cached version costs one cache read
        TASKS[kind].enqueue(ident)

    transaction.on_commit(enqueue)


def _is_current(meeting) -> bool:
    return (meeting.end_date or meeting.date) >= timezone.localdate() - RECENT


def meeting_changed(meeting) -> None:
    if _is_current(meeting):
        queue("kallelse", meeting.pk)
    queue("yearly-plan", meeting.date.year)


def changed(sender, instance, raw=False, **kwargs):
    """What a saved or deleted row means for the documents (loaddata's raw saves are left alone)."""
    if raw:
        return
    if sender is Meeting:
        # Read back: a meeting saved with its date given as text ("2019-10-10") holds the text until refreshed.
        meeting = Meeting.objects.filter(pk=instance.pk).only("date", "end_date").first() or instance
        if isinstance(meeting.date, datetime.date):  # a deleted meeting still changes its year's plan
            meeting_changed(meeting)
    elif sender in (AgendaItem, Document, Notice):
        meeting = Meeting.objects.filter(pk=instance.meeting_id).only("date", "end_date").first()
        if meeting is not None:
            meeting_changed(meeting)
    elif sender is Programme:
        queue("programme", instance.pk)
    elif sender in (FocusArea, Adoption):
        queue("programme", instance.programme_id)
    elif sender in (YearlyPlan, Budget):
        queue("yearly-plan", instance.year)
    elif sender is Priority:
        year = YearlyPlan.objects.filter(pk=instance.plan_id).values_list("year", flat=True).first()
        if year is not None:
            queue("yearly-plan", year)


def connect_signals():
    for model in (Meeting, AgendaItem, Document, Notice, Programme, FocusArea, Adoption, YearlyPlan, Budget, Priority):
        post_save.connect(changed, sender=model, dispatch_uid=f"documents-save-{model._meta.label}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"documents-delete-{model._meta.label}")
