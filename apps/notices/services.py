"""Issuing a kallelse: who gets it, what it says, what changed since the last one, and sending it.

`issue_notice` publishes the agenda and documents, records a new version (meetings.Notice) and one delivery
per called person, and queues each delivery for the background worker; `send_delivery` is what the worker
runs for one delivery. Nothing here waits for a mail server while the secretary waits for a page.
"""

import datetime
import smtplib
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.bodies.models import Role
from apps.core.links import make_token
from apps.core.templatetags.core import meeting_when
from apps.meetings.feeds import invitation
from apps.meetings.models import Meeting, Notice
from apps.meetings.services import absence_deadline, publish_agenda

from .models import Delivery, Reply

# After a failure the worker tries again after these many minutes; then the delivery stays failed until the
# secretariat retries it from the admin.
RETRY_MINUTES = [1, 5, 15, 60]
ABSENCE_LINK = "absence"


DRAFT_MESSAGE = gettext_lazy(
    "The meeting is a draft of the year's planning: confirm it before its kallelse is sent."
)


class NothingToSend(Exception):
    """The kallelse was sent and nothing it says has changed since: the same version is not sent again."""


@dataclass
class Called:
    """A person called to a meeting, with the role they are called as."""

    role: Role

    @property
    def person(self):
        return self.role.person

    @property
    def reachable(self) -> bool:
        return bool(self.role.person.email)


def called(meeting: Meeting) -> list[Called]:
    """Who the kallelse to `meeting` calls: each person once, as their first role in the kallelse's order."""
    seen, result = set(), []
    for role in Role.objects.called_to(meeting.body, meeting.date):
        if role.person_id not in seen:
            seen.add(role.person_id)
            result.append(Called(role))
    return result


def snapshot(meeting: Meeting) -> dict:
    """What a kallelse tells the members, in words, so that two versions can be compared."""
    with translation.override("sv"):
        return {
            "when": meeting_when(meeting),
            "place": meeting.venue(list(meeting.hosts.largest_first())),
            "items": [f"{item.number}. {item.title}" for item in meeting.items.all()],
        }


def describe_changes(old: dict, new: dict) -> list[str]:
    """The differences between two snapshots, as the changed kallelse lists them."""
    changes = []
    with translation.override("sv"):
        if old.get("when") != new["when"]:
            changes.append(_("Time: %(old)s → %(new)s") % {"old": old.get("when"), "new": new["when"]})
        if old.get("place") != new["place"]:
            changes.append(_("Place: %(old)s → %(new)s") % {
                "old": old.get("place") or "–", "new": new["place"] or "–"})
        old_items, new_items = old.get("items", []), new["items"]
        if old_items != new_items:
            titles = {item.split(". ", 1)[-1] for item in old_items}
            added = [item for item in new_items if item.split(". ", 1)[-1] not in titles]
            kept = {item.split(". ", 1)[-1] for item in new_items}
            removed = [item for item in old_items if item.split(". ", 1)[-1] not in kept]
            changes += [_("New item: %(item)s") % {"item": item} for item in added]
            changes += [_("Item withdrawn: %(item)s") % {"item": item} for item in removed]
            if not added and not removed:
                changes.append(_("The items are in a new order."))
    return changes


def pending_changes(meeting: Meeting) -> list[str] | None:
    """What changed since the last kallelse was issued; None when none has been."""
    latest = meeting.notices.order_by("-version").first()
    if latest is None:
        return None
    return describe_changes(latest.snapshot, snapshot(meeting))


@transaction.atomic
def issue_notice(meeting: Meeting, user=None) -> Notice:
    """Publish the agenda and documents, record the next version of the kallelse and queue one e-mail per
    called person who has an address (the others are recorded as unreachable)."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if meeting.is_draft:
        raise NothingToSend(DRAFT_MESSAGE)
    latest = meeting.notices.order_by("-version").first()
    current = snapshot(meeting)
    changes = describe_changes(latest.snapshot, current) if latest else []
    if latest and not changes:
        raise NothingToSend(_("Nothing the kallelse says has changed since version %(version)d was sent.")
                            % {"version": latest.version})
    if meeting.agenda_published_at is None or meeting.agenda_published_at > timezone.now():
        publish_agenda(meeting, user=user)
    meeting.documents_published = True
    meeting._history_user = user
    meeting.save()
    notice = Notice.objects.create(
        meeting=meeting, version=latest.version + 1 if latest else 1, issued_by=user,
        sequence=meeting.sequence, snapshot=current, changes="\n".join(changes),
    )
    for entry in called(meeting):
        delivery = delivery_for(notice, entry)
        delivery.save()
        if entry.reachable:
            queue(delivery)
    return notice


def queue(delivery: Delivery, after: datetime.datetime | None = None) -> None:
    from .tasks import deliver

    (deliver.using(run_after=after) if after else deliver).enqueue(delivery.pk)


def retry(deliveries) -> int:
    """Queue failed deliveries again at once (the secretariat's "try again")."""
    count = 0
    for delivery in deliveries.filter(status=Delivery.Status.FAILED):
        queue(delivery)
        count += 1
    return count


def absence_link(meeting: Meeting, person) -> str:
    token = make_token(ABSENCE_LINK, m=meeting.pk, p=person.pk)
    return settings.SITE_URL + reverse("notices:absence", args=[token])


def contact_person(recipients: list[Called]):
    """The secretariat's contact person for a meeting: its first secretary in the kallelse's order, the one the
    printed kallelse names too."""
    return next((entry.person for entry in recipients if entry.role.kind == Role.Kind.SECRETARY), None)


def delivery_for(notice: Notice, entry: Called) -> Delivery:
    """The (unsaved) delivery of `notice` to one called person, with their details as they are now."""
    role = entry.role
    with translation.override("sv"):
        called_as = role.get_kind_display()
    return Delivery(
        notice=notice, person=role.person, name=role.person.name, email=role.person.email,
        role=called_as, municipality=role.municipality.name if role.municipality else "",
        status=Delivery.Status.WAITING if entry.reachable else Delivery.Status.UNREACHABLE,
    )


def compose(delivery: Delivery, meeting: Meeting) -> tuple[str, str, dict]:
    """The subject and Swedish text of one delivery's e-mail, and what they were made from."""
    hosts = list(meeting.hosts.largest_first())
    with translation.override("sv"):
        context = {
            "delivery": delivery, "notice": delivery.notice, "meeting": meeting, "body": meeting.body,
            "place": meeting.venue(hosts), "items": list(meeting.items.all()),
            "changes": delivery.notice.changes.splitlines(),
            "meeting_url": settings.SITE_URL + meeting.get_absolute_url(),
            "absence_url": absence_link(meeting, delivery.person) if delivery.person_id else "",
            "absence_deadline": absence_deadline(meeting), "contact": contact_person(called(meeting)),
            "sender": settings.SECRETARIAT_NAME,
        }
        subject = " ".join(render_to_string("notices/kallelse_subject.txt", context).split())
        text = render_to_string("notices/kallelse_email.txt", context)
    return subject, text, context


def preview_message(meeting: Meeting, entry: Called, changes: list[str]) -> dict:
    """What the next kallelse's e-mail to `entry` would say, for the page that asks before sending."""
    latest = meeting.notices.order_by("-version").first()
    notice = Notice(meeting=meeting, version=latest.version + 1 if latest else 1, changes="\n".join(changes))
    delivery = delivery_for(notice, entry)
    subject, text, _context = compose(delivery, meeting)
    return {"to": f"{delivery.name} <{delivery.email}>", "subject": subject, "text": text}


def message_for(delivery: Delivery) -> EmailMultiAlternatives:
    """The e-mail of one delivery: Swedish text, the kallelse as PDF, the meeting as a calendar invitation."""
    from apps.documents.views import kallelse_pdf

    meeting = Meeting.objects.select_related("body").get(pk=delivery.notice.meeting_id)
    subject, text, context = compose(delivery, meeting)
    with translation.override("sv"):
        pdf = kallelse_pdf(meeting)
    calendar = invitation(
        meeting, location=context["place"], description=text, attendee=delivery.email, url=context["meeting_url"],
    )
    message = EmailMultiAlternatives(subject, text, to=[f"{delivery.name} <{delivery.email}>"])
    message.attach(f"kallelse-{meeting.body.slug}-{meeting.date:%Y-%m-%d}.pdf", pdf, "application/pdf")
    message.attach("inbjudan.ics", calendar, "text/calendar; method=REQUEST; charset=utf-8")
    return message


def send_delivery(delivery_id: int) -> str:
    """Send one waiting or failed delivery; record the outcome. Returns the delivery's status."""
    with transaction.atomic():
        delivery = Delivery.objects.select_for_update().select_related("notice").filter(pk=delivery_id).first()
        if delivery is None or delivery.status not in (Delivery.Status.WAITING, Delivery.Status.FAILED):
            return delivery.status if delivery else "gone"
        try:
            message_for(delivery).send()
        except (smtplib.SMTPException, OSError) as error:
            delivery.attempts += 1
            delivery.status = Delivery.Status.FAILED
            delivery.error = str(error)[:2000] or error.__class__.__name__
            if delivery.attempts <= len(RETRY_MINUTES):
                minutes = RETRY_MINUTES[delivery.attempts - 1]
                transaction.on_commit(lambda: queue(delivery, timezone.now() + datetime.timedelta(minutes=minutes)))
        else:
            delivery.attempts += 1
            delivery.status = Delivery.Status.SENT
            delivery.sent_at = timezone.now()
            delivery.error = ""
        delivery.save()
        return delivery.status


def reply_states(meeting: Meeting) -> dict[int, Reply]:
    return {reply.person_id: reply for reply in meeting.replies.all()}
