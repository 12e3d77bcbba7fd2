"""A meeting's state is decided once (Meeting.state_on) and reads the same on every page, file and feed that shows
it: a past meeting is never "planned", and a month-only meeting whose month is over says its date was never fixed."""

import csv
import datetime
import io
import json
import re
from html import unescape

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from icalendar import Calendar

from apps.bodies.models import Body
from apps.meetings.feeds import meeting_uid
from apps.meetings.models import Meeting
from apps.municipalities.models import Municipality

TODAY = timezone.localdate()
LAST_YEAR = TODAY.year - 1


def label(state):
    with translation.override("sv"):
        return str(capfirst(Meeting.State(state).label))


def text_of(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def block_with(html, tag, url):
    """The <tag> element (li, tr) that links to `url`."""
    for block in re.findall(rf"<{tag}\b.*?</{tag}>", html, re.S):
        if f'href="{url}"' in block:
            return block
    return None


@pytest.fixture
def committee(db):
    return Body.objects.create(
        name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén", slug="samarbetskommitten",
        kind=Body.Kind.COMMITTEE, usual_start=datetime.time(12), usual_end=datetime.time(15),
    )


@pytest.fixture
def huddinge(db):
    return Municipality.objects.create(name="Huddinge", slug="huddinge", code="0126")


CASES = {
    "a planned meeting whose day has passed": (
        {"date": datetime.date(LAST_YEAR, 3, 12)}, Meeting.State.PAST),
    "a month-only meeting whose month has passed": (
        {"date": datetime.date(LAST_YEAR, 1, 1), "date_precision": Meeting.Precision.MONTH}, Meeting.State.NOT_FIXED),
    "a held month-only meeting": (
        {"date": datetime.date(LAST_YEAR, 4, 1), "date_precision": Meeting.Precision.MONTH,
         "status": Meeting.Status.HELD}, Meeting.State.HELD),
    "a held meeting": ({"date": datetime.date(LAST_YEAR, 5, 7), "status": Meeting.Status.HELD}, Meeting.State.HELD),
    "a confirmed meeting whose day has passed": (
        {"date": datetime.date(LAST_YEAR, 6, 4), "status": Meeting.Status.CONFIRMED}, Meeting.State.PAST),
    "a planned meeting ahead": ({"date": TODAY + datetime.timedelta(days=20)}, Meeting.State.PLANNED),
    "a cancelled meeting ahead": (
        {"date": TODAY + datetime.timedelta(days=10), "status": Meeting.Status.CANCELLED}, Meeting.State.CANCELLED),
}


def ical_status(client, meeting):
    """The STATUS of the meeting's event in a feed that holds it, or None when none does (month-only meetings)."""
    urls = [reverse("meetings:feed_body", args=[meeting.body.slug])]
    try:
        urls.append(reverse("meetings:feed_year", args=[meeting.date.year]))
    except NoReverseMatch:
        pass
    for url in urls:
        for event in Calendar.from_ical(client.get(url).content).walk("VEVENT"):
            if str(event["UID"]) == meeting_uid(meeting):
                return str(event["STATUS"])
    return None


@pytest.mark.parametrize("case", CASES)
def test_a_meeting_has_one_state_on_every_page_file_and_feed_that_shows_it(client, committee, huddinge, case):
    fields, state = CASES[case]
    meeting = Meeting.objects.create(body=committee, **fields)
    meeting.hosts.set([huddinge])
    url = meeting.get_absolute_url()
    found = {}

    for where, page in {
        "the year in the calendar": reverse("meetings:year", args=[meeting.date.year]),
        "the month in the calendar": reverse("meetings:month", args=[meeting.date.year, meeting.date.month]),
    }.items():
        row = block_with(client.get(page).content.decode(), "li", url)
        found[where] = re.findall(r'<span class="badge badge-[a-z_]+">([^<]+)</span>', row)
    html = client.get(url).content.decode()
    found["the meeting's page"] = re.findall(r"<dt>Status</dt>\s*<dd>.*?<span[^>]*>([^<]+)</span>", html, re.S)
    row = block_with(client.get(huddinge.get_absolute_url()).content.decode(), "tr", url)
    found["the host's page"] = [text_of(re.findall(r"<td\b[^>]*>(.*?)</td>", row, re.S)[-1])]
    data = json.loads(client.get(reverse("meetings:year_json", args=[meeting.date.year])).content)
    found["the year's JSON"] = [label(row["status"]) for row in data["meetings"] if row["id"] == meeting.pk]
    rows = csv.DictReader(io.StringIO(client.get(reverse("meetings:year_csv", args=[meeting.date.year]))
                                      .content.decode("utf-8-sig")))
    found["the year's CSV"] = [label(row["status"]) for row in rows if row["id"] == str(meeting.pk)]

    assert {where: labels for where, labels in found.items() if [capfirst(x) for x in labels] != [label(state)]} == {}
    # The feeds speak iCalendar: a cancelled meeting is CANCELLED there and nowhere else.
    status = ical_status(client, meeting)
    if meeting.is_month_only:
        assert status is None
    else:
        assert (status == "CANCELLED") == (state == Meeting.State.CANCELLED)


def test_a_past_meeting_never_reads_planned(client, committee):
    meeting = Meeting.objects.create(body=committee, date=TODAY - datetime.timedelta(days=1))
    text = text_of(client.get(meeting.get_absolute_url()).content.decode())
    assert "Status Har varit" in text
    assert "Planerat" not in text


def test_a_month_only_meeting_whose_month_has_passed_says_its_date_was_never_fixed(client, committee):
    meeting = Meeting.objects.create(body=committee, date=datetime.date(2018, 1, 1),
                                     date_precision=Meeting.Precision.MONTH)
    text = text_of(client.get(meeting.get_absolute_url()).content.decode())
    assert "Status Datum fastställdes aldrig" in text
    assert "Har varit" not in text and "Planerat" not in text


def test_a_meeting_today_is_neither_past_nor_held_yet(committee):
    meeting = Meeting(body=committee, date=TODAY, status=Meeting.Status.CONFIRMED)
    assert meeting.state_on(TODAY) == Meeting.State.CONFIRMED
    assert meeting.state_on(TODAY + datetime.timedelta(days=1)) == Meeting.State.PAST


def test_meetings_of_one_body_have_pages_with_headings_and_titles_of_their_own(client, committee):
    days = [datetime.date(2017, 2, 2), datetime.date(2017, 3, 23), datetime.date(2017, 6, 1)]
    meetings = [Meeting.objects.create(body=committee, date=day) for day in days]
    meetings.append(Meeting.objects.create(body=committee, date=datetime.date(2018, 1, 1),
                                           date_precision=Meeting.Precision.MONTH))
    headings, titles = [], []
    for meeting in meetings:
        html = client.get(meeting.get_absolute_url()).content.decode()
        headings.append(text_of(re.search(r"<h1>(.*?)</h1>", html, re.S).group(1)))
        titles.append(text_of(re.search(r"<title>(.*?)</title>", html, re.S).group(1)))
    assert headings == [
        "Södertörnskommunernas samarbetskommitté, 2 februari 2017",
        "Södertörnskommunernas samarbetskommitté, 23 mars 2017",
        "Södertörnskommunernas samarbetskommitté, 1 juni 2017",
        "Södertörnskommunernas samarbetskommitté, januari 2018",
    ]
    assert len(set(titles)) == 4
    assert all(title.startswith(heading) for title, heading in zip(titles, headings))


def test_a_month_only_meeting_of_this_month_is_ahead_everywhere_until_the_month_is_over(client, committee, huddinge):
    meeting = Meeting.objects.create(body=committee, date=TODAY.replace(day=1), date_precision=Meeting.Precision.MONTH)
    meeting.hosts.set([huddinge])
    assert meeting.state == Meeting.State.PLANNED
    assert list(Meeting.objects.upcoming(TODAY)) == [meeting]
    assert list(Meeting.objects.past(TODAY)) == []
    upcoming = text_of(client.get(huddinge.get_absolute_url()).content.decode()).split("Tidigare möten")[0]
    assert "Södertörnskommunernas samarbetskommitté" in upcoming
    next_month = (TODAY.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
    assert list(Meeting.objects.past(next_month)) == [meeting]
    assert meeting.state_on(next_month) == Meeting.State.NOT_FIXED
