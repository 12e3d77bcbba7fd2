import gzip
import datetime

import pytest

from apps.bodies.models import Body
from apps.meetings.models import Meeting
from tests.shared_cache import redis_cache, redis_url  # noqa: F401


@pytest.fixture
def meeting(db):
    body = Body.objects.create(name="Ledningsgruppen", short_name="Ledningsgruppen", slug="ledningsgruppen",
                               kind=Body.Kind.MANAGEMENT_GROUP)
    return Meeting.objects.create(body=body, date=datetime.date(2017, 5, 12), place="Salems kommunhus")


def test_an_anonymous_visitor_gets_the_page_from_the_cache_the_second_time(client, meeting):
    assert client.get("/moten/2017/")["X-Page-Cache"] == "miss"
    assert client.get("/moten/2017/")["X-Page-Cache"] == "hit"


def test_a_change_by_the_secretariat_shows_at_once(client, meeting):
    assert "Salems kommunhus" in client.get(meeting.get_absolute_url()).content.decode()
    meeting.place = "Tyresö kommunhus"
    meeting.save()
    assert "Tyresö kommunhus" in client.get(meeting.get_absolute_url()).content.decode()


def test_a_new_host_shows_at_once(client, meeting):
    from apps.municipalities.models import Municipality

    client.get(meeting.get_absolute_url())
    meeting.hosts.add(Municipality.objects.create(name="Salem", slug="salem", code="0128"))
    assert "Salem" in client.get(meeting.get_absolute_url()).content.decode()


def test_a_logged_in_editor_always_sees_a_fresh_page(admin_client, meeting):
    admin_client.get("/moten/2017/")
    assert "X-Page-Cache" not in admin_client.get("/moten/2017/")


def test_a_browser_that_accepts_gzip_gets_the_same_page_compressed_from_the_cache(client, meeting):
    plain = client.get("/moten/2017/")
    first = client.get("/moten/2017/", headers={"Accept-Encoding": "gzip, deflate, br"})
    again = client.get("/moten/2017/", headers={"Accept-Encoding": "gzip, deflate, br"})
    assert (first["X-Page-Cache"], again["X-Page-Cache"]) == ("miss", "hit")
    assert again["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in again["Vary"]
    assert gzip.decompress(again.content) == plain.content
    assert len(again.content) < len(plain.content) / 3
    assert "Content-Encoding" not in client.get("/moten/2017/")


def test_the_health_check_answers_from_the_app_not_from_the_cache(client, db):
    for _ in range(2):
        response = client.get("/health/")
        assert response.content == b"ok"
        assert "X-Page-Cache" not in response


def test_a_calendar_app_polling_the_feed_again_gets_not_modified_until_the_data_changes(client, meeting):
    # The meeting is of 2017, so in the feed of that year (the feed of all meetings holds the last twelve months).
    first = client.get("/moten/kalender-2017.ics")
    etag = first["ETag"]
    again = client.get("/moten/kalender-2017.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""

    meeting.place = "Tyresö kommunhus"
    meeting.save()
    changed = client.get("/moten/kalender-2017.ics", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert "Tyresö kommunhus" in changed.content.decode()


def gzip_has_padding(content: bytes) -> bool:
    """Django pads a compressed response with random bytes in the gzip header's file name field (FNAME)."""
    return bool(content[3] & gzip.FNAME)


def test_a_cached_page_is_compressed_without_random_padding(client, meeting):
    # Anonymous pages carry no secret, so they need no padding against BREACH: one page, one size.
    client.get("/moten/2017/", headers={"Accept-Encoding": "gzip"})
    cached = client.get("/moten/2017/", headers={"Accept-Encoding": "gzip"})
    assert cached["X-Page-Cache"] == "hit"
    assert not gzip_has_padding(cached.content)


def test_pages_with_a_csrf_token_keep_their_random_padding(admin_client, meeting):
    page = admin_client.get("/admin/", headers={"Accept-Encoding": "gzip"})
    assert page["Content-Encoding"] == "gzip"
    assert gzip_has_padding(page.content)


# Cache keys from what a view reads (issue 13) --------------------------------------------------------------------


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request):
    """Each test below runs on the default in-process cache and on Redis, as in production."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")


def test_junk_parameters_do_not_make_a_page_render_again(client, meeting, page_cache):
    assert client.get("/moten/2017/?cb=81d2f0")["X-Page-Cache"] == "miss"
    again = client.get("/moten/2017/?cb=5e7a11&utm_source=nyhetsbrev")
    assert again["X-Page-Cache"] == "hit"
    assert "Salems kommunhus" in again.content.decode()


def test_a_page_that_reads_no_parameter_is_keyed_on_its_path_alone(client, meeting, page_cache):
    client.get(meeting.get_absolute_url())
    assert client.get(meeting.get_absolute_url() + "?a=1&b=2")["X-Page-Cache"] == "hit"


def test_a_search_is_keyed_on_its_words_alone(client, meeting, page_cache):
    assert client.get("/sok/?q=Salems")["X-Page-Cache"] == "miss"
    junk = client.get("/sok/?cb=9f3e&q=Salems")
    assert junk["X-Page-Cache"] == "hit"
    assert "Salems kommunhus" in junk.content.decode()
    other = client.get("/sok/?q=Tyresö")
    assert other["X-Page-Cache"] == "miss"
    assert "Salems kommunhus" not in other.content.decode()


def test_the_words_are_normalised_before_they_make_the_key(client, meeting, page_cache):
    client.get("/sok/?q=Salems+kommunhus")
    assert client.get("/sok/?q=++Salems%20%20kommunhus%09&sida=2")["X-Page-Cache"] == "hit"


def test_a_calendar_filter_is_part_of_the_key(client, meeting, page_cache):
    whole = client.get("/moten/2017/?cb=1")
    filtered = client.get("/moten/2017/?organ=ledningsgruppen&cb=2")
    assert (whole["X-Page-Cache"], filtered["X-Page-Cache"]) == ("miss", "miss")
    assert client.get("/moten/2017/?organ=ledningsgruppen&cb=3")["X-Page-Cache"] == "hit"


def test_a_cached_page_carries_no_parameter_its_view_does_not_read(client, meeting, page_cache):
    client.get("/moten/2017/?organ=ledningsgruppen&cb=first-visitor")
    page = client.get("/moten/2017/?organ=ledningsgruppen&cb=second-visitor").content.decode()
    # The link to the page in English keeps the filter and nothing else any visitor sent.
    assert 'href="/en/moten/2017/?organ=ledningsgruppen"' in page
    assert "first-visitor" not in page


def test_the_key_holds_a_bounded_number_and_length_of_values():
    from django.http import QueryDict

    from apps.core.cache import MAX_VALUE_LENGTH, MAX_VALUES, normalised_query

    query = QueryDict("&".join(["q=" + "å" * 5000] * 50 + ["cb=1", "organ=x"]))
    kept = normalised_query(query, frozenset({"q", "organ"}))
    assert list(kept) == ["organ", "q"]
    assert kept.getlist("q") == ["å" * MAX_VALUE_LENGTH] * MAX_VALUES


def test_a_search_is_kept_ten_minutes_and_other_pages_a_day(client, meeting, redis_cache, redis_url):
    import redis

    server = redis.Redis.from_url(redis_url)

    def lifetimes():
        return {server.ttl(key) for key in server.scan_iter("*page:*")}

    client.get("/sok/?q=Salems")
    assert lifetimes() and max(lifetimes()) <= 10 * 60
    client.get(meeting.get_absolute_url())
    assert max(lifetimes()) > 23 * 60 * 60
