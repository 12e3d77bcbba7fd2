"""Calendar feeds (iCalendar, RFC 5545) that Outlook and Google Calendar can subscribe to.

Google Calendar gives up on a subscribed feed above about 1 MB or 1 000 events, so the feed of all meetings
holds the last twelve months and everything ahead (`in_feed_window`); each earlier year has a feed of its own
for the archive. Every stored text reaches a feed escaped, control characters made spaces: no data can break one.
"""

import datetime
import re
from dataclasses import dataclass, field
from email.utils import parseaddr
from functools import cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, gettext
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

from apps.municipalities.models import host_order

from .models import Meeting

UID_DOMAIN = "sodertorn.se"
TZID = "Europe/Stockholm"
STATUS = {
    Meeting.Status.PLANNED: "TENTATIVE",
    Meeting.Status.CONFIRMED: "CONFIRMED",
    Meeting.Status.HELD: "CONFIRMED",
    Meeting.Status.CANCELLED: "CANCELLED",
}


def meeting_uid(meeting) -> str:
    """The same UID for a meeting in every feed and for ever, so a change updates the subscriber's copy."""
    return f"meeting-{meeting.pk}@{UID_DOMAIN}"


@cache
def stockholm_vtimezone() -> Timezone:
    """Central European time with the EU summer-time rule, written as RRULEs that Outlook understands."""
    vtimezone = Timezone()
    vtimezone.add("TZID", TZID)
    summer = TimezoneDaylight()
    summer.add("TZNAME", "CEST")
    summer.add("DTSTART", datetime.datetime(1981, 3, 29, 2, 0))
    summer.add("TZOFFSETFROM", datetime.timedelta(hours=1))
    summer.add("TZOFFSETTO", datetime.timedelta(hours=2))
    summer.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 3, "BYDAY": "-1SU"})
    winter = TimezoneStandard()
    winter.add("TZNAME", "CET")
    winter.add("DTSTART", datetime.datetime(1996, 10, 27, 3, 0))
    winter.add("TZOFFSETFROM", datetime.timedelta(hours=2))
    winter.add("TZOFFSETTO", datetime.timedelta(hours=1))
    winter.add("RRULE", {"FREQ": "YEARLY", "BYMONTH": 10, "BYDAY": "-1SU"})
    vtimezone.add_component(summer)
    vtimezone.add_component(winter)
    return vtimezone


@dataclass(slots=True)
class FeedMeeting:
    """What an event needs of a meeting, read without building model instances (thousands per feed)."""

    pk: int
    title: str
    status: str
    sequence: int
    date: datetime.date
    end_date: datetime.date | None
    start_time: datetime.time | None
    end_time: datetime.time | None
    place: str
    modified: datetime.datetime
    body_name: str
    body_short_name: str
    hosts: list = field(default_factory=list)
    minutes_id: int | None = None  # the published version of the meeting's minutes, once public_rule() lets it be

    @property
    def is_cancelled(self):
        return self.status == Meeting.Status.CANCELLED


FEED_FIELDS = [
    "pk", "title", "status", "sequence", "date", "end_date", "start_time", "end_time", "place", "modified",
    "body__name", "body__short_name", "kind",
]


def feed_meetings(queryset) -> list[FeedMeeting]:
    """The dated meetings of a queryset (month-only ones wait until dated), in two queries."""
    meetings = queryset.dated().order_by("date", "start_time", "pk")
    rows = []
    planning_conference = Meeting.Kind.PLANNING_CONFERENCE.label
    for *values, kind, minutes_id in meetings.with_published_minutes().values_list(
            *FEED_FIELDS, "published_minutes_id"):
        row = FeedMeeting(*values, minutes_id=minutes_id)
        # The same title as Meeting.display_title; a test holds the two together.
        if not row.title and kind == Meeting.Kind.PLANNING_CONFERENCE:
            row.title = f"{row.body_short_name}: {planning_conference}"
        elif not row.title:
            row.title = row.body_name
        rows.append(row)
    by_pk = {row.pk: row for row in rows}
    hosts = Meeting.hosts.through.objects.filter(meeting__in=meetings.values("pk")).order_by(
        "meeting_id", *host_order("municipality")
    )
    for meeting_id, name in hosts.values_list("meeting_id", "municipality__name"):
        by_pk[meeting_id].hosts.append(name)
    return rows


# Control characters other than the line breaks, which a TEXT value may not hold (RFC 5545 3.3.11, 3.1).
CONTROL = re.compile(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f]")


def escape_text(text: str) -> str:
    """A TEXT value as RFC 5545 (3.3.11) wants it: backslash, semicolon, comma and newlines escaped, other
    control characters made spaces."""
    return (
        CONTROL.sub(" ", text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
        .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n")
    )


def one_line(text: str) -> str:
    """A name for the calendar's frame, which icalendar writes: on one line, without control characters."""
    return " ".join(re.sub(r"[\x00-\x1f\x7f]", " ", text).split())


def feed_window_start(today: datetime.date) -> datetime.date:
    """The first day the feed of all meetings holds: the same day a year before `today` (the 28th for the 29th
    of February)."""
    return today.replace(year=today.year - 1, day=min(today.day, 28) if today.month == 2 else today.day)


def in_feed_window(queryset, today: datetime.date):
    """The meetings of the last twelve months (by their last day) and everything ahead."""
    start = feed_window_start(today)
    return queryset.filter(Q(date__gte=start) | Q(end_date__gte=start))


def fold(line: str) -> bytes:
    """One content line, folded after 75 octets without splitting a UTF-8 character (RFC 5545 3.1)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return encoded + b"\r\n"
    parts, start, limit = [], 0, 75
    while start < len(encoded):
        end = min(start + limit, len(encoded))
        while end < len(encoded) and encoded[end] & 0xC0 == 0x80:
            end -= 1
        parts.append(encoded[start:end])
        start, limit = end, 74  # a continuation line begins with a space
    return b"\r\n ".join(parts) + b"\r\n"


def ical_date(day: datetime.date) -> str:
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def ical_time(moment: datetime.datetime) -> str:
    # Plain arithmetic: strftime would be the slowest step of a large feed.
    return f"{ical_date(moment)}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"


def utc_stamp(moment: datetime.datetime) -> str:
    return ical_time(moment.astimezone(datetime.UTC)) + "Z"


def date_or_time(name: str, value) -> str:
    if isinstance(value, datetime.datetime):
        return f"{name};TZID={TZID}:{ical_time(value)}"
    return f"{name};VALUE=DATE:{ical_date(value)}"


class EventWriter:
    """Writes VEVENTs for one feed.

    The calendar around the events and its VTIMEZONE are made by the icalendar library. The events are
    written here directly, because icalendar needs most of a millisecond per event and a feed of
    thousands of meetings must build in a fraction of a second. The tests read every feed back with
    icalendar. Texts are translated once per feed, not once per event.
    """

    def __init__(self, url_pattern: str, minutes_pattern: str = ""):
        self.url_pattern = url_pattern
        self.minutes_pattern = minutes_pattern
        self.minutes_line = gettext("Minutes: %(url)s")
        self.cancelled_title = gettext("Cancelled: %(title)s")
        self.host_line = gettext("Host: %(hosts)s")
        self.cancelled_line = gettext("The meeting is cancelled.")
        self.link_line = gettext("Agenda and documents: %(url)s")
        self.two_names = gettext("%(first)s and %(last)s")

    def names(self, names):
        if len(names) < 2:
            return "".join(names)
        return self.two_names % {"first": ", ".join(names[:-1]), "last": names[-1]}

    def event(self, meeting: FeedMeeting) -> bytes:
        url = self.url_pattern.format(meeting.pk)
        start, end = event_times(meeting)
        summary = meeting.title
        if meeting.is_cancelled:
            summary = self.cancelled_title % {"title": summary}
        hosts = self.names(meeting.hosts)
        location = ", ".join(part for part in (meeting.place, hosts) if part)
        description = [meeting.body_name]
        if hosts:
            description.append(self.host_line % {"hosts": hosts})
        if meeting.is_cancelled:
            description.append(self.cancelled_line)
        description.append(self.link_line % {"url": url})
        if meeting.minutes_id and self.minutes_pattern:
            description.append(self.minutes_line % {"url": self.minutes_pattern.format(meeting.minutes_id)})
        # DTSTAMP follows the last change rather than the clock, so an unchanged feed stays the same.
        stamp = utc_stamp(meeting.modified)
        short = [
            "BEGIN:VEVENT",
            f"UID:{meeting_uid(meeting)}",
            f"DTSTAMP:{stamp}",
            f"LAST-MODIFIED:{stamp}",
            f"SEQUENCE:{meeting.sequence}",
            date_or_time("DTSTART", start),
        ]
        if end is not None:
            short.append(date_or_time("DTEND", end))
        short.append(f"STATUS:{STATUS[meeting.status]}")
        short.append("TRANSP:TRANSPARENT" if meeting.is_cancelled else "TRANSP:OPAQUE")
        long = [f"SUMMARY:{escape_text(summary)}"]
        if location:
            long.append(f"LOCATION:{escape_text(location)}")
        long.append(f"DESCRIPTION:{escape_text(chr(10).join(description))}")
        long.append(f"URL;VALUE=URI:{url}")
        long.append(f"CATEGORIES:{escape_text(meeting.body_short_name)}")
        return b"".join([
            ("\r\n".join(short) + "\r\n").encode(), *(fold(line) for line in long), b"END:VEVENT\r\n"
        ])


def event_times(meeting):
    """DTSTART and DTEND.

    With hours: from the start time on the first day to the end time on the last day.
    Without hours: all-day dates, DTEND being the day after the last day (it is exclusive).
    """
    tz = ZoneInfo(TZID)
    last_day = meeting.end_date or meeting.date
    if meeting.start_time and (meeting.end_time or not meeting.end_date):
        start = datetime.datetime.combine(meeting.date, meeting.start_time, tzinfo=tz)
        if meeting.end_time is None:
            return start, None
        return start, datetime.datetime.combine(last_day, meeting.end_time, tzinfo=tz)
    return meeting.date, last_day + datetime.timedelta(days=1)


def build_calendar(meetings, *, name: str) -> bytes:
    """The iCalendar text of the given meetings, their addresses on SITE_URL (never the request's host: a cached
    feed would hand one client's Host header to every subscriber)."""
    calendar = Calendar()
    calendar.add("PRODID", f"-//{settings.SECRETARIAT_NAME}//Södertörnsportalen//{(get_language() or 'sv').upper()}")
    calendar.add("VERSION", "2.0")
    calendar.add("CALSCALE", "GREGORIAN")
    calendar.add("METHOD", "PUBLISH")
    calendar.add("X-WR-CALNAME", one_line(name))
    calendar.add("NAME", one_line(name))
    calendar.add("X-WR-TIMEZONE", TZID)
    calendar.add("REFRESH-INTERVAL", datetime.timedelta(hours=6), parameters={"VALUE": "DURATION"})
    calendar.add("X-PUBLISHED-TTL", "PT6H")
    calendar.add_component(stockholm_vtimezone())
    frame = calendar.to_ical()
    closing = b"END:VCALENDAR\r\n"
    # The events go in before the frame's last line; icalendar always ends a calendar with it.
    if not frame.endswith(closing):
        raise ValueError("icalendar wrote a calendar that does not end with END:VCALENDAR")
    # One reverse() for all meetings: the pages differ only by number.
    url_pattern = (settings.SITE_URL + reverse("meetings:detail", args=[0])).replace("/0/", "/{}/")
    minutes_pattern = (settings.SITE_URL + reverse("minutes:pdf", args=[0])).replace("/0/", "/{}/")
    writer = EventWriter(url_pattern, minutes_pattern)
    events = [writer.event(meeting) for meeting in meetings]
    return b"".join([frame[: -len(closing)], *events, closing])



def invitation(meeting, *, location: str, description: str, attendee: str, url: str) -> bytes:
    """The meeting as an invitation sent with the kallelse (METHOD:REQUEST): the same UID as in the feeds, so
    the calendar entry the member accepts is the one a changed kallelse later updates (its SEQUENCE raised)."""
    calendar = Calendar()
    calendar.add("PRODID", f"-//{settings.SECRETARIAT_NAME}//Södertörnsportalen//SV")
    calendar.add("VERSION", "2.0")
    calendar.add("METHOD", "REQUEST")
    calendar.add_component(stockholm_vtimezone())
    event = Event()
    event.add("UID", meeting_uid(meeting))
    event.add("SEQUENCE", meeting.sequence)
    event.add("DTSTAMP", meeting.modified)
    start, end = event_times(meeting)
    event.add("DTSTART", start)
    if end is not None:
        event.add("DTEND", end)
    # icalendar escapes line breaks but writes other control characters as they are, which no TEXT may hold.
    event.add("SUMMARY", CONTROL.sub(" ", meeting.display_title))
    if location:
        event.add("LOCATION", CONTROL.sub(" ", location))
    event.add("DESCRIPTION", CONTROL.sub(" ", description))
    event.add("URL", url, parameters={"VALUE": "URI"})
    event.add("STATUS", STATUS[meeting.status])
    organizer = vCalAddress(f"mailto:{parseaddr(settings.DEFAULT_FROM_EMAIL)[1]}")
    organizer.params["CN"] = settings.SECRETARIAT_NAME
    event.add("ORGANIZER", organizer)
    guest = vCalAddress(f"mailto:{attendee}")
    # The secretariat gathers absence through the personal link, not through calendar replies.
    guest.params.update({"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "FALSE"})
    event.add("ATTENDEE", guest)
    calendar.add_component(event)
    return calendar.to_ical()
