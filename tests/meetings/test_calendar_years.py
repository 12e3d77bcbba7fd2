"""The calendar opens on a year with meetings, and offers only years that have some, as does the open data."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from apps.bodies.models import Body
from apps.meetings.models import Meeting

THIS_YEAR = timezone.localdate().year


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def year_bar(response):
    nav = re.search(r'<nav class="period-nav" aria-label="[^"]+">(.*?)</nav>', response.content.decode(), re.S)
    return [int(year) for year in re.findall(r'href="/(?:en/)?moten/(\d{4})/"[^>]*>(?:\d{4})</a>', nav.group(1))]


@pytest.fixture
def committee(db):
    return Body.objects.create(name="Samarbetskommittén", short_name="SK", slug="samarbetskommitten",
                               kind=Body.Kind.COMMITTEE)


@pytest.fixture
def years_2017_and_2018(committee):
    Meeting.objects.create(body=committee, date=datetime.date(2017, 2, 2))
    Meeting.objects.create(body=committee, date=datetime.date(2018, 1, 1), date_precision=Meeting.Precision.MONTH)


def test_the_calendar_opens_on_the_nearest_year_with_meetings_and_says_why(client, years_2017_and_2018):
    text = page_text(client.get("/moten/"))
    assert "Kalender 2018" in text
    assert (f"Inga möten för {THIS_YEAR} är publicerade än; "
            "här visas mötena 2018, det närmaste år som har möten.") in text


def test_the_calendar_opens_on_this_year_when_it_has_meetings(client, committee, years_2017_and_2018):
    Meeting.objects.create(body=committee, date=datetime.date(THIS_YEAR, 12, 31))
    text = page_text(client.get("/moten/"))
    assert f"Kalender {THIS_YEAR}" in text
    assert "närmaste år" not in text


def test_of_two_years_as_near_the_calendar_opens_on_the_later(client, committee):
    Meeting.objects.create(body=committee, date=datetime.date(THIS_YEAR - 1, 5, 5))
    Meeting.objects.create(body=committee, date=datetime.date(THIS_YEAR + 1, 5, 5))
    assert f"Kalender {THIS_YEAR + 1}" in page_text(client.get("/moten/"))


def test_the_year_bar_offers_only_years_with_meetings(client, years_2017_and_2018):
    response = client.get("/moten/2017/")
    assert year_bar(response) == [2017, 2018]
    assert 'rel="next" href="/moten/2018/"' in response.content.decode()
    assert 'rel="prev"' not in response.content.decode()


def test_an_empty_year_still_has_its_page_and_points_to_the_nearest_year_with_meetings(client, years_2017_and_2018):
    response = client.get(f"/moten/{THIS_YEAR}/")
    assert response.status_code == 200
    text = page_text(response)
    assert "Inga möten det här året. Se mötena 2018" in text
    assert 'rel="prev" href="/moten/2018/"' in response.content.decode()


def test_the_open_data_lists_only_years_with_meetings(client, years_2017_and_2018):
    html = client.get("/moten/oppna-data/").content.decode()
    assert re.findall(r'href="/moten/(\d{4})\.json"', html) == ["2018", "2017"]
