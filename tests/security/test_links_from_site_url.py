"""No address the portal prints is built from the request: a path that names another host (`//evil.example/`)
gets no link to it, and a Host header with a port (which ALLOWED_HOSTS lets through: it ignores ports) does not
end up in a cached page's or file's absolute links. Absolute addresses come from SITE_URL."""

import datetime
import re

import pytest
from django.utils import timezone

from apps.bodies.models import Body
from apps.meetings.models import Meeting
from apps.municipalities.models import Municipality
from apps.programme.models import Programme

SITE = "https://sodertorn.example.se"


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = SITE
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "sodertorn.example.se"]


def links(response) -> list[str]:
    return re.findall(r'(?:href|src|action)="([^"]*)"', response.content.decode())


@pytest.mark.parametrize("path", ["//evil.example/", "//evil.example/en/", "/en//evil.example/", "//evil.example"])
def test_a_page_not_found_that_names_another_host_links_to_no_other_host(client, db, path):
    response = client.get("/", PATH_INFO=path)

    assert response.status_code == 404
    found = links(response)
    assert found, "the 404 page has links"
    assert not [link for link in found if "evil.example" in link or link.startswith(("//", "/\\"))], found


def test_the_404_pages_language_link_goes_to_the_home_page_in_that_language(client, db):
    english = re.search(r'<a href="([^"]*)" hreflang="en"', client.get("/", PATH_INFO="//evil.example/").content.decode())
    swedish = re.search(r'<a href="([^"]*)" hreflang="sv"', client.get("/en/finns-inte/").content.decode())

    assert english.group(1) == "/en/"
    assert swedish.group(1) == "/"


def test_a_page_found_keeps_its_language_link_and_query(client, db):
    Body.objects.create(name="Ledningsgruppen", short_name="Ledningsgruppen", slug="ledningsgruppen",
                        kind=Body.Kind.MANAGEMENT_GROUP)
    page = client.get("/organ/ledningsgruppen/").content.decode()
    assert re.search(r'<a href="([^"]*)" hreflang="en"', page).group(1) == "/en/organ/ledningsgruppen/"


@pytest.fixture
def published(db):
    body = Body.objects.create(name="Ledningsgruppen", short_name="Ledningsgruppen", slug="ledningsgruppen",
                               kind=Body.Kind.MANAGEMENT_GROUP)
    huddinge = Municipality.objects.create(name="Huddinge", slug="huddinge", code="0126")
    today = timezone.localdate()
    meeting = Meeting.objects.create(body=body, date=today + datetime.timedelta(days=10), place="Huddinge kommunhus",
                                     agenda_published_at=timezone.now())
    meeting.hosts.set([huddinge])
    Programme.objects.create(name="Utvecklingsprogram 2017", slug="utvecklingsprogram-2017", valid_from=2017)
    return meeting


@pytest.mark.parametrize("host", ["testserver:8443", "sodertorn.example.se:8443"])
def test_a_host_with_another_port_does_not_reach_the_cached_pages_links(client, published, host):
    year = published.date.year
    paths = [
        "/", f"/moten/{year}/", f"/moten/mote/{published.pk}/", "/kommuner/huddinge/", "/moten/kalender.ics",
        "/moten/organ/ledningsgruppen.ics", f"/moten/{year}.json", f"/moten/{year}.csv",
        "/program/utvecklingsprogram-2017/", "/program/utvecklingsprogram-2017.json", "/en/moten/kalender.ics",
    ]
    for path in paths:
        first = client.get(path, HTTP_HOST=host)
        assert first.status_code == 200, path
        second = client.get(path, HTTP_HOST="testserver")
        assert second["X-Page-Cache"] == "hit", path
        content = second.content.decode("utf-8-sig")
        assert ":8443" not in content, path
        assert "testserver" not in content, path
    # Each kind of absolute link is there, on SITE_URL.
    page = client.get(f"/moten/mote/{published.pk}/").content.decode()
    assert f'<link rel="canonical" href="{SITE}/moten/mote/{published.pk}/">' in page
    assert f'"url": "{SITE}/moten/mote/{published.pk}/"' in page
    assert "webcal://sodertorn.example.se/moten/kalender.ics" in client.get(f"/moten/{year}/").content.decode()
    assert f"URL;VALUE=URI:{SITE}/moten/mote/{published.pk}/" in client.get("/moten/kalender.ics").content.decode()
    assert f'"url": "{SITE}/moten/mote/{published.pk}/"' in client.get(f"/moten/{year}.json").content.decode()
    assert f'"url": "{SITE}/program/utvecklingsprogram-2017/"' in client.get(
        "/program/utvecklingsprogram-2017.json").content.decode()
