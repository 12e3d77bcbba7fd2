"""The kallelse panel on a meeting's page in the admin: who is called and what they replied, each version sent,
each delivery's fate, and the buttons to send. A tag of its own, so the meeting's admin needs no code for it."""

import datetime

from django import template
from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from apps.meetings.models import Meeting, Notice
from apps.meetings.services import agenda_deadline
from apps.notices import services
from apps.notices.models import Delivery

register = template.Library()


@register.inclusion_tag("admin/notices/meeting_panel.html", takes_context=True)
def kallelse_panel(context, meeting):
    if meeting is None or meeting.pk is None:
        return {"meeting": None}
    replies = services.reply_states(meeting)
    latest = meeting.notices.order_by("-version").first()
    deliveries = {}
    if latest is not None:
        # Each person's latest delivery of any version: what reached them last.
        for delivery in Delivery.objects.filter(notice__meeting=meeting).select_related("notice").order_by(
                "notice__version", "pk"):
            deliveries[delivery.person_id] = delivery
    rows = [
        {"entry": entry, "reply": replies.get(entry.person.pk), "delivery": deliveries.get(entry.person.pk)}
        for entry in services.called(meeting)
    ]
    failed = [d for d in deliveries.values() if d.status == Delivery.Status.FAILED]
    return {
        "meeting": meeting,
        "rows": rows,
        "latest": latest,
        "notices": list(meeting.notices.order_by("version")),
        "changes": services.pending_changes(meeting),
        "failed": failed,
        "waiting": sum(d.status == Delivery.Status.WAITING for d in deliveries.values()),
        "replied": sum(row["reply"] is not None for row in rows),
        "request": context.get("request"),
    }


@register.inclusion_tag("admin/notices/todo.html")
def secretariat_todo(limit=8):
    """The admin's start page: the next meetings with the state of their agenda, kallelse and replies, whose
    kallelse is due or late by their body's rule, and the deliveries that failed. A fixed number of queries."""
    today = timezone.localdate()
    latest = Notice.objects.filter(meeting=OuterRef("pk")).order_by("-version")
    meetings = list(
        Meeting.objects.upcoming(today).select_related("body").order_by("date", "start_time", "pk").annotate(
            item_count=Count("items", distinct=True),
            reply_count=Count("replies", distinct=True),
            notice_version=Subquery(latest.values("version")[:1]),
            notice_issued_at=Subquery(latest.values("issued_at")[:1]),
        )[:limit]
    )
    for meeting in meetings:
        meeting.deadline = agenda_deadline(meeting)
        meeting.is_late = meeting.notice_version is None and meeting.deadline is not None and meeting.deadline < today
        meeting.is_due = (meeting.notice_version is None and meeting.deadline is not None
                          and today <= meeting.deadline <= today + datetime.timedelta(days=7))
    failed = Delivery.objects.filter(status=Delivery.Status.FAILED)
    return {
        "meetings": meetings,
        "late": [m for m in meetings if m.is_late],
        "due": [m for m in meetings if m.is_due],
        "failed_count": failed.count(),
        "failed_url": reverse("admin:notices_delivery_changelist") + f"?status__exact={Delivery.Status.FAILED}",
    }
