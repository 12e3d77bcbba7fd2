import gzip
import datetime

import pytest

from apps.bodies.models import Body
from apps.meetings.models import Meeting


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
    first = client.get("/moten/kalender.ics")
    etag = first["ETag"]
    again = client.get("/moten/kalender.ics", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""

    meeting.place = "Tyresö kommunhus"
    meeting.save()
    changed = client.get("/moten/kalender.ics", headers={"If-None-Match": etag})
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
