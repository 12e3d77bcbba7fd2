"""What a search may cost: never a server error for what a visitor types, and never longer than the database's
statement_timeout for its queries."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from apps.bodies.models import Body
from apps.meetings.models import AgendaItem, Meeting

TOO_LONG = "The search text is too long"
STOPPED = "The search took too long and was stopped. Try more specific words, or try again in a while."


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def meeting(db):
    body = Body.objects.create(name="Ledningsgruppen", short_name="Ledningsgruppen", slug="ledningsgruppen",
                               kind=Body.Kind.MANAGEMENT_GROUP)
    return Meeting.objects.create(
        body=body, date=datetime.date(2017, 5, 12), place="Salems kommunhus",
        agenda_published_at=timezone.now() - datetime.timedelta(days=1),
    )


@pytest.mark.parametrize("visitor", ["client", "editor_client"])
def test_a_nul_alone_is_an_empty_search_not_a_server_error(request, visitor, meeting):
    response = request.getfixturevalue(visitor).get("/en/sok/?q=%00")
    assert response.status_code == 200
    assert "Write one or more words." in page_text(response)


@pytest.mark.parametrize("visitor", ["client", "editor_client"])
def test_control_characters_between_words_are_spaces(request, visitor, meeting):
    response = request.getfixturevalue(visitor).get("/en/sok/?q=Salems%00kommunhus%1b")
    assert response.status_code == 200
    assert "1 hit for “Salems kommunhus”" in page_text(response)
    assert "Salems kommunhus" in page_text(response)


@pytest.mark.parametrize("visitor", ["client", "editor_client"])
def test_an_overlong_search_is_refused_with_a_message(request, visitor, meeting):
    response = request.getfixturevalue(visitor).get("/en/sok/", {"q": "å" * 1000 + "\x00"})
    assert response.status_code == 400
    assert TOO_LONG in page_text(response)


def test_a_search_that_outruns_the_statement_timeout_is_stopped_with_a_message(client, meeting, settings):
    AgendaItem.objects.bulk_create(
        AgendaItem(meeting=meeting, number=number, title=f"Samverkan om regional utveckling, del {number}",
                   description="Samverkan mellan kommunerna på Södertörn om infrastruktur och utbildning. " * 20)
        for number in range(1, 5001)
    )
    settings.SEARCH_STATEMENT_TIMEOUT = 1  # ms: ranking 5 000 items takes far longer
    response = client.get("/en/sok/?q=samverkan")
    assert response.status_code == 200
    assert STOPPED in page_text(response)
    # An answer about the database's load, not about the words: the next visitor's search runs again.
    assert client.get("/en/sok/?q=samverkan")["X-Page-Cache"] == "miss"

    settings.SEARCH_STATEMENT_TIMEOUT = 60_000
    found = client.get("/en/sok/?q=samverkan")
    assert STOPPED not in page_text(found)
    assert "Samverkan om regional utveckling, del" in page_text(found)


def test_the_timeout_holds_for_the_search_alone(transactional_db, client, meeting, settings):
    from django.db import connection

    settings.SEARCH_STATEMENT_TIMEOUT = 1
    client.get("/en/sok/?q=samverkan")
    # The same connection serves the worker's next request: it is back to no timeout.
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone()[0] == "0"
