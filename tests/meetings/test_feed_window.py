"""The feed of all meetings holds what calendar apps accept (the last twelve months and everything ahead); each
earlier year has a feed of its own; no stored text breaks a feed."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from icalendar import Calendar

from apps.bodies.models import Body
from apps.meetings.models import Meeting


def days_from_today(days):
    return datetime.date.today() + datetime.timedelta(days=days)


@pytest.fixture
def committee(db):
    return Body.objects.create(name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén",
                               slug="samarbetskommitten", kind=Body.Kind.COMMITTEE)


def uids(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return {str(event["UID"]) for event in Calendar.from_ical(response.content).walk("VEVENT")}


def uid(meeting):
    return f"meeting-{meeting.pk}@sodertorn.se"


def test_the_feed_of_all_meetings_holds_the_last_twelve_months_and_everything_ahead(client, committee):
    old = Meeting.objects.create(body=committee, date=days_from_today(-400))
    last_year = Meeting.objects.create(body=committee, date=days_from_today(-330))
    ahead = Meeting.objects.create(body=committee, date=days_from_today(3 * 365))
    # Began thirteen months ago and lasted until eleven months ago: still in.
    long_one = Meeting.objects.create(body=committee, date=days_from_today(-395), end_date=days_from_today(-335))
    assert uids(client, "/moten/kalender.ics") == {uid(last_year), uid(ahead), uid(long_one)}
    assert uid(old) in uids(client, f"/moten/kalender-{old.date.year}.ics")


def test_each_year_has_a_feed_of_its_meetings_for_the_archive(client, committee):
    in_2017 = [Meeting.objects.create(body=committee, date=datetime.date(2017, month, 2)) for month in (1, 6, 12)]
    Meeting.objects.create(body=committee, date=datetime.date(2018, 1, 4))
    assert uids(client, "/moten/kalender-2017.ics") == {uid(meeting) for meeting in in_2017}
    calendar = Calendar.from_ical(client.get("/moten/kalender-2017.ics").content)
    assert str(calendar["X-WR-CALNAME"]) == "Södertörn: möten 2017"


def test_a_year_without_a_calendar_has_no_feed(client, committee):
    assert client.get("/moten/kalender-0.ics").status_code == 404
    assert client.get("/moten/kalender-99999.ics").status_code == 404


def test_the_calendar_of_a_past_year_offers_its_feed(client, committee):
    Meeting.objects.create(body=committee, date=datetime.date(2017, 2, 2))
    page = client.get("/moten/2017/").content.decode()
    assert "http://testserver/moten/kalender-2017.ics" in page
    assert "Möten 2017" in page


def test_a_short_name_with_a_line_break_does_not_break_its_feeds(client, committee):
    # Stored as an import or a script might store it, past the form's validation.
    Body.objects.filter(pk=committee.pk).update(short_name="Samarbets-\r\nkommittén\x0b")
    meeting = Meeting.objects.create(body=committee, date=days_from_today(30), place="Tyresö\x1b kommunhus")
    for path in ["/moten/organ/samarbetskommitten.ics", "/moten/kalender.ics"]:
        response = client.get(path)
        assert response.status_code == 200
        content = response.content
        assert b"\n" not in content.replace(b"\r\n", b"")
        assert not any(byte < 32 and byte not in (9, 10, 13) for byte in content)
        calendar = Calendar.from_ical(content)
        [event] = calendar.walk("VEVENT")
        assert str(event["UID"]) == uid(meeting)
        assert str(event["LOCATION"]) == "Tyresö  kommunhus"
    calendar = Calendar.from_ical(client.get("/moten/organ/samarbetskommitten.ics").content)
    assert str(calendar["X-WR-CALNAME"]) == "Södertörn: Samarbets- kommittén"


def test_a_short_name_with_a_line_break_is_refused_with_a_message(committee):
    committee.short_name = "Samarbets-\nkommittén"
    with pytest.raises(ValidationError) as refused:
        committee.full_clean()
    assert refused.value.message_dict["short_name"] == [
        "Skriv kortnamnet på en rad, utan radbrytningar eller andra styrtecken."
    ]
