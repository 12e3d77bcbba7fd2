"""A PDF is rendered once per version, whatever the number of requests asking for it at the same moment, and after
a change the background worker renders it before anyone asks."""

import datetime
import logging
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from apps.core.locks import Lock
from apps.documents.views import public_agenda_document
from tests.shared_cache import redis_cache, redis_url  # noqa: F401

from .pdfs import text

WORKERS = 8


@pytest.fixture(params=["locmem", "redis"])
def shared_cache(request):
    """The in-process cache of one server's threads, and Redis, as every server in production shares it."""
    if request.param == "redis":
        request.getfixturevalue("redis_cache")


@pytest.fixture
def renders(caplog):
    """The renders logged from now on, by any thread: the keys of the documents rendered."""
    caplog.set_level(logging.INFO, logger="apps.documents.pdf")
    caplog.clear()

    def rendered():
        return [record.args[0] for record in caplog.records if record.getMessage().startswith("Rendered ")]

    return rendered


def at_once(url, count=WORKERS):
    """`count` anonymous visitors asking for `url` at the same moment, each in a thread with its own database
    connection, as gunicorn's workers would."""
    barrier = threading.Barrier(count)

    def ask(_number):
        barrier.wait()
        try:
            return Client().get(url)
        finally:
            connection.close()

    with ThreadPoolExecutor(count) as pool:
        return list(pool.map(ask, range(count)))


@pytest.mark.django_db(transaction=True)
def test_eight_visitors_asking_for_a_new_kallelse_at_once_render_it_once(meeting, shared_cache, renders):
    responses = at_once(reverse("documents:agenda", args=[meeting.pk]))
    assert len(renders()) == 1
    assert Counter(response["X-Document-Cache"] for response in responses) == {"miss": 1, "hit": WORKERS - 1}
    assert len({response.content for response in responses}) == 1
    assert "Budget för sekretariatet 2017" in text(responses[0])


@pytest.mark.django_db(transaction=True)
def test_eight_visitors_asking_for_a_changed_kallelse_at_once_render_the_new_version_once(
    meeting, shared_cache, renders
):
    url = reverse("documents:agenda", args=[meeting.pk])
    before = Client().get(url)
    item = meeting.items.get(number=3)
    item.title = "Näringslivsklimatet – nulägesbild"
    item.save()
    renders_before = len(renders())

    responses = at_once(url)
    assert len(renders()) == renders_before + 1
    how = Counter(response["X-Document-Cache"] for response in responses)
    assert how["miss"] == 1
    assert how["miss"] + how["hit"] + how["previous"] == WORKERS
    for response in responses:
        if response["X-Document-Cache"] == "previous":
            assert response.content == before.content
        else:
            assert "3. Näringslivsklimatet – nulägesbild" in text(response)


@pytest.mark.django_db(transaction=True)
def test_while_another_worker_renders_the_new_version_a_visitor_gets_the_previous_at_once(
    meeting, shared_cache, renders
):
    url = reverse("documents:agenda", args=[meeting.pk])
    before = Client().get(url)
    item = meeting.items.get(number=3)
    item.title = "Näringslivsklimatet – nulägesbild"
    item.save()
    key, _build = public_agenda_document(meeting.pk)
    rendering = Lock(key)  # as another worker or server holds it while it renders
    assert rendering.acquire()

    started = time.monotonic()
    response = Client().get(url)
    assert time.monotonic() - started < 1
    assert response["X-Document-Cache"] == "previous"
    assert response.content == before.content
    # Its own version as ETag: the browser asks again next time, and then gets the new one.
    assert response["ETag"] == before["ETag"]
    assert Client().get(url, headers={"If-None-Match": before["ETag"]}).status_code == 304

    rendering.release()
    response = Client().get(url)
    assert response["X-Document-Cache"] == "miss"
    assert "3. Näringslivsklimatet – nulägesbild" in text(response)
    assert response["ETag"] != before["ETag"]


@pytest.mark.django_db(transaction=True)
def test_a_visitor_is_never_given_the_secretariats_draft_as_the_previous_version(
    meeting, shared_cache, renders, editor
):
    url = reverse("documents:agenda", args=[meeting.pk])
    meeting.agenda_published_at = None
    meeting.save()
    staff = Client()
    staff.force_login(editor)
    assert "Budget för sekretariatet 2017" in text(staff.get(url))  # the draft, rendered and cached
    item = meeting.items.get(number=2)
    item.title = "Budget för sekretariatet 2018"
    item.save()
    for response in at_once(url):
        assert "Budget för sekretariatet" not in text(response)


def run_worker():
    """What `manage.py db_worker` does in production: run every task that is due, then stop."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.mark.django_db(transaction=True)
def test_after_a_change_the_worker_renders_the_kallelse_before_anyone_asks(meeting, renders):
    meeting.date = datetime.date.today() + datetime.timedelta(days=10)
    meeting.save()
    run_worker()
    assert len(renders()) == 1
    response = Client().get(reverse("documents:agenda", args=[meeting.pk]))
    assert response["X-Document-Cache"] == "hit"
    assert len(renders()) == 1


@pytest.mark.django_db(transaction=True)
def test_many_saves_queue_one_render_while_it_waits_and_another_once_it_has_started(meeting, renders):
    from django_tasks_db.models import DBTaskResult

    meeting.date = datetime.date.today() + datetime.timedelta(days=10)
    meeting.save()
    # An agenda edited in the admin: every item saved, some more than once.
    with transaction.atomic():
        for item in meeting.items.all():
            for number in range(7):
                item.presenter = f"Föredragande {number}"
                item.save()
    for item in meeting.items.all():
        item.presenter = "Sekretariatet"
        item.save()
    assert DBTaskResult.objects.filter(task_path__endswith="render_kallelse").count() == 1
    run_worker()
    assert len(renders()) == 1
    item.presenter = "Ordföranden"
    item.save()
    run_worker()
    assert len(renders()) == 2
    response = Client().get(reverse("documents:agenda", args=[meeting.pk]))
    assert response["X-Document-Cache"] == "hit"
    assert "Ordföranden" in text(response)


@pytest.mark.django_db(transaction=True)
def test_a_changed_programme_is_rendered_by_the_worker(programme_2035, renders):
    area = programme_2035.focus_areas.first()
    area.name = "Infrastruktur och kollektivtrafik"
    area.save()
    run_worker()
    response = Client().get(reverse("documents:programme", args=[programme_2035.slug]))
    assert response["X-Document-Cache"] == "hit"
    assert "Infrastruktur och kollektivtrafik" in text(response)


@pytest.mark.django_db(transaction=True)
def test_an_old_meetings_kallelse_is_left_to_the_first_request(meeting, renders):
    meeting.save()  # 2 February 2017
    run_worker()
    assert not [key for key in renders() if key.startswith("documents:agenda:")]
