"""A calendar feed answers whatever the database holds: line breaks and control characters written straight into
every text a feed reads (past the forms, as a script or an old import might) give feeds that icalendar reads,
in both languages, and the kallelse's invitation too."""

import datetime

import icalendar
import pytest
from django.utils import timezone

from apps.bodies.models import Body
from apps.meetings.models import AgendaItem, Meeting
from apps.municipalities.models import Municipality

# No NUL: PostgreSQL itself refuses to store one.
BAD = "Rad ett\r\nrad två\nrad tre\rslut\x0b\x0c\x1b\x7f\x85\u2028\t; A, B \\ C"
SHOWN = "Rad ett\nrad två\nrad tre\nslut    \x85\u2028 ; A, B \\ C"
ONE_LINE = "Rad ett rad två rad tre slut ; A, B \\ C"


def calendar_of(response):
    assert response.status_code == 200, response.content[:300]
    content = response.content
    # Each line ends with CRLF; no other control character stands in the feed.
    assert b"\n" not in content.replace(b"\r\n", b"") and b"\r" not in content.replace(b"\r\n", b"")
    assert not any(byte < 32 and byte not in (10, 13) for byte in content)
    return icalendar.Calendar.from_ical(content)


@pytest.fixture
def broken(db):
    """A body, a host and two meetings (one ahead, one in an earlier year), every text a feed reads spoilt."""
    body = Body.objects.create(name="Ledningsgruppen", short_name="Ledningsgruppen", slug="ledningsgruppen",
                               kind=Body.Kind.MANAGEMENT_GROUP)
    host = Municipality.objects.create(name="Huddinge", slug="huddinge", code="0126")
    today = timezone.localdate()
    ahead = Meeting.objects.create(body=body, date=today + datetime.timedelta(days=20),
                                   start_time=datetime.time(9), end_time=datetime.time(12),
                                   agenda_published_at=timezone.now())
    earlier = Meeting.objects.create(body=body, date=datetime.date(today.year - 3, 5, 12),
                                     agenda_published_at=timezone.now())
    for meeting in (ahead, earlier):
        meeting.hosts.set([host])
        AgendaItem.objects.create(meeting=meeting, number=1, title="Ärende", description="Beskrivning")
    Body.objects.filter(pk=body.pk).update(name=BAD, name_sv=BAD, name_en=BAD, short_name=BAD)
    Municipality.objects.filter(pk=host.pk).update(name=BAD)
    Meeting.objects.filter(pk__in=[ahead.pk, earlier.pk]).update(title=BAD, place=BAD)
    AgendaItem.objects.update(title=BAD, description=BAD)
    return {"ahead": ahead, "earlier": earlier}


@pytest.mark.parametrize("language", ["", "/en"])
def test_every_feed_answers_and_parses_whatever_the_texts_hold(client, broken, language):
    earlier = broken["earlier"].date.year
    feeds = {
        "/moten/kalender.ics": 1,
        f"/moten/kalender-{earlier}.ics": 1,
        "/moten/organ/ledningsgruppen.ics": 2,
        "/moten/kommun/huddinge.ics": 2,
    }
    for path, events in feeds.items():
        calendar = calendar_of(client.get(language + path))
        found = calendar.walk("VEVENT")
        assert len(found) == events, path
        for event in found:
            # The text is all there: its line breaks the calendar's own, other control characters spaces.
            assert str(event["SUMMARY"]) == SHOWN
            assert str(event["LOCATION"]) == f"{SHOWN}, {SHOWN}"
            assert str(event["CATEGORIES"].cats[0]) == SHOWN
        if "organ" in path or "kommun" in path:
            assert ONE_LINE in str(calendar["X-WR-CALNAME"])
