"""The shared cache as production runs it, a real Redis: what one process does, another sees at once; when Redis
stops, fills up or is emptied, the site keeps answering (uncached) and failed logins stay counted (in the database,
apps/core/throttle.py), so no password can be guessed without limit."""

import datetime
import os
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.urls import reverse

from apps.bodies.models import Body
from apps.meetings.models import Meeting
from tests.shared_cache import own_redis, redis_cache, redis_url  # noqa: F401

from .test_login_throttle import PASSWORD, REFUSAL, fail, log_in

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def meeting(db):
    body = Body.objects.create(name="Ledningsgruppen", short_name="Ledningsgruppen", slug="ledningsgruppen",
                               kind=Body.Kind.MANAGEMENT_GROUP)
    return Meeting.objects.create(body=body, date=datetime.date(2017, 5, 12), place="Salems kommunhus")


def in_another_process(code, cache_url):
    """Runs `code` in `manage.py shell`, a process of its own on the test database and the given cache; its
    output."""
    settings = connection.settings_dict
    database = (f"postgres://{settings['USER']}:{settings['PASSWORD'] or ''}@{settings['HOST']}:{settings['PORT']}"
                f"/{settings['NAME']}")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", code], cwd=ROOT, capture_output=True,
        text=True, timeout=120, env={**os.environ, "DATABASE_URL": database, "CACHE_URL": cache_url},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.django_db(transaction=True)
def test_a_change_saved_by_another_process_shows_at_once(client, meeting, redis_url, redis_cache):
    page = meeting.get_absolute_url()
    client.get(page)
    assert client.get(page)["X-Page-Cache"] == "hit"
    in_another_process(
        "from apps.meetings.models import Meeting\n"
        f"meeting = Meeting.objects.get(pk={meeting.pk})\n"
        "meeting.place = 'Tyresö kommunhus'\n"
        "meeting.save()\n",
        redis_url,
    )
    response = client.get(page)
    assert response["X-Page-Cache"] == "miss"
    assert "Tyresö kommunhus" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_page_rendered_by_another_process_is_served_from_the_cache_here(client, meeting, redis_url, redis_cache):
    page = meeting.get_absolute_url()
    status = in_another_process(
        "from django.test import Client\n"
        f"print(Client().get('{page}')['X-Page-Cache'])\n",
        redis_url,
    )
    assert status == "miss"
    assert client.get(page)["X-Page-Cache"] == "hit"


@pytest.mark.django_db(transaction=True)
def test_failed_logins_counted_by_one_process_block_the_login_in_another(editor, redis_url, redis_cache):
    fail(5)
    status = in_another_process(
        "from django.test import Client\n"
        "client = Client(REMOTE_ADDR='198.51.100.7')\n"
        f"response = client.post('{reverse('admin:login')}', {{'username': 'redaktor', 'password': '{PASSWORD}'}},"
        " secure=True)\n"
        "print(response.status_code)\n",
        redis_url,
    )
    assert status == "429"


def test_with_redis_stopped_the_site_answers_uncached(client, meeting, own_redis):
    page = meeting.get_absolute_url()
    client.get(page)
    assert client.get(page)["X-Page-Cache"] == "hit"

    own_redis.stop()
    response = client.get(page)
    assert response.status_code == 200
    assert response["X-Page-Cache"] == "off"
    assert "Salems kommunhus" in response.content.decode()
    assert client.get("/sok/", {"q": "Salems"}).status_code == 200
    agenda = client.get(reverse("documents:agenda", args=[meeting.pk]))
    assert agenda.status_code == 200
    assert agenda["Content-Type"] == "application/pdf"
    # The secretariat can still save; the page shows the change.
    meeting.place = "Tyresö kommunhus"
    meeting.save()
    assert "Tyresö kommunhus" in client.get(page).content.decode()


def test_with_redis_stopped_failed_logins_are_still_counted(editor, own_redis):
    own_redis.stop()
    fail(5)
    response, client = log_in("redaktor", PASSWORD)
    assert response.status_code == 429
    assert REFUSAL in response.content.decode()
    assert SESSION_KEY not in client.session


def test_with_redis_stopped_the_right_password_still_logs_in(editor, own_redis):
    own_redis.stop()
    response, client = log_in("redaktor", PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(editor.pk)


def test_emptying_redis_does_not_reset_the_failed_logins(editor, own_redis):
    fail(5)
    own_redis.client.flushall()
    response, client = log_in("redaktor", PASSWORD)
    assert response.status_code == 429
    assert SESSION_KEY not in client.session


def fill(server):
    """Redis at its memory limit with `noeviction`, as the issue found it: every write refused."""
    for number in range(100):
        server.client.set(f"filler:{number}", b"x" * 10_000)
    server.client.config_set("maxmemory-policy", "noeviction")
    server.client.config_set("maxmemory", server.client.info("memory")["used_memory"] - 512 * 1024)
    with pytest.raises(redis.exceptions.OutOfMemoryError):
        server.client.set("one-more", b"x")


def test_with_redis_full_pages_are_served_uncached(client, meeting, own_redis):
    client.get("/program/")  # the data version is stored while there is room
    fill(own_redis)
    for path in [meeting.get_absolute_url(), "/", "/sok/?q=Salems"]:
        response = client.get(path)
        assert response.status_code == 200
        assert response["X-Page-Cache"] == "off"
    assert "Salems kommunhus" in client.get("/sok/?q=Salems").content.decode()


def test_with_redis_full_failed_logins_are_still_counted_so_no_password_can_be_guessed(editor, own_redis):
    fill(own_redis)
    fail(5)
    for _ in range(5):  # filling it more changes nothing
        own_redis.client.config_set("maxmemory", own_redis.client.info("memory")["used_memory"] - 512 * 1024)
        response, client = log_in("redaktor", PASSWORD)
        assert response.status_code == 429
        assert REFUSAL in response.content.decode()
        assert SESSION_KEY not in client.session
