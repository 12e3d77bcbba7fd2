"""Writing the minutes, sending them for justering, confirming them, locking and publishing them, new versions,
and following up the assignments they give.

Every write that spans several rows is here, each in one transaction that locks the minutes' row first, so that
two adjusters confirming at the same moment, or the secretary editing while the last one confirms, cannot leave
the minutes half locked. The views and the admin only call these functions and show their messages.
"""

import datetime
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from apps.bodies.models import Body, Person, Role
from apps.core.links import BadLink, make_token, read_token
from apps.meetings.models import Meeting
from apps.notices.models import Reply
from apps.notices.services import RETRY_MINUTES, called

from .models import Assignment, Attendee, Locked, Minutes, Paragraph, Section, Signatory

JUSTERING_LINK = "justering"
# Renumbering moves a draft's § numbers out of the way first, above any number a year can reach.
NUMBER_OFFSET = 10000
MEMBER_KINDS = {Role.Kind.CHAIR, Role.Kind.VICE_CHAIR, Role.Kind.MEMBER}


class MinutesError(Exception):
    """What the secretary asked cannot be done; the message says why, and nothing was changed."""


# Writing ------------------------------------------------------------------------------------------------------


def _lock(minutes: Minutes) -> Minutes:
    return Minutes.objects.select_for_update().select_related("meeting__body").get(pk=minutes.pk)


def allot_sections(meeting: Meeting, count: int) -> list[Section]:
    """The next `count` § numbers of the meeting's body and year, recorded for the meeting. The body's row is
    locked while the numbers are given, so two secretaries never get the same one."""
    Body.objects.select_for_update().get(pk=meeting.body_id)
    year = meeting.date.year
    last = Section.objects.filter(body_id=meeting.body_id, year=year).aggregate(last=Max("number"))["last"] or 0
    return [
        Section.objects.create(body_id=meeting.body_id, year=year, number=last + offset, meeting=meeting)
        for offset in range(1, count + 1)
    ]


def attendance_from_replies(meeting: Meeting) -> list[Attendee]:
    """The list of attendance as the kallelse's replies leave it (unsaved): everyone called, members present unless
    they reported absence, a member's substitute serving when the member said so, other substitutes not present."""
    entries = called(meeting)
    replies = {reply.person_id: reply for reply in Reply.objects.filter(meeting=meeting)}
    rows, by_person = [], {}
    for order, entry in enumerate(entries):
        role = entry.role
        reply = replies.get(role.person_id)
        present = role.kind != Role.Kind.SUBSTITUTE and reply is None
        row = Attendee(
            person=role.person, name=role.person.name, role=role.kind, present=present, order=order,
            municipality=role.municipality or role.person.municipality,
        )
        rows.append(row)
        by_person[role.person_id] = (row, reply)
    # A member who is absent with "my substitute attends" gets the first free substitute of their municipality.
    free = [row for row in rows if row.role == Role.Kind.SUBSTITUTE]
    for row, reply in by_person.values():
        if row.role in MEMBER_KINDS and reply is not None and reply.state == Reply.State.SUBSTITUTE:
            substitute = next((s for s in free if s.municipality_id == row.municipality_id), None)
            if substitute is not None:
                free.remove(substitute)
                substitute.present = True
                substitute.serving_for = row
    return rows


@transaction.atomic
def start_minutes(meeting: Meeting, user=None) -> Minutes:
    """Minutes for `meeting`, version 1: the attendance from the kallelse's replies, a § for each agenda item with
    the proposed decision as the decision, the chair and the secretary from those called."""
    meeting = Meeting.objects.select_for_update().select_related("body").get(pk=meeting.pk)
    if meeting.is_cancelled:
        raise MinutesError(_("The meeting is cancelled: there is nothing to minute."))
    if meeting.minutes.exists():
        raise MinutesError(_("The meeting already has minutes. Open them to go on writing, or make a new version of "
                             "adjusted minutes."))
    minutes = Minutes.objects.create(meeting=meeting, written_by=user)
    attendees = attendance_from_replies(meeting)
    for row in attendees:
        row.minutes = minutes
        serving_for, row.serving_for = row.serving_for, None
        row.save()
        row._serving_for = serving_for
    for row in attendees:
        if row._serving_for is not None:
            row.serving_for = row._serving_for
            row.save(update_fields=["serving_for"])
    present = [row for row in attendees if row.present]
    minutes.chair = next((row.person for kind in (Role.Kind.CHAIR, Role.Kind.VICE_CHAIR)
                          for row in present if row.role == kind), None)
    minutes.secretary = next((row.person for row in attendees if row.role == Role.Kind.SECRETARY), None)
    minutes.save()
    items = list(meeting.items.all())
    for item, section in zip(items, allot_sections(meeting, len(items))):
        Paragraph.objects.create(
            minutes=minutes, section=section, agenda_item=item, title=item.title, decision=item.proposed_decision,
        )
    return minutes


@transaction.atomic
def add_paragraph(minutes: Minutes, title: str, *, decision: str = "", discussion: str = "",
                  reservations: str = "") -> Paragraph:
    """A § for an item raised at the meeting (övriga frågor), numbered after the last of the body's year."""
    minutes = _lock(minutes)
    _refuse_if_locked(minutes)
    section = allot_sections(minutes.meeting, 1)[0]
    return Paragraph.objects.create(
        minutes=minutes, section=section, title=title, decision=decision, discussion=discussion,
        reservations=reservations, added_at_meeting=True,
    )


def _refuse_if_locked(minutes: Minutes) -> None:
    try:
        minutes.refuse_if_locked()
    except Locked as error:
        raise MinutesError(str(error)) from error


def numbers_are_fixed(minutes: Minutes) -> bool:
    """Whether the meeting's § numbers are settled: once any version of its minutes has been adjusted."""
    return Minutes.objects.filter(meeting_id=minutes.meeting_id, state=Minutes.State.ADJUSTED).exists()


@transaction.atomic
def renumber(minutes: Minutes) -> None:
    """Close the gaps a removed § leaves in minutes never adjusted: the meeting's numbers run on from its first,
    unless another meeting of the body's year already holds one of them (then they stay as they are)."""
    minutes = _lock(minutes)
    if minutes.state != Minutes.State.DRAFT or numbers_are_fixed(minutes):
        return
    Body.objects.select_for_update().get(pk=minutes.meeting.body_id)
    sections = list(Section.objects.filter(meeting_id=minutes.meeting_id).order_by("number"))
    # Numbers given to the meeting but no longer used by its minutes go back.
    unused = [s for s in sections if not s.paragraphs.exists()]
    Section.objects.filter(pk__in=[s.pk for s in unused]).delete()
    sections = [s for s in sections if s not in unused]
    if not sections:
        return
    first = sections[0].number
    wanted = list(range(first, first + len(sections)))
    if [s.number for s in sections] == wanted:
        return
    others = Section.objects.filter(body_id=sections[0].body_id, year=sections[0].year, number__in=wanted).exclude(
        meeting_id=minutes.meeting_id)
    if others.exists():
        return
    for section in sections:
        section.number += NUMBER_OFFSET
        section.save(update_fields=["number"])
    for section, number in zip(sections, wanted):
        section.number = number
        section.save(update_fields=["number"])


@transaction.atomic
def delete_draft(minutes: Minutes) -> None:
    """Delete minutes never adjusted, giving their § numbers back when no later ones hold numbers after them."""
    minutes = _lock(minutes)
    if minutes.state == Minutes.State.ADJUSTED:
        _refuse_if_locked(minutes)
    meeting_id = minutes.meeting_id
    minutes.delete()
    Section.objects.filter(meeting_id=meeting_id, paragraphs__isnull=True).delete()


# Justering ----------------------------------------------------------------------------------------------------


def check_signatories(minutes: Minutes) -> list[str]:
    """What stands in the way of sending `minutes` for justering, as messages; empty when nothing does."""
    problems = []
    present = {row.person_id for row in minutes.attendees.all() if row.present and row.person_id}
    adjusters = [s for s in minutes.signatories.all() if s.kind == Signatory.Kind.ADJUSTER]
    if minutes.secretary_id is None:
        problems.append(_("Choose the secretary who signs the minutes."))
    if minutes.chair_id is None:
        problems.append(_("Choose the chair of the meeting."))
    elif minutes.chair_id not in present:
        problems.append(_("The chair, %(name)s, is not marked present.") % {"name": minutes.chair})
    if not 1 <= len(adjusters) <= 2:
        problems.append(_("Choose one or two adjusters among those present."))
    for adjuster in adjusters:
        if adjuster.person_id not in present:
            problems.append(_("The adjuster %(name)s is not marked present.") % {"name": adjuster.person})
        if adjuster.person_id == minutes.chair_id:
            problems.append(_("The chair confirms the minutes anyway: choose another adjuster than %(name)s.")
                            % {"name": adjuster.person})
    people = [adjuster.person for adjuster in adjusters] + ([minutes.chair] if minutes.chair_id else [])
    for person in people:
        if not person.email:
            problems.append(_("%(name)s has no e-mail address for the personal link: add one to their record.")
                            % {"name": person.name})
    if not minutes.paragraphs.exists():
        problems.append(_("The minutes have no paragraphs."))
    return problems


@transaction.atomic
def send_for_justering(minutes: Minutes, user=None) -> list[Signatory]:
    """Lock the text and mail the chair and each adjuster a personal link to confirm it (in the background)."""
    minutes = _lock(minutes)
    if minutes.state != Minutes.State.DRAFT:
        _refuse_if_locked(minutes)
    problems = check_signatories(minutes)
    if problems:
        raise MinutesError(" ".join(problems))
    minutes.signatories.filter(kind=Signatory.Kind.CHAIR).exclude(person_id=minutes.chair_id).delete()
    Signatory.objects.get_or_create(minutes=minutes, person_id=minutes.chair_id, kind=Signatory.Kind.CHAIR)
    minutes.state = Minutes.State.JUSTERING
    minutes.round += 1
    minutes.sent_at = timezone.now()
    minutes._history_user = user
    minutes.save()
    signatories = list(minutes.signatories.select_related("person"))
    for signatory in signatories:
        signatory.confirmed_at = None
        signatory.confirmed_via = ""
        signatory.mailed_at = None
        signatory.mail_attempts = 0
        signatory.mail_error = ""
        signatory.save()
        queue(signatory)
    return signatories


@transaction.atomic
def take_back(minutes: Minutes, user=None) -> None:
    """Back to the secretary for editing: the confirmations given so far no longer count (their links stop
    working); comments stay for the secretary to read."""
    minutes = _lock(minutes)
    if minutes.state == Minutes.State.ADJUSTED:
        _refuse_if_locked(minutes)
    if minutes.state == Minutes.State.DRAFT:
        return
    minutes.state = Minutes.State.DRAFT
    minutes._history_user = user
    minutes.save()
    minutes.signatories.update(confirmed_at=None, confirmed_via="")


class LinkProblem(Exception):
    """A justering link that cannot be used; `code` says why, for the page that explains it."""

    def __init__(self, code: str, signatory: Signatory | None = None, minutes: Minutes | None = None):
        super().__init__(code)
        self.code, self.signatory, self.minutes = code, signatory, minutes


def justering_link(signatory: Signatory) -> str:
    # The round as stored: the caller's copy of the minutes may be older than the sending.
    current_round = Minutes.objects.filter(pk=signatory.minutes_id).values_list("round", flat=True).first()
    token = make_token(JUSTERING_LINK, m=signatory.minutes_id, s=signatory.pk, r=current_round,
                       t=int(timezone.now().timestamp()))
    return settings.SITE_URL + reverse("minutes:justering", args=[token])


def signatory_from_link(token: str) -> Signatory:
    """The signatory a justering link was made for, while it may still be used; LinkProblem otherwise.

    A link is good for MINUTES_LINK_DAYS, for the round of justering it was sent in, while its minutes wait for
    justering and its person is still asked to confirm them."""
    try:
        values = read_token(JUSTERING_LINK, token)
        minutes_id, signatory_id, round_sent, issued = values["m"], values["s"], values["r"], values["t"]
        minutes = Minutes.objects.select_related("meeting__body").get(pk=minutes_id)
    except (BadLink, KeyError, TypeError, Minutes.DoesNotExist):
        raise LinkProblem("invalid") from None
    signatory = minutes.signatories.select_related("person").filter(pk=signatory_id).first()
    if signatory is None:
        raise LinkProblem("not_asked", minutes=minutes)
    if minutes.state == Minutes.State.ADJUSTED:
        raise LinkProblem("adjusted", signatory, minutes)
    sent = datetime.datetime.fromtimestamp(issued, tz=datetime.UTC)
    if round_sent != minutes.round or minutes.state != Minutes.State.JUSTERING:
        raise LinkProblem("replaced", signatory, minutes)
    if timezone.now() - sent > datetime.timedelta(days=settings.MINUTES_LINK_DAYS):
        raise LinkProblem("expired", signatory, minutes)
    return signatory


def signatory_for_user(minutes: Minutes, user) -> Signatory | None:
    """The signatory of `minutes` that a logged-in user is: the person whose e-mail address is the user's own."""
    if not user.is_authenticated or not user.email:
        return None
    return minutes.signatories.select_related("person").filter(person__email__iexact=user.email).first()


@transaction.atomic
def confirm(signatory: Signatory, via: str, user=None) -> bool:
    """Record that `signatory` confirms the minutes; lock and publish them when everyone has. Returns whether the
    minutes are now adjusted."""
    minutes = _lock(signatory.minutes)
    signatory = Signatory.objects.select_for_update().get(pk=signatory.pk)
    if minutes.state != Minutes.State.JUSTERING:
        raise MinutesError(_("These minutes are not waiting for justering."))
    if signatory.confirmed_at is None:
        signatory.confirmed_at = timezone.now()
        signatory.confirmed_via = via
        signatory._history_user = user
        signatory.save()
    if minutes.signatories.filter(confirmed_at__isnull=True).exists():
        return False
    adjust(minutes, user=user)
    return True


@transaction.atomic
def comment(signatory: Signatory, text: str, user=None) -> None:
    minutes = _lock(signatory.minutes)
    if minutes.state != Minutes.State.JUSTERING:
        raise MinutesError(_("These minutes are not waiting for justering."))
    signatory.comment = text
    signatory.commented_at = timezone.now()
    signatory._history_user = user
    signatory.save(update_fields=["comment", "commented_at"])


def adjust(minutes: Minutes, user=None) -> None:
    """Lock the minutes (called inside `confirm`'s transaction), publish them in place of the version before, mark
    the meeting held, and store the PDF with the record of the justering, signed when a certificate is configured."""
    from .pdf import final_pdf

    minutes.state = Minutes.State.ADJUSTED
    minutes.adjusted_at = timezone.now()
    Minutes.objects.filter(meeting_id=minutes.meeting_id, published=True).update(published=False)
    minutes.published = True
    minutes._history_user = user
    minutes.save()
    # Saved even when it was marked held already: a new revision, so that calendar feeds, whose event now links the
    # minutes, send the changed event.
    meeting = minutes.meeting
    meeting.status = Meeting.Status.HELD
    meeting._history_user = user
    meeting.save()
    pdf, signed = final_pdf(minutes)
    name = f"protokoll-{meeting.body.slug}-{meeting.date:%Y-%m-%d}-v{minutes.version}.pdf"
    minutes.pdf.save(name, ContentFile(pdf), save=False)
    minutes.signed = signed
    minutes.save(update_fields=["pdf", "signed"])


@transaction.atomic
def new_version(minutes: Minutes, reason: str, user=None) -> Minutes:
    """A new draft of adjusted minutes, a copy of them, with the reason it is made; the adjusted version stays
    published until the new one is adjusted in turn."""
    minutes = _lock(minutes)
    reason = reason.strip()
    if minutes.state != Minutes.State.ADJUSTED:
        raise MinutesError(_("Only adjusted minutes get a new version; these can still be edited."))
    if not reason:
        raise MinutesError(_("Say why a new version of adjusted minutes is made."))
    latest = Minutes.objects.filter(meeting_id=minutes.meeting_id).order_by("-version").first()
    if latest.pk != minutes.pk:
        raise MinutesError(_("A newer version of these minutes exists: make the new version from that one."))
    copy = Minutes.objects.create(
        meeting=minutes.meeting, version=minutes.version + 1, reason=reason, secretary=minutes.secretary,
        chair=minutes.chair, written_by=user,
    )
    old_rows = list(minutes.attendees.all())
    new_rows = {}
    for row in old_rows:
        new_rows[row.pk] = Attendee.objects.create(
            minutes=copy, person=row.person, name=row.name, municipality=row.municipality, role=row.role,
            present=row.present, order=row.order,
        )
    for row in old_rows:
        if row.serving_for_id in new_rows:
            new_rows[row.pk].serving_for = new_rows[row.serving_for_id]
            new_rows[row.pk].save(update_fields=["serving_for"])
    for paragraph in minutes.paragraphs.all():
        Paragraph.objects.create(
            minutes=copy, section_id=paragraph.section_id, agenda_item_id=paragraph.agenda_item_id,
            title=paragraph.title, decision=paragraph.decision, discussion=paragraph.discussion,
            reservations=paragraph.reservations, added_at_meeting=paragraph.added_at_meeting,
        )
    for signatory in minutes.signatories.all():
        Signatory.objects.create(minutes=copy, person_id=signatory.person_id, kind=signatory.kind)
    return copy


# Mailing the links ------------------------------------------------------------------------------------------------


def queue(signatory: Signatory, after: datetime.datetime | None = None) -> None:
    from .tasks import mail_justering

    task = mail_justering.using(run_after=after) if after else mail_justering
    transaction.on_commit(lambda: task.enqueue(signatory.pk))


def compose(signatory: Signatory) -> tuple[str, str]:
    """The subject and Swedish text of the mail that asks `signatory` to confirm the minutes."""
    minutes = signatory.minutes
    with translation.override("sv"):
        context = {
            "signatory": signatory, "minutes": minutes, "meeting": minutes.meeting,
            "link": justering_link(signatory), "days": settings.MINUTES_LINK_DAYS,
            "secretary": minutes.secretary, "sender": settings.SECRETARIAT_NAME,
        }
        subject = " ".join(render_to_string("minutes/justering_subject.txt", context).split())
        text = render_to_string("minutes/justering_email.txt", context)
    return subject, text


def send_justering(signatory_id: int) -> str:
    """Mail one signatory their link (what the worker runs); record the outcome and retry a failure later."""
    from .pdf import draft_pdf

    with transaction.atomic():
        signatory = (Signatory.objects.select_for_update().select_related("person", "minutes__meeting__body")
                     .filter(pk=signatory_id).first())
        if signatory is None or signatory.minutes.state != Minutes.State.JUSTERING:
            return "not waiting"
        if signatory.mailed_at is not None:
            return "sent"
        subject, text = compose(signatory)
        message = EmailMultiAlternatives(subject, text, to=[f"{signatory.person.name} <{signatory.person.email}>"])
        meeting = signatory.minutes.meeting
        message.attach(f"protokoll-{meeting.body.slug}-{meeting.date:%Y-%m-%d}-for-justering.pdf",
                       draft_pdf(signatory.minutes), "application/pdf")
        signatory.mail_attempts += 1
        try:
            message.send()
        except (smtplib.SMTPException, OSError) as error:
            signatory.mail_error = str(error)[:2000] or error.__class__.__name__
            if signatory.mail_attempts <= len(RETRY_MINUTES):
                wait = datetime.timedelta(minutes=RETRY_MINUTES[signatory.mail_attempts - 1])
                queue(signatory, timezone.now() + wait)
            status = "failed"
        else:
            signatory.mailed_at = timezone.now()
            signatory.mail_error = ""
            status = "sent"
        signatory.save(update_fields=["mail_attempts", "mail_error", "mailed_at"])
        return status


# Reading ----------------------------------------------------------------------------------------------------------


@dataclass
class Attendance:
    """The list of attendance as the minutes print it: those present by municipality, then the officials, the
    absent and the secretary."""

    present: list = field(default_factory=list)  # [(municipality or None, [attendee])]
    officials: list = field(default_factory=list)  # [(municipality or None, [attendee])]
    absent: list = field(default_factory=list)
    secretaries: list = field(default_factory=list)


def _by_municipality(rows):
    groups = {}
    for row in rows:
        groups.setdefault(row.municipality, []).append(row)
    return sorted(groups.items(), key=lambda group: (group[0] is None, group[0].name if group[0] else ""))


def attendance(attendees) -> Attendance:
    """Sorts `attendees` (fetched with their municipality and serving_for) into the minutes' lists. Substitutes
    who neither came nor served are left out: they were not expected."""
    present, officials, absent, secretaries = [], [], [], []
    for row in attendees:
        if row.role == Role.Kind.SECRETARY:
            secretaries.append(row)
        elif row.role == Role.Kind.ATTENDING:
            (officials if row.present else absent).append(row)
        elif row.present:
            present.append(row)
        elif row.role != Role.Kind.SUBSTITUTE:
            absent.append(row)
    return Attendance(_by_municipality(present), _by_municipality(officials), absent, secretaries)


def readable_minutes(minutes: Minutes) -> dict:
    """Everything the minutes show, fetched in a fixed number of queries, for the page, the PDF and the mail."""
    attendees = list(minutes.attendees.select_related("municipality", "serving_for"))
    paragraphs = list(minutes.paragraphs.select_related("section").order_by("section__number"))
    sections = [paragraph.section_id for paragraph in paragraphs]
    assignments = {}
    for assignment in Assignment.objects.filter(section_id__in=sections).select_related("body", "municipality"):
        assignments.setdefault(assignment.section_id, []).append(assignment)
    for paragraph in paragraphs:
        paragraph.assignments = assignments.get(paragraph.section_id, [])
    signatories = list(minutes.signatories.select_related("person"))
    earlier = list(Minutes.objects.filter(meeting_id=minutes.meeting_id, state=Minutes.State.ADJUSTED)
                   .exclude(pk=minutes.pk).order_by("version"))
    numbers = [paragraph.section.number for paragraph in paragraphs]
    return {
        "minutes": minutes,
        "meeting": minutes.meeting,
        "paragraph_span": paragraph_span(numbers),
        "attendance": attendance(attendees),
        "paragraphs": paragraphs,
        "chair": next((s for s in signatories if s.kind == Signatory.Kind.CHAIR), None),
        "adjusters": [s for s in signatories if s.kind == Signatory.Kind.ADJUSTER],
        "other_versions": earlier,
    }


def paragraph_span(numbers: list[int]) -> str:
    """ "§ 12–21" for the numbers of the minutes' paragraphs, "§ 12" for one, "" for none."""
    if not numbers:
        return ""
    first, last = min(numbers), max(numbers)
    return f"§ {first}" if first == last else f"§ {first}–{last}"


# Assignments ------------------------------------------------------------------------------------------------------


def mark_done(assignment: Assignment, user) -> bool:
    """Record that an assignment is done, when and by whom; False when it was already."""
    if assignment.done_at is not None:
        return False
    assignment.done_at = timezone.now()
    assignment.done_by = user
    assignment._history_user = user
    assignment.save()
    return True


def reopen(assignment: Assignment, user) -> None:
    assignment.done_at = None
    assignment.done_by = None
    assignment._history_user = user
    assignment.save()


def person_choices(minutes: Minutes):
    """Those present, for choosing the chair and the adjusters."""
    ids = minutes.attendees.filter(present=True, person__isnull=False).values("person_id")
    return Person.objects.filter(pk__in=ids)
