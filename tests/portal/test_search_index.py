"""A search reads the stored full-text vectors through their GIN indexes, however many rows there are, and ranks
by the stored vector instead of making each matching row's vector again."""

import datetime

import pytest
from django.db import connection

from apps.bodies.models import Body, Person
from apps.meetings.models import AgendaItem, Document, Meeting
from apps.portal.search import matching, terms_of
from apps.programme.models import FocusArea, Goal, Programme, SubGoal


def plan_of(query):
    with connection.cursor() as cursor:
        # Few rows make a scan of the table cheaper than the index; forbid it to see whether the index fits.
        cursor.execute("SET LOCAL enable_seqscan = off")
        return "\n".join(str(row) for row in query.explain().splitlines())


def test_the_agenda_item_search_uses_the_full_text_index(db):
    query = matching(AgendaItem.objects.all(), terms_of("kollektivtrafik"), AgendaItem.SEARCH_FIELDS)
    plan = plan_of(query)
    assert "agenda_item_search" in plan, plan


@pytest.mark.parametrize(("model", "index"), [
    (Meeting, "meeting_search"), (Document, "document_search"), (Body, "body_search"), (Person, "person_search"),
    (Programme, "programme_search"), (FocusArea, "focus_area_search"), (Goal, "goal_search"),
    (SubGoal, "sub_goal_search"),
])
def test_each_stored_vector_has_its_index(db, model, index):
    plan = plan_of(matching(model.objects.all(), terms_of("Huddinge kollektivtrafik"), ()))
    assert index in plan, plan


def test_ranking_reads_the_stored_vector(db):
    sql = str(matching(AgendaItem.objects.all(), terms_of("samverkan"), AgendaItem.SEARCH_FIELDS).query)
    assert "to_tsvector" not in sql
    assert '"meetings_agendaitem"."search_vector"' in sql


def test_the_stored_vector_follows_the_text(db):
    body = Body.objects.create(name="Planeringschefsnätverket", short_name="Planeringschefer", slug="p",
                               kind=Body.Kind.NETWORK)
    meeting = Meeting.objects.create(body=body, date=datetime.date(2017, 2, 2))
    item = AgendaItem.objects.create(meeting=meeting, number=1, title="Tvärförbindelse Södertörn")
    found = lambda words: list(matching(AgendaItem.objects.all(), terms_of(words), AgendaItem.SEARCH_FIELDS))  # noqa: E731
    assert found("tvärförbindelsen") == [item]
    item.title = "Spårväg syd"
    item.save()
    assert found("tvärförbindelse") == []
    assert found("spårvägen") == [item]
