"""The home page's next meetings say what is known, never as if nothing would ever happen; and its programme
section names the version in force today, or says honestly that none is."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from apps.bodies.models import Body
from apps.meetings.models import Meeting

TODAY = timezone.localdate()


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def next_meetings(client):
    return page_text(client.get("/")).split("Nästa möten", 1)[1].split("Senaste ändringarna", 1)[0]


@pytest.fixture
def committee(db):
    return Body.objects.create(name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén",
                               slug="samarbetskommitten", kind=Body.Kind.COMMITTEE)


def test_with_only_past_meetings_the_home_page_names_the_latest_and_says_next_years_plan_is_not_out(
    client, committee
):
    Meeting.objects.create(body=committee, date=datetime.date(2017, 12, 7), status=Meeting.Status.HELD)
    Meeting.objects.create(body=committee, date=datetime.date(2018, 1, 1), date_precision=Meeting.Precision.MONTH)
    text = next_meetings(client)
    assert (f"Inga kommande möten är publicerade än: mötesplanen för {TODAY.year + 1} är inte publicerad."
            in text)
    assert "Senaste mötet: Södertörnskommunernas samarbetskommitté , januari 2018 (datum ej fastställt)." in text


def test_when_only_the_months_of_the_next_meetings_are_known_the_home_page_says_so(client, committee):
    month = (TODAY.replace(day=1) + datetime.timedelta(days=62)).replace(day=1)
    Meeting.objects.create(body=committee, date=month, date_precision=Meeting.Precision.MONTH)
    text = next_meetings(client)
    assert "Dagarna för de här mötena är inte fastställda än; bara månaden är känd." in text


def test_the_home_page_of_the_seed_data_says_no_version_is_in_force_today(client, seed):
    text = page_text(client.get("/"))
    assert ("Ingen version av programmet gäller i dag. "
            "Senast gällde Södertörns utvecklingsprogram 2013 , till och med 2018.") in text
    assert ("Förslaget Södertörns utvecklingsprogram 2035 har antagits av 0 av 8 kommunstyrelser; "
            "det gäller när alla kommunstyrelser har antagit det.") in text
    assert "Gällande program är" not in text
    assert "Södertörn är en attraktiv del av Stockholm-Mälarregionen" not in text
