"""What a search engine reads from a page: its own meta description, the page's address in each language
(absolute, built on SITE_URL, with x-default), and schema.org JSON-LD for meetings and municipalities."""

import datetime
import json
import re
from html import unescape

import pytest

from apps.bodies.models import Body
from apps.meetings.models import Meeting
from apps.municipalities.models import Municipality

SITE = "https://sodertorn.example.se"
DEFAULT = ("Samverkan på Södertörn, åtta kommuner söder om Stockholm: utvecklingsprogrammet, organens möten med "
           "kallelser och protokoll, verksamhetsplaner, budget och nyckeltal.")

MAIN_PAGES = [
    "/", "/program/", "/program/arkiv/", "/program/jamfor/", "/moten/2017/", "/moten/2017/9/", "/moten/oppna-data/",
    "/kommuner/", "/kommuner/huddinge/", "/organ/", "/organ/samarbetskommitten/", "/budget/2017/",
    "/verksamhetsplan/", "/verksamhetsplan/2017/", "/vardskap/", "/nyckeltal/", "/kontakt/", "/personuppgifter/",
    "/tillganglighet/",
]


@pytest.fixture(autouse=True)
def site_url(settings):
    settings.SITE_URL = SITE


def description(response):
    found = re.findall(r'<meta name="description" content="([^"]*)">', response.content.decode())
    assert len(found) == 1
    return unescape(found[0])


def alternates(response):
    return {
        language: unescape(href) for language, href in
        re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', response.content.decode())
    }


def json_ld(response):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    return [json.loads(block) for block in blocks]


@pytest.mark.parametrize("path", MAIN_PAGES)
def test_every_main_page_describes_itself(client, demo, path):
    response = client.get(path)
    assert response.status_code == 200
    text = description(response)
    assert 40 <= len(text) <= 300
    assert text != DEFAULT, "the page uses the site's default description"


def test_a_page_without_its_own_description_has_the_sites(client, db):
    assert description(client.get("/sok/")) == DEFAULT


def test_descriptions_name_what_the_page_is_about(client, demo):
    assert description(client.get("/kommuner/huddinge/")).startswith("Huddinge (kommunkod 0126) i Samverkan på Södertörn")
    assert description(client.get("/budget/2017/")).startswith("Budgeten för Samverkan på Södertörn 2017")
    assert "Vision: Södertörn driver Stockholmsregionen" in description(client.get("/program/"))
    assert description(client.get("/en/kommuner/huddinge/")).startswith(
        "Huddinge (municipality code 0126) in the Södertörn cooperation")


@pytest.mark.parametrize("path", ["/", "/moten/2017/?organ=ledningsgruppen", "/kommuner/huddinge/", "/kontakt/"])
def test_every_page_names_its_address_in_both_languages_and_a_default_on_site_url(client, seed, path):
    plain, _sep, query = path.partition("?")
    suffix = f"?{query}" if query else ""
    links = alternates(client.get(path, HTTP_HOST="localhost"))
    assert links == {
        "sv": f"{SITE}{plain}{suffix}",
        "en": f"{SITE}/en{plain}{suffix}",
        "x-default": f"{SITE}{plain}{suffix}",
    }


def test_the_english_page_names_the_same_addresses(client, seed):
    links = alternates(client.get("/en/kommuner/huddinge/"))
    assert links == {
        "sv": f"{SITE}/kommuner/huddinge/", "en": f"{SITE}/en/kommuner/huddinge/",
        "x-default": f"{SITE}/kommuner/huddinge/",
    }
    assert f'<link rel="canonical" href="{SITE}/en/kommuner/huddinge/">' in client.get(
        "/en/kommuner/huddinge/").content.decode()


def test_a_meeting_page_describes_the_meeting_as_a_schema_org_event(client, seed):
    meeting = Meeting.objects.get(body__slug="samarbetskommitten", date=datetime.date(2017, 2, 2))
    [event] = json_ld(client.get(meeting.get_absolute_url()))
    assert event["@context"] == "https://schema.org"
    assert event["@type"] == "Event"
    assert event["name"] == "Södertörnskommunernas samarbetskommitté"
    assert event["url"] == f"{SITE}/moten/mote/{meeting.pk}/"
    assert event["startDate"] == "2017-02-02T12:00:00+01:00"
    assert event["endDate"] == "2017-02-02T15:00:00+01:00"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["location"]["@type"] == "Place"
    assert event["location"]["address"]["addressLocality"] == "Haninge"
    assert event["organizer"] == {
        "@type": "Organization", "name": "Södertörnskommunernas samarbetskommitté",
        "url": f"{SITE}/organ/samarbetskommitten/",
    }


def test_a_cancelled_meeting_is_a_cancelled_event(client, seed):
    meeting = Meeting.objects.get(body__slug="samarbetskommitten", date=datetime.date(2017, 2, 2))
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    [event] = json_ld(client.get(meeting.get_absolute_url()))
    assert event["eventStatus"] == "https://schema.org/EventCancelled"


def test_a_meeting_known_only_to_its_month_starts_in_that_month(client, seed):
    meeting = Meeting.objects.filter(date_precision=Meeting.Precision.MONTH, date__year=2018).order_by("date").first()
    [event] = json_ld(client.get(meeting.get_absolute_url()))
    assert event["startDate"] == "2018-01"
    assert "endDate" not in event


def test_a_meeting_over_two_days_with_two_hosts_ends_on_its_last_day(client, seed):
    meeting = Meeting.objects.get(date=datetime.date(2017, 9, 7))
    [event] = json_ld(client.get(meeting.get_absolute_url()))
    assert event["location"]["name"] == "Nykvarn, Södertälje"
    planning = Meeting.objects.get(body__slug="samarbetskommitten", date=datetime.date(2017, 8, 16))
    [event] = json_ld(client.get(planning.get_absolute_url()))
    assert (event["startDate"], event["endDate"]) == ("2017-08-16", "2017-08-17")


def test_the_json_ld_is_data_that_no_text_can_break_out_of(client, db):
    body = Body.objects.create(name="Ledningsgruppen", short_name="Ledningsgruppen", slug="ledningsgruppen",
                               kind=Body.Kind.MANAGEMENT_GROUP)
    place = '</script><script>alert("x")</script> & <!-- "Salen" -->'
    meeting = Meeting.objects.create(body=body, date=datetime.date(2017, 5, 12), place=place)
    html = client.get(meeting.get_absolute_url()).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["location"]["name"] == place


def test_a_municipality_page_describes_a_government_organisation_with_its_code(client, seed):
    [organisation] = json_ld(client.get("/kommuner/huddinge/"))
    assert organisation["@type"] == "GovernmentOrganization"
    assert organisation["name"] == "Huddinge"
    assert organisation["identifier"] == {"@type": "PropertyValue", "propertyID": "kommunkod", "value": "0126"}
    assert organisation["url"] == f"{SITE}/kommuner/huddinge/"


def test_every_municipality_is_identified_by_its_own_code(client, seed):
    for municipality in Municipality.objects.all():
        [organisation] = json_ld(client.get(municipality.get_absolute_url()))
        assert organisation["identifier"]["value"] == municipality.code


def test_pages_that_are_neither_meetings_nor_municipalities_carry_no_json_ld(client, seed):
    assert json_ld(client.get("/program/")) == []
