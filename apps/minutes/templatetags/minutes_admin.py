"""The secretariat's start page: minutes to write, minutes waiting for justering, overdue assignments."""

import datetime

from django import template
from django.db.models import Count, Q
from django.utils import timezone

from apps.minutes.admin import meetings_without_minutes
from apps.minutes.models import Assignment, Minutes

register = template.Library()


@register.inclusion_tag("admin/minutes/todo.html")
def minutes_todo(limit=6):
    today = timezone.localdate()
    overdue = Assignment.objects.overdue(today).select_related("body", "municipality", "section__meeting__body")
    waiting = (Minutes.objects.filter(state=Minutes.State.JUSTERING).select_related("meeting__body")
               .annotate(asked=Count("signatories"),
                         confirmed=Count("signatories", filter=Q(signatories__confirmed_at__isnull=False)))
               .order_by("sent_at"))
    return {
        "overdue": list(overdue[:limit]),
        "overdue_count": overdue.count(),
        "waiting": list(waiting[:limit]),
        # Meetings of the last two months still without minutes.
        "to_write": list(meetings_without_minutes(today).filter(date__gte=today - datetime.timedelta(days=61))[:limit]),
        "today": today,
    }


@register.inclusion_tag("admin/minutes/meeting_link.html", takes_context=True)
def minutes_link(context, meeting):
    """The meeting's admin page's way to its minutes: the newest version, or "Write minutes" when there are none."""
    latest = meeting.minutes.order_by("-version").first()
    may_write = (latest is None and not meeting.is_cancelled and meeting.date <= timezone.localdate()
                 and context["request"].user.has_perm("minutes.add_minutes"))
    return {"latest": latest, "meeting": meeting, "may_write": may_write}
