"""Swedish wording for the printed documents.

The documents go to eight municipal boards in Swedish whatever language the visitor reads the
portal in, so the words here are Swedish; dates and times still go through Django's Swedish formats.
"""

from django import template
from django.utils import formats
from django.utils.safestring import mark_safe

from apps.bodies.models import Role
from apps.documents.parts import PART_BREAK
from apps.meetings.models import AgendaItem, Meeting
from apps.programme.models import Adoption, SubGoal

register = template.Library()

ASKED = {
    AgendaItem.Asked.INFORMATION: "Information",
    AgendaItem.Asked.DISCUSSION: "Diskussion",
    AgendaItem.Asked.DECISION: "Beslut",
}
ROLES = {
    Role.Kind.CHAIR: "ordförande",
    Role.Kind.VICE_CHAIR: "vice ordförande",
    Role.Kind.MEMBER: "ledamot",
    Role.Kind.SUBSTITUTE: "ersättare",
    Role.Kind.ATTENDING: "deltar",
    Role.Kind.SECRETARY: "sekreterare",
}
# Only kinds that differ from what the body usually holds are named in a calendar.
MEETING_KINDS = {
    Meeting.Kind.PLANNING_CONFERENCE: "planeringskonferens",
    Meeting.Kind.EXTRA: "extra möte",
}
ADOPTION_STATUS = {
    Adoption.Status.PENDING: "skickat för beslut",
    Adoption.Status.PROPOSED: "föreslaget för kommunstyrelsen",
    Adoption.Status.ADOPTED: "antaget",
    Adoption.Status.REJECTED: "avslaget",
}
# Attachments that cannot be merged into the bundle of papers, by kind of file.
FILE_KINDS = {"word": "Word-fil", "excel": "Excel-fil"}
SUB_GOAL_KINDS = {SubGoal.Kind.ACTION: ("Insats", "Insatser"), SubGoal.Kind.SUB_GOAL: ("Delmål", "Delmål")}
WEEKDAYS_PLURAL = ["måndagar", "tisdagar", "onsdagar", "torsdagar", "fredagar", "lördagar", "söndagar"]


@register.filter
def asked(value):
    return ASKED.get(value, value)


@register.filter
def role(value):
    return ROLES.get(value, value)


@register.filter
def file_kind(value):
    """ "Word-fil" for "word"."""
    return FILE_KINDS.get(value, value)


@register.filter
def adoption_status(value):
    return ADOPTION_STATUS.get(value, value)


@register.filter
def sub_goal_heading(sub_goals):
    """ "Insatser", "Delmål" or "Delmål och insatser" for a goal's list."""
    kinds = {sub_goal.kind for sub_goal in sub_goals}
    if len(kinds) == 1:
        return SUB_GOAL_KINDS[kinds.pop()][1]
    return "Delmål och insatser"


@register.filter
def weekdays(weekday):
    """ "torsdagar" for 3."""
    return WEEKDAYS_PLURAL[weekday] if weekday is not None else ""


@register.filter
def och(items):
    """Names joined the way one says them: "Södertälje och Nykvarn", "A, B och C"."""
    names = [str(item) for item in items]
    if len(names) < 2:
        return "".join(names)
    return f"{', '.join(names[:-1])} och {names[-1]}"


@register.filter
def hours(start, end=None):
    """ "12.00–15.00"."""
    if not start:
        return ""
    if not end:
        return formats.time_format(start)
    return f"{formats.time_format(start)}–{formats.time_format(end)}"


def _span(start, end, fmt):
    if not end:
        return formats.date_format(start, fmt)
    if (start.year, start.month) == (end.year, end.month):
        first = formats.date_format(start, "j")
    elif start.year == end.year:
        first = formats.date_format(start, "j F")
    else:
        first = formats.date_format(start, "j F Y")
    return f"{first}–{formats.date_format(end, fmt)}"


@register.filter
def meeting_date(meeting):
    """The date in a heading: "torsdag 2 februari 2017", "16–17 augusti 2017", "januari 2018, datum ej fastställt"."""
    if meeting.is_month_only:
        return f"{formats.date_format(meeting.date, 'F Y')}, datum ej fastställt"
    if meeting.end_date:
        return _span(meeting.date, meeting.end_date, "j F Y")
    return formats.date_format(meeting.date, "l j F Y")


@register.filter
def calendar_date(meeting, with_year=True):
    """The date in a calendar list: "2 februari", "16–17 augusti 2017", "Januari 2018"."""
    if meeting.is_month_only:
        return formats.date_format(meeting.date, "F Y").capitalize()
    return _span(meeting.date, meeting.end_date, "j F Y" if with_year else "j F")


@register.filter
def calendar_note(meeting):
    """What a calendar line says in brackets: an unusual kind or hours, the hosts, a cancellation."""
    body = meeting.body
    notes = []
    if meeting.kind in MEETING_KINDS:
        notes.append(MEETING_KINDS[meeting.kind])
    usual = (body.usual_start, body.usual_end)
    if meeting.start_time and not meeting.is_month_only and (meeting.start_time, meeting.end_time) != usual:
        notes.append(f"kl. {hours(meeting.start_time, meeting.end_time)}")
    if meeting.host_list:
        notes.append(och(meeting.host_list))
    if meeting.is_cancelled:
        notes.append("inställt")
    return ", ".join(notes)


@register.filter
def paragraphs(text):
    """A text split at blank lines into (is_heading, paragraph): a short line without a full stop is a heading."""
    blocks = [" ".join(block.split()) for block in text.replace("\r\n", "\n").split("\n\n")]
    return [
        (len(block) < 60 and not block.endswith((".", ":", "!", "?")), block) for block in blocks if block
    ]


@register.filter
def meeting_title(meeting):
    """The meeting's own title, else the body's name with an unusual kind: "Ledningsgruppen, planeringskonferens"."""
    if meeting.title:
        return meeting.title
    if meeting.kind in MEETING_KINDS:
        return f"{meeting.body.name}, {MEETING_KINDS[meeting.kind]}"
    return meeting.body.name


NUMBERS = ["noll", "en", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio", "elva", "tolv"]


@register.filter
def words(number):
    """Small numbers in words, as Swedish prose writes them: "sex gånger", "fyra fokusområden"."""
    return NUMBERS[number] if isinstance(number, int) and 0 <= number < len(NUMBERS) else number


@register.filter
def adds_to(text, other):
    """Whether `text` says something `other` does not already say (a composition repeated in a description)."""
    said = " ".join(text.split()).rstrip(".").casefold()
    return bool(said) and said not in " ".join(other.split()).casefold()


@register.simple_tag
def part_break():
    """Where a long document may be cut into parts that render at once (apps/documents/parts.py): only right before
    an element that begins a page, so that each part is laid out as it is in the whole document."""
    return mark_safe(PART_BREAK)
