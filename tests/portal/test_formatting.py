"""The shared Swedish-first filters: dates, times, spans and amounts as people write them."""

import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from apps.bodies.models import Body
from apps.meetings.models import Meeting
from apps.core.templatetags.core import and_list, date_range, kr, meeting_when

NBSP = "\xa0"


@pytest.fixture
def committee(db):
    return Body.objects.create(
        name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén", slug="samarbetskommitten",
        kind=Body.Kind.COMMITTEE, usual_start=datetime.time(12), usual_end=datetime.time(15),
    )


def meeting(body, **fields):
    return Meeting(body=body, **fields)


def in_swedish(function, *args):
    with translation.override("sv"):
        return function(*args)


def in_english(function, *args):
    with translation.override("en"):
        return function(*args)


def test_a_committee_meeting_reads_with_weekday_date_and_hours_in_swedish(committee):
    thursday = meeting(committee, date=datetime.date(2017, 2, 2), start_time=datetime.time(12),
                       end_time=datetime.time(15))
    assert in_swedish(meeting_when, thursday) == "torsdag 2 februari 2017 kl. 12.00–15.00"


def test_a_committee_meeting_reads_with_weekday_date_and_hours_in_english(committee):
    thursday = meeting(committee, date=datetime.date(2017, 2, 2), start_time=datetime.time(12),
                       end_time=datetime.time(15))
    assert in_english(meeting_when, thursday) == "Thursday 2 February 2017, 12:00–15:00"


def test_a_meeting_without_hours_shows_only_its_day(committee):
    conference = meeting(committee, date=datetime.date(2017, 9, 7))
    assert in_swedish(meeting_when, conference) == "torsdag 7 september 2017"


def test_a_meeting_known_only_to_the_month_says_the_date_is_not_fixed(committee):
    january = meeting(committee, date=datetime.date(2018, 1, 1), date_precision=Meeting.Precision.MONTH)
    assert in_swedish(meeting_when, january) == "januari 2018 (datum ej fastställt)"
    assert in_english(meeting_when, january) == "January 2018 (date not fixed)"


def test_a_two_day_meeting_reads_as_a_range_of_days(committee):
    conference = meeting(committee, date=datetime.date(2017, 8, 16), end_date=datetime.date(2017, 8, 17))
    assert in_swedish(meeting_when, conference) == "16–17 augusti 2017"


def test_a_two_day_meeting_with_hours_runs_from_the_first_start_to_the_last_end(committee):
    conference = meeting(
        committee, date=datetime.date(2017, 4, 6), end_date=datetime.date(2017, 4, 7),
        start_time=datetime.time(10), end_time=datetime.time(15),
    )
    assert in_swedish(meeting_when, conference) == "torsdag 6 april 2017 kl. 10.00 – fredag 7 april 2017 kl. 15.00"


def test_a_range_over_two_months_names_both_months():
    span = in_swedish(date_range, datetime.date(2017, 8, 30), datetime.date(2017, 9, 1))
    assert span == "30 augusti–1 september 2017"


def test_a_range_over_new_year_names_both_years():
    assert in_swedish(date_range, datetime.date(2017, 12, 30), datetime.date(2018, 1, 2)) == (
        "30 december 2017–2 januari 2018"
    )


def test_an_amount_in_kronor_is_grouped_by_thousands_with_non_breaking_spaces():
    assert in_swedish(kr, Decimal("945000.00")) == f"945{NBSP}000{NBSP}kr"
    assert in_swedish(kr, 50000) == f"50{NBSP}000{NBSP}kr"


def test_an_amount_with_ore_keeps_two_decimals_with_a_comma():
    assert in_swedish(kr, Decimal("1234.5")) == f"1{NBSP}234,50{NBSP}kr"


def test_an_amount_in_english_is_written_in_sek():
    assert in_english(kr, Decimal("945000")) == "SEK 945,000"


def test_a_missing_or_unreadable_amount_shows_nothing():
    assert kr(None) == ""
    assert kr("not a number") == ""


def test_two_hosts_are_joined_with_och_in_swedish():
    assert in_swedish(and_list, ["Södertälje", "Nykvarn"]) == "Södertälje och Nykvarn"
    assert in_english(and_list, ["Botkyrka", "Haninge", "Huddinge"]) == "Botkyrka, Haninge and Huddinge"


def test_the_filters_are_available_in_templates_as_core(committee):
    thursday = meeting(committee, date=datetime.date(2017, 2, 2), start_time=datetime.time(12),
                       end_time=datetime.time(15))
    template = Template("{% load core %}{{ meeting|meeting_when }} / {{ amount|kr }}")
    with translation.override("sv"):
        rendered = template.render(Context({"meeting": thursday, "amount": Decimal("945000")}))
    assert rendered == f"torsdag 2 februari 2017 kl. 12.00–15.00 / 945{NBSP}000{NBSP}kr"
