"""One search box across meetings, agenda items, programme goals and documents."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.utils import timezone

from apps.bodies.models import Body
from apps.meetings.models import AgendaItem, Document, Meeting
from apps.programme.models import FocusArea, Goal, Programme, SubGoal

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="Swedish full-text search needs PostgreSQL"
)


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def search(client, words, language="en"):
    prefix = "/en" if language == "en" else ""
    return client.get(f"{prefix}/sok/", {"q": words})


@pytest.fixture
def content(db):
    network = Body.objects.create(name="Planeringschefsnätverket", short_name="Planeringscheferna",
                                  slug="planeringschefer", kind=Body.Kind.NETWORK)
    committee = Body.objects.create(name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén",
                                    slug="samarbetskommitten", kind=Body.Kind.COMMITTEE)
    meeting = Meeting.objects.create(
        body=committee, date=datetime.date(2017, 2, 2), place="Tyresö kommunhus", documents_published=True,
        agenda_published_at=timezone.make_aware(datetime.datetime(2017, 1, 26, 9)),
    )
    item = AgendaItem.objects.create(meeting=meeting, number=3, title="Tvärförbindelse Södertörn",
                                     presenter="Planeringschefsnätverket")
    Document.objects.create(meeting=meeting, agenda_item=item, title="Lägesrapport om kollektivtrafiken",
                            file="meetings/2017/lagesrapport.pdf")
    hidden = Meeting.objects.create(body=network, date=datetime.date(2017, 3, 1), documents_published=False)
    AgendaItem.objects.create(meeting=hidden, number=1, title="Hemlig dagordningspunkt om tvärförbindelsen")
    Document.objects.create(meeting=hidden, title="Opublicerad kollektivtrafikrapport", file="meetings/2017/x.pdf")
    programme = Programme.objects.create(name="Södertörns utvecklingsprogram 2035", slug="2035", valid_from=2019)
    area = FocusArea.objects.create(programme=programme, name="Infrastruktur", slug="infrastruktur")
    goal = Goal.objects.create(
        focus_area=area, title="En stark infrastruktur är en förutsättning för hållbar utveckling", owner=network
    )
    SubGoal.objects.create(goal=goal, text="Prioriterade infrastrukturprojekt genomförs", is_sample=True)
    return {"meeting": meeting, "item": item, "goal": goal}


def test_the_search_page_has_one_labelled_search_box(client, db):
    html = client.get("/en/sok/").content.decode()
    assert '<label for="search-q">Search meetings, agenda items, programme goals and documents</label>' in html
    assert '<input id="search-q" type="search" name="q"' in html
    assert 'role="search"' in html


def test_an_empty_search_explains_how_to_search(client, db):
    response = search(client, "   ")
    assert response.status_code == 200
    assert "Write one or more words." in page_text(response)


def test_meetings_are_found_by_the_name_of_their_body(client, content):
    text = page_text(search(client, "samarbetskommitté"))
    assert "Meetings Södertörnskommunernas samarbetskommitté – Thursday 2 February 2017" in text


def test_meetings_are_found_by_their_place(client, content):
    assert "Tyresö kommunhus" in page_text(search(client, "Tyresö"))


def test_agenda_items_of_published_agendas_are_found_and_link_to_their_meeting(client, content):
    response = search(client, "tvärförbindelse")
    text = page_text(response)
    assert "Agenda items 3. Tvärförbindelse Södertörn" in text
    assert f'href="/en/moten/mote/{content["meeting"].pk}/#punkt-3"' in response.content.decode()
    assert "Hemlig dagordningspunkt" not in text


def test_programme_goals_and_sub_goals_are_found(client, content):
    text = page_text(search(client, "infrastruktur"))
    assert "Programme goals En stark infrastruktur är en förutsättning för hållbar utveckling" in text
    assert "owned by Planeringschefsnätverket" in text


def test_sub_goals_are_found_and_marked_as_sample_data(client, content):
    text = page_text(search(client, "infrastrukturprojekt"))
    assert "Sub-goals and actions Prioriterade infrastrukturprojekt genomförs" in text
    assert "sample data" in text


def test_only_published_documents_are_found(client, content):
    text = page_text(search(client, "kollektivtrafiken"))
    assert "Documents Lägesrapport om kollektivtrafiken" in text
    assert "Opublicerad kollektivtrafikrapport" not in page_text(search(client, "Opublicerad"))


def test_all_words_must_match(client, content):
    assert "Tvärförbindelse Södertörn" not in page_text(search(client, "tvärförbindelse Nynäshamn"))


def test_a_search_without_hits_says_so(client, content):
    text = page_text(search(client, "zyxwvuts"))
    assert "0 hits for “zyxwvuts”" in text
    assert "Nothing matched." in text


def test_a_too_long_search_is_refused_with_an_explanation(client, content):
    response = search(client, "infrastruktur " * 40)
    assert response.status_code == 400
    assert "The search text is too long. Use at most 200 characters" in page_text(response)


def test_punctuation_and_operators_in_a_search_do_no_harm(client, content):
    for words in ['"Tvärförbindelse', "-", "a & b | !c", "'); DROP TABLE x; --", "<script>", "%", "_"]:
        response = search(client, words)
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("<main")[1]


def test_the_search_is_in_swedish_by_default(client, content):
    text = page_text(search(client, "tvärförbindelse", language="sv"))
    assert "1 träff på ”tvärförbindelse” Dagordningspunkter 3. Tvärförbindelse Södertörn" in text


@postgresql_only
def test_swedish_words_are_found_in_their_other_forms(client, content):
    text = page_text(search(client, "infrastrukturen"))
    assert "En stark infrastruktur är en förutsättning" in text


@postgresql_only
def test_the_best_match_comes_first(client, content):
    Goal.objects.create(focus_area=content["goal"].focus_area, title="Utbildning",
                        description="Nämner infrastruktur en gång")
    text = page_text(search(client, "infrastruktur")).split("Programme goals")[1]
    assert text.index("En stark infrastruktur") < text.index("Utbildning")


def test_the_search_uses_the_database_it_runs_on(db):
    assert connection.vendor in {"postgresql", "sqlite"}
