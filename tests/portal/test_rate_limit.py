"""Anonymous requests the page cache cannot answer are limited per client, counted in the shared cache (Redis):
beyond the rate, the portal's 429 page with Retry-After. Cached pages and logged-in staff are not limited."""

import datetime
import re
from html import unescape

import pytest
from django.test import Client

from apps.bodies.models import Body
from apps.meetings.models import Meeting
from tests.shared_cache import redis_cache, redis_url  # noqa: F401

REFUSAL = "Så många sidor har begärts från din adress på kort tid"


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture(autouse=True)
def three_a_minute(settings, redis_cache):
    settings.RATELIMIT_ENABLE = True
    settings.UNCACHED_RATE = "3/m"


@pytest.fixture
def meeting(db):
    body = Body.objects.create(name="Ledningsgruppen", short_name="Ledningsgruppen", slug="ledningsgruppen",
                               kind=Body.Kind.MANAGEMENT_GROUP)
    return Meeting.objects.create(body=body, date=datetime.date(2017, 5, 12), place="Salems kommunhus")


def searches(client, words):
    return [client.get("/sok/", {"q": word}) for word in words]


def test_beyond_the_rate_a_visitor_gets_the_portals_429_page_with_retry_after(client, meeting):
    first = searches(client, ["möte", "kommun", "salem"])
    assert [response.status_code for response in first] == [200, 200, 200]
    refused = client.get("/sok/", {"q": "tyresö"})
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    text = page_text(refused)
    assert "För många förfrågningar" in text
    assert REFUSAL in text
    assert "Södertörnsportalen" in text  # the portal's header and footer, as on the 404 page
    assert "Salems kommunhus" not in refused.content.decode()


def test_cache_busting_counts_against_the_rate_only_when_it_renders(client, meeting):
    client.get("/moten/2017/")
    # Junk parameters are served from the cache, and cost the visitor nothing.
    for number in range(20):
        assert client.get(f"/moten/2017/?cb={number}")["X-Page-Cache"] == "hit"
    assert [r.status_code for r in searches(client, ["a", "b"])] == [200, 200]
    assert client.get("/sok/", {"q": "c"}).status_code == 429


def test_a_limited_visitor_still_gets_the_pages_in_the_cache(client, meeting):
    client.get(meeting.get_absolute_url())
    searches(client, ["a", "b", "c"])
    assert client.get("/sok/", {"q": "d"}).status_code == 429
    cached = client.get(meeting.get_absolute_url())
    assert cached.status_code == 200
    assert "Salems kommunhus" in cached.content.decode()


def test_another_address_is_not_limited_by_the_first(meeting):
    busy = Client(REMOTE_ADDR="192.0.2.1")
    searches(busy, ["a", "b", "c"])
    assert busy.get("/sok/", {"q": "d"}).status_code == 429
    assert Client(REMOTE_ADDR="192.0.2.2").get("/sok/", {"q": "d"}).status_code == 200


def test_behind_the_proxy_visitors_are_told_apart_by_the_address_it_saw(meeting, settings):
    settings.BEHIND_PROXY = True
    busy = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    searches(busy, ["a", "b", "c"])
    # Whatever the client itself claims in front of the proxy's entry does not make it someone else.
    spoofing = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")
    assert spoofing.get("/sok/", {"q": "d"}).status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert other.get("/sok/", {"q": "d"}).status_code == 200


def test_one_ipv6_network_is_one_client(meeting):
    searches(Client(REMOTE_ADDR="2001:db8:1:2::10"), ["a", "b", "c"])
    assert Client(REMOTE_ADDR="2001:db8:1:2::99").get("/sok/", {"q": "d"}).status_code == 429
    assert Client(REMOTE_ADDR="2001:db8:1:3::10").get("/sok/", {"q": "d"}).status_code == 200


def test_logged_in_staff_are_not_limited(editor_client, meeting):
    responses = searches(editor_client, [f"ord{number}" for number in range(10)])
    assert {response.status_code for response in responses} == {200}


def test_pdf_documents_count_as_uncached_requests(client, meeting):
    from django.urls import reverse

    url = reverse("documents:agenda", args=[meeting.pk])
    assert [client.get(url).status_code for _ in range(3)] == [200, 200, 200]
    assert client.get(url).status_code == 429
