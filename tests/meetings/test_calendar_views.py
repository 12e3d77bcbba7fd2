"""The public calendar: a year, a month, filters, and what happens with impossible addresses."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from apps.bodies.models import Body
from apps.meetings.models import Meeting
from apps.municipalities.models import Municipality


def page_text(response):
    """What a reader sees: the page without tags, in single spaces."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def places(db):
    names = {"huddinge": ("Huddinge", "0126"), "nykvarn": ("Nykvarn", "0140"), "sodertalje": ("Södertälje", "0181"),
             "nynashamn": ("Nynäshamn", "0192"), "haninge": ("Haninge", "0136")}
    return {slug: Municipality.objects.create(name=name, slug=slug, code=code) for slug, (name, code) in names.items()}


@pytest.fixture
def bodies(db):
    return {
        "committee": Body.objects.create(
            name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén",
            slug="samarbetskommitten", kind=Body.Kind.COMMITTEE, order=1,
            usual_start=datetime.time(12), usual_end=datetime.time(15),
        ),
        "management": Body.objects.create(
            name="Ledningsgruppen", short_name="Ledningsgruppen", slug="ledningsgruppen",
            kind=Body.Kind.MANAGEMENT_GROUP, order=2, usual_start=datetime.time(8, 30), usual_end=datetime.time(13),
        ),
        "conference": Body.objects.create(
            name="Södertörnskonferensen", short_name="Konferensen", slug="sodertornskonferensen",
            kind=Body.Kind.CONFERENCE, order=3,
        ),
    }


def create_meeting(body, hosts=(), **fields):
    meeting = Meeting.objects.create(body=body, **fields)
    meeting.hosts.set(hosts)
    return meeting


@pytest.fixture
def calendar_2017(bodies, places):
    """Meetings of 2017 and early 2018, the way the 2017 yearly plan lists them."""
    return {
        "february": create_meeting(bodies["committee"], [places["haninge"]], date=datetime.date(2017, 2, 2),
                                   status=Meeting.Status.HELD),
        "friday": create_meeting(bodies["management"], date=datetime.date(2017, 2, 24), status=Meeting.Status.HELD),
        "planning": create_meeting(
            bodies["committee"], [places["nynashamn"]], kind=Meeting.Kind.PLANNING_CONFERENCE,
            date=datetime.date(2017, 8, 16), end_date=datetime.date(2017, 8, 17), status=Meeting.Status.HELD,
        ),
        "two_hosts": create_meeting(
            bodies["conference"], [places["sodertalje"], places["nykvarn"]], kind=Meeting.Kind.CONFERENCE,
            date=datetime.date(2017, 9, 7), status=Meeting.Status.HELD,
        ),
        "cancelled": create_meeting(bodies["management"], date=datetime.date(2017, 11, 17),
                                    status=Meeting.Status.CANCELLED),
        "month_only": create_meeting(bodies["committee"], [places["huddinge"]], date=datetime.date(2018, 1, 1),
                                     date_precision=Meeting.Precision.MONTH),
    }


def test_the_calendar_start_page_shows_the_current_year(client, calendar_2017):
    today = timezone.localdate()
    create_meeting(calendar_2017["february"].body, date=today)
    response = client.get("/en/moten/")
    assert response.status_code == 200
    text = page_text(response)
    assert f"Calendar {today.year}" in text
    assert "1 meeting" in text


def test_a_year_page_lists_that_years_meetings_under_their_months(client, calendar_2017):
    text = page_text(client.get("/en/moten/2017/"))
    assert "Calendar 2017" in text
    assert "5 meetings" in text
    assert text.index("February 2017") < text.index("Thursday 2 February 2017, 12:00–15:00") < text.index(
        "August 2017"
    )
    assert "January 2018" not in text


def test_a_year_page_is_in_swedish_by_default(client, calendar_2017):
    text = page_text(client.get("/moten/2017/"))
    assert "torsdag 2 februari 2017 kl. 12.00–15.00" in text
    assert "Kalender 2017" in text


def test_a_month_page_lists_only_that_months_meetings(client, calendar_2017):
    text = page_text(client.get("/en/moten/2017/2/"))
    assert "Calendar, February 2017" in text
    assert "Thursday 2 February 2017" in text
    assert "Friday 24 February 2017" in text
    assert "16–17 August 2017" not in text
    assert "2 meetings" in text


def test_a_meeting_known_only_to_the_month_is_shown_in_its_month_as_date_not_fixed(client, calendar_2017):
    assert "januari 2018 (datum ej fastställt)" in page_text(client.get("/moten/2018/1/"))
    assert "January 2018 (date not fixed)" in page_text(client.get("/en/moten/2018/"))


def test_a_meeting_over_two_days_is_shown_as_a_range(client, calendar_2017):
    text = page_text(client.get("/moten/2017/8/"))
    assert "16–17 augusti 2017" in text


def test_both_hosts_of_a_two_host_meeting_are_shown(client, calendar_2017):
    assert "Hosts: Nykvarn and Södertälje" in page_text(client.get("/en/moten/2017/9/"))


def test_a_cancelled_meeting_is_marked_cancelled_in_words(client, calendar_2017):
    text = page_text(client.get("/en/moten/2017/11/"))
    assert "Friday 17 November 2017, 08:30–13:00 Ledningsgruppen Cancelled" in text


def test_past_and_upcoming_meetings_are_shown_in_separate_sections(client, bodies):
    today = timezone.localdate()
    create_meeting(bodies["committee"], title="Last week's meeting", date=today - datetime.timedelta(days=7))
    create_meeting(bodies["committee"], title="Next week's meeting", date=today + datetime.timedelta(days=7))
    year_of_next = (today + datetime.timedelta(days=7)).year
    text = page_text(client.get(f"/en/moten/{year_of_next}/"))
    assert "Upcoming meetings" in text
    upcoming = text.split("Upcoming meetings")[1].split("Past meetings")[0]
    assert "Next week's meeting" in upcoming
    assert "Last week's meeting" not in upcoming
    if (today - datetime.timedelta(days=7)).year == year_of_next:
        assert "Last week's meeting" in text.split("Past meetings")[1]


def test_a_meeting_today_counts_as_upcoming(client, bodies):
    today = timezone.localdate()
    create_meeting(bodies["committee"], title="Today's meeting", date=today)
    text = page_text(client.get(f"/en/moten/{today.year}/{today.month}/"))
    assert "Today's meeting" in text.split("Upcoming meetings")[1]


def test_the_calendar_can_be_filtered_by_body(client, calendar_2017):
    text = page_text(client.get("/en/moten/2017/?organ=ledningsgruppen"))
    assert "2 meetings" in text
    assert "Friday 24 February 2017" in text
    assert "Thursday 2 February 2017" not in text


def test_the_calendar_can_be_filtered_by_host_municipality(client, calendar_2017):
    text = page_text(client.get("/en/moten/2017/?kommun=nykvarn"))
    assert "1 meeting" in text
    assert "Thursday 7 September 2017" in text
    assert "hosted by Nykvarn" in text


def test_the_filter_form_has_a_label_for_each_control(client, calendar_2017):
    html = client.get("/en/moten/2017/").content.decode()
    assert '<label for="id_organ">Body:</label>' in html
    assert '<label for="id_kommun">Host municipality:</label>' in html
    assert '<select name="organ" id="id_organ">' in html


def test_the_chosen_filters_are_kept_when_moving_to_another_year(client, calendar_2017):
    html = client.get("/en/moten/2017/?organ=ledningsgruppen").content.decode()
    assert 'href="/en/moten/2018/?organ=ledningsgruppen"' in html


def test_an_unknown_body_in_the_filter_gives_a_helpful_error_page(client, calendar_2017):
    response = client.get("/en/moten/2017/?organ=no-such-body")
    assert response.status_code == 400
    text = page_text(response)
    assert "There is no body “no-such-body”. Choose one from the list." in text
    assert "Show all meetings" in text


def test_an_unknown_municipality_in_the_filter_gives_a_helpful_error_page(client, calendar_2017):
    response = client.get("/en/moten/2017/?kommun=stockholm")
    assert response.status_code == 400
    assert "There is no municipality “stockholm”" in page_text(response)


def test_unknown_query_parameters_are_ignored(client, calendar_2017):
    response = client.get("/en/moten/2017/?utm_source=newsletter&page=abc&organ=")
    assert response.status_code == 200
    assert "5 meetings" in page_text(response)


@pytest.mark.parametrize("path", [
    "/moten/0/", "/moten/99999/", "/moten/1999/", "/moten/2017/13/", "/moten/2017/0/", "/moten/2017/99999999999/",
    "/moten/abc/", "/moten/2017/aug/", "/moten/-1/", "/moten/2017.5/", "/moten/99999999999999999999999/",
])
def test_impossible_years_and_months_are_not_found(client, calendar_2017, path):
    response = client.get(path)
    assert response.status_code == 404


def test_a_year_outside_the_calendar_explains_which_years_there_are(client, calendar_2017):
    response = client.get("/en/moten/1999/")
    assert response.status_code == 404
    text = page_text(response)
    assert f"The calendar has a page for every year from 2017 to {timezone.localdate().year + 1}" in text


def test_years_can_be_browsed_back_to_the_first_year_with_meetings(client, calendar_2017):
    html = client.get("/en/moten/2018/").content.decode()
    assert 'rel="prev" href="/en/moten/2017/"' in html
    first = client.get("/en/moten/2017/").content.decode()
    assert 'rel="prev"' not in first
    assert 'rel="next" href="/en/moten/2018/"' in first


def test_years_can_be_browsed_forward_to_the_year_after_this_one(client, calendar_2017):
    next_year = timezone.localdate().year + 1
    assert client.get(f"/en/moten/{next_year}/").status_code == 200
    assert client.get(f"/en/moten/{next_year + 1}/").status_code == 404


def test_months_link_to_the_next_and_previous_month_across_new_year(client, calendar_2017):
    html = client.get("/en/moten/2017/12/").content.decode()
    assert 'rel="prev" href="/en/moten/2017/11/"' in html
    assert 'rel="next" href="/en/moten/2018/1/"' in html


def test_the_calendar_offers_feeds_to_subscribe_to_with_help(client, calendar_2017):
    response = client.get("/en/moten/2017/?organ=samarbetskommitten")
    html = response.content.decode()
    assert 'href="webcal://testserver/en/moten/kalender.ics"' in html
    assert 'href="webcal://testserver/en/moten/organ/samarbetskommitten.ics"' in html
    text = page_text(response)
    assert "How to subscribe in Outlook or Google Calendar" in text
    assert "Subscribe from web" in text


def test_the_calendar_links_to_the_years_open_data(client, calendar_2017):
    html = client.get("/en/moten/2017/").content.decode()
    assert 'href="/en/moten/2017.csv"' in html
    assert 'href="/en/moten/2017.json"' in html
