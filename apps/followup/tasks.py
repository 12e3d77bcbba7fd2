"""After a change, the follow-up's PDFs it touches are rendered in the background (`manage.py db_worker`), as
apps/documents/tasks.py does for the other documents, so that the first reader gets them from the cache.

Bounded like documents': a change to a sub-goal's report, a follow-up or an indicator's link queues the follow-up
reports of its programme that are done, the secretariat's draft of a follow-up being filled in is rendered only
when asked for, and a change to a key figure, a comparison value or a presentation text queues the newest
presentation of Södertörns nyckeltal (older ones are rendered by the first request for them, once). A document
waiting in the queue is not queued again (documents' mark in the cache), however many rows an import touches.
"""

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.tasks import task

from apps.core.locks import CACHE_ERRORS
from apps.documents.pdf import cached_pdf
from apps.documents.tasks import PRIORITY, QUEUED_FOR, queued_mark, starting
from apps.keyfigures.models import ComparisonValue, Indicator, KeyFigure
from apps.programme.models import Goal, SubGoal

from . import reports
from .models import FollowUp, IndicatorLink, PresentationText, ProgressReport


@task(priority=PRIORITY)
def render_follow_up_reports(programme_id: int) -> str:
    """The follow-up reports of a programme that are done, rendered into the cache unless they are there."""
    starting("followup", programme_id)
    done = []
    for follow_up in reports.follow_ups_with_version().filter(programme_id=programme_id, done_at__isnull=False):
        _pdf, hit = cached_pdf(*reports.report_document(follow_up))
        done.append(f"{follow_up.year}: {'was in the cache' if hit else 'rendered'}")
    return "; ".join(done) or "no follow-up done"


@task(priority=PRIORITY)
def render_newest_presentation(_ident: int = 0) -> str:
    starting("nyckeltal", 0)
    years = reports.presentation_years()
    if not years:
        return "no presentation"
    _pdf, hit = cached_pdf(*reports.presentation_document(years[0]))
    return f"{years[0]}: {'was in the cache' if hit else 'rendered'}"


TASKS = {"followup": render_follow_up_reports, "nyckeltal": render_newest_presentation}


def queue(kind: str, ident: int) -> None:
    """Queues the render once the change is committed, unless it waits in the queue already."""

    def enqueue():
        try:
            if not cache.add(queued_mark(kind, ident), 1, QUEUED_FOR):
                return
        except CACHE_ERRORS:
            pass
        TASKS[kind].enqueue(ident)

    transaction.on_commit(enqueue)


def _programme_of_sub_goal(sub_goal_id):
    return SubGoal.objects.filter(pk=sub_goal_id).values_list("goal__focus_area__programme_id", flat=True).first()


def changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    if sender is FollowUp:
        queue("followup", instance.programme_id)
    elif sender is ProgressReport:
        if (programme_id := _programme_of_sub_goal(instance.sub_goal_id)) is not None:
            queue("followup", programme_id)
    elif sender is IndicatorLink:
        programme_id = (_programme_of_sub_goal(instance.sub_goal_id) if instance.sub_goal_id else
                        Goal.objects.filter(pk=instance.goal_id).values_list("focus_area__programme_id", flat=True)
                        .first())
        if programme_id is not None:
            queue("followup", programme_id)
        queue("nyckeltal", 0)
    elif sender in (KeyFigure, ComparisonValue, Indicator, PresentationText):
        queue("nyckeltal", 0)


def connect_signals():
    for model in (FollowUp, ProgressReport, IndicatorLink, KeyFigure, ComparisonValue, Indicator, PresentationText):
        post_save.connect(changed, sender=model, dispatch_uid=f"followup-save-{model._meta.label}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"followup-delete-{model._meta.label}")
