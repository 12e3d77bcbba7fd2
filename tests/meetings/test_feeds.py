"""Calendar feeds (RFC 5545) that Outlook and Google Calendar subscribe to, read back with icalendar."""

import datetime
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from apps.bodies.models import Body
from apps.meetings.models import Meeting
from apps.municipalities.models import Municipality

STOCKHOLM = ZoneInfo("Europe/Stockholm")
# The meetings below are of 2017: in the archive's feed of that year, since the feed of all meetings holds the
# last twelve months and what is ahead (tests/meetings/test_feed_window.py).
FEED_2017 = "/moten/kalender-2017.ics"


@pytest.fixture
def bodies(db):
    return {
        "committee": Body.objects.create(
            name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén",
            slug="samarbetskommitten", kind=Body.Kind.COMMITTEE,
            usual_start=datetime.time(12), usual_end=datetime.time(15),
        ),
        "management": Body.objects.create(
            name="Ledningsgruppen", short_name="Ledningsgruppen", slug="ledningsgruppen",
            kind=Body.Kind.MANAGEMENT_GROUP, usual_start=datetime.time(8, 30), usual_end=datetime.time(13),
        ),
    }


@pytest.fixture
def places(db):
    return {
        "nykvarn": Municipality.objects.create(name="Nykvarn", slug="nykvarn", code="0140"),
        "sodertalje": Municipality.objects.create(name="Södertälje", slug="sodertalje", code="0181"),
        "haninge": Municipality.objects.create(name="Haninge", slug="haninge", code="0136"),
    }


def create_meeting(body, hosts=(), **fields):
    meeting = Meeting.objects.create(body=body, **fields)
    meeting.hosts.set(hosts)
    return meeting


@pytest.fixture
def meetings(bodies, places):
    return {
        "committee": create_meeting(bodies["committee"], [places["haninge"]], date=datetime.date(2017, 2, 2)),
        "planning": create_meeting(
            bodies["committee"], kind=Meeting.Kind.PLANNING_CONFERENCE,
            date=datetime.date(2017, 8, 16), end_date=datetime.date(2017, 8, 17),
        ),
        "timed_two_days": create_meeting(
            bodies["management"], kind=Meeting.Kind.PLANNING_CONFERENCE, date=datetime.date(2017, 4, 6),
            end_date=datetime.date(2017, 4, 7), start_time=datetime.time(10), end_time=datetime.time(15),
        ),
        "two_hosts": create_meeting(
            bodies["committee"], [places["sodertalje"], places["nykvarn"]], title="Södertörnskonferensen",
            kind=Meeting.Kind.CONFERENCE, date=datetime.date(2017, 9, 7), place="Södertälje, Campus; sal 1",
        ),
        "month_only": create_meeting(bodies["committee"], date=datetime.date(2018, 1, 1),
                                     date_precision=Meeting.Precision.MONTH),
    }


def read_feed(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response, Calendar.from_ical(response.content)


def events_by_uid(calendar):
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def uid(meeting):
    return f"meeting-{meeting.pk}@sodertorn.se"


def test_the_feed_is_served_as_utf8_text_calendar(client, meetings):
    response = client.get(FEED_2017)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response.content.startswith(b"BEGIN:VCALENDAR\r\n")
    assert response.content.endswith(b"END:VCALENDAR\r\n")


def test_every_line_of_the_feed_is_at_most_75_octets_and_ends_with_crlf(client, meetings):
    content = client.get(FEED_2017).content
    lines = content.split(b"\r\n")
    assert b"\n" not in content.replace(b"\r\n", b"")
    assert max(len(line) for line in lines) <= 75


def test_the_feed_carries_a_europe_stockholm_vtimezone(client, meetings):
    _response, calendar = read_feed(client, FEED_2017)
    [timezone] = calendar.walk("VTIMEZONE")
    assert str(timezone["TZID"]) == "Europe/Stockholm"
    assert {component.name for component in timezone.subcomponents} == {"STANDARD", "DAYLIGHT"}


def test_each_meeting_has_a_stable_uid(client, meetings):
    _response, first = read_feed(client, FEED_2017)
    meetings["committee"].place = "Botkyrka"
    meetings["committee"].save()
    _response, second = read_feed(client, FEED_2017)
    assert uid(meetings["committee"]) in events_by_uid(first)
    assert set(events_by_uid(first)) == set(events_by_uid(second))


def test_a_meeting_with_hours_starts_and_ends_in_stockholm_time(client, meetings):
    _response, calendar = read_feed(client, FEED_2017)
    event = events_by_uid(calendar)[uid(meetings["committee"])]
    assert event.start == datetime.datetime(2017, 2, 2, 12, tzinfo=STOCKHOLM)
    assert event.end == datetime.datetime(2017, 2, 2, 15, tzinfo=STOCKHOLM)
    assert event["DTSTART"].params["TZID"] == "Europe/Stockholm"


def test_a_meeting_over_two_days_without_hours_is_an_all_day_event_ending_the_day_after(client, meetings):
    _response, calendar = read_feed(client, FEED_2017)
    event = events_by_uid(calendar)[uid(meetings["planning"])]
    assert event.start == datetime.date(2017, 8, 16)
    assert event.end == datetime.date(2017, 8, 18)
    assert not isinstance(event.start, datetime.datetime)


def test_a_meeting_over_two_days_with_hours_runs_from_the_first_start_to_the_last_end(client, meetings):
    _response, calendar = read_feed(client, FEED_2017)
    event = events_by_uid(calendar)[uid(meetings["timed_two_days"])]
    assert event.start == datetime.datetime(2017, 4, 6, 10, tzinfo=STOCKHOLM)
    assert event.end == datetime.datetime(2017, 4, 7, 15, tzinfo=STOCKHOLM)


def test_a_meeting_known_only_to_the_month_is_left_out_of_feeds(client, meetings):
    _response, calendar = read_feed(client, FEED_2017)
    assert uid(meetings["month_only"]) not in events_by_uid(calendar)
    assert len(events_by_uid(calendar)) == 4


def test_a_cancelled_meeting_is_marked_cancelled_with_a_higher_sequence(client, meetings):
    _response, before = read_feed(client, FEED_2017)
    meeting = meetings["committee"]
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    _response, after = read_feed(client, FEED_2017)
    old, new = events_by_uid(before)[uid(meeting)], events_by_uid(after)[uid(meeting)]
    assert str(new["STATUS"]) == "CANCELLED"
    assert int(new["SEQUENCE"]) > int(old["SEQUENCE"])
    assert str(new["SUMMARY"]).startswith("Inställt: ")


def test_each_event_links_back_to_the_meeting_page_with_an_absolute_address(client, meetings):
    _response, calendar = read_feed(client, FEED_2017)
    event = events_by_uid(calendar)[uid(meetings["committee"])]
    page = f"http://testserver/moten/mote/{meetings['committee'].pk}/"
    assert str(event["URL"]) == page
    assert page in str(event["DESCRIPTION"])


def test_the_english_feed_links_to_the_english_pages(client, meetings):
    _response, calendar = read_feed(client, "/en/moten/kalender-2017.ics")
    event = events_by_uid(calendar)[uid(meetings["committee"])]
    assert str(event["URL"]) == f"http://testserver/en/moten/mote/{meetings['committee'].pk}/"


def test_texts_with_commas_semicolons_and_swedish_letters_survive_the_feed(client, meetings):
    _response, calendar = read_feed(client, FEED_2017)
    event = events_by_uid(calendar)[uid(meetings["two_hosts"])]
    assert str(event["SUMMARY"]) == "Södertörnskonferensen"
    assert str(event["LOCATION"]) == "Södertälje, Campus; sal 1, Nykvarn och Södertälje"


def test_a_long_swedish_title_is_folded_and_reads_back_whole(client, bodies):
    title = "Gemensam genomgång av Södertörns utvecklingsprogram 2035 – infrastruktur, utbildning och näringsliv" * 2
    meeting = create_meeting(bodies["committee"], title=title, date=datetime.date(2019, 3, 14))
    content = client.get("/moten/kalender-2019.ics").content
    assert max(len(line) for line in content.split(b"\r\n")) <= 75
    event = events_by_uid(Calendar.from_ical(content))[uid(meeting)]
    assert str(event["SUMMARY"]) == title


@pytest.mark.parametrize("kind", [kind for kind, _label in Meeting.Kind.choices])
def test_the_event_title_is_the_meetings_title_for_every_kind(client, bodies, kind):
    meeting = create_meeting(bodies["management"], kind=kind, date=datetime.date(2017, 5, 12))
    _response, calendar = read_feed(client, FEED_2017)
    assert str(events_by_uid(calendar)[uid(meeting)]["SUMMARY"]) == Meeting.objects.get(pk=meeting.pk).display_title


def test_the_feed_of_a_body_holds_only_its_meetings(client, meetings):
    _response, calendar = read_feed(client, "/moten/organ/ledningsgruppen.ics")
    assert set(events_by_uid(calendar)) == {uid(meetings["timed_two_days"])}


def test_the_feed_of_a_municipality_holds_only_the_meetings_it_hosts(client, meetings):
    _response, calendar = read_feed(client, "/moten/kommun/nykvarn.ics")
    assert set(events_by_uid(calendar)) == {uid(meetings["two_hosts"])}


def test_the_feeds_have_names_for_the_subscribers_calendar_list(client, meetings):
    _response, calendar = read_feed(client, "/moten/kommun/nykvarn.ics")
    assert str(calendar["X-WR-CALNAME"]) == "Södertörn: möten med Nykvarn som värd"


def test_unknown_bodies_and_municipalities_have_no_feed(client, meetings):
    assert client.get("/moten/organ/finns-inte.ics").status_code == 404
    assert client.get("/moten/kommun/stockholm.ics").status_code == 404


def test_a_feed_of_many_meetings_takes_two_queries(client, bodies, places, django_assert_num_queries):
    hosts = list(places.values())
    for day in range(200):
        create_meeting(bodies["committee"], hosts[day % 3: day % 3 + 2], date=datetime.date(2019, 1, 1)
                       + datetime.timedelta(days=day))
    with django_assert_num_queries(2):
        response = client.get("/moten/kalender-2019.ics")
    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 200
