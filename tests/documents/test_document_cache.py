"""A document asked for again with no change in the data comes from the cache; a change gives a new one."""

import datetime

from django.test import Client
from django.urls import reverse

from apps.meetings.models import AgendaItem, Meeting
from apps.plans.models import Priority

from .pdfs import text


def agenda(client, meeting, **headers):
    return client.get(reverse("documents:agenda", args=[meeting.pk]), headers=headers)


def test_second_request_is_served_from_the_cache_unchanged(client, meeting):
    first = agenda(client, meeting)
    second = agenda(client, meeting)
    assert (first["X-Document-Cache"], second["X-Document-Cache"]) == ("miss", "hit")
    assert second.content == first.content


def test_a_changed_item_gives_a_new_document(client, meeting):
    agenda(client, meeting)
    item = meeting.items.get(number=3)
    item.title = "Näringslivsklimatet – nulägesbild"
    item.save()
    response = agenda(client, meeting)
    assert response["X-Document-Cache"] == "miss"
    assert "3. Näringslivsklimatet – nulägesbild" in text(response)


def test_a_removed_item_disappears_from_the_document(client, meeting):
    agenda(client, meeting)
    meeting.items.get(number=3).delete()
    assert "Näringslivsklimatet på Södertörn" not in text(agenda(client, meeting))


def test_a_new_item_appears_in_the_document(client, meeting):
    agenda(client, meeting)
    AgendaItem.objects.create(meeting=meeting, number=4, title="Övriga frågor")
    assert "4. Övriga frågor" in text(agenda(client, meeting))


def test_a_renamed_body_gives_a_new_document(client, meeting, committee):
    agenda(client, meeting)
    committee.name = "Södertörns kommunstyrelseordförande"
    committee.save()
    assert "Södertörns kommunstyrelseordförande" in text(agenda(client, meeting))


def test_browser_with_the_current_version_gets_not_modified(client, meeting):
    first = agenda(client, meeting)
    again = agenda(client, meeting, if_none_match=first["ETag"])
    assert again.status_code == 304


def test_the_secretariats_draft_is_never_served_to_a_visitor(editor_client, meeting):
    meeting.agenda_published_at = None
    meeting.save()
    draft = agenda(editor_client, meeting)
    assert "Budget för sekretariatet 2017" in text(draft)
    assert "private" in draft["Cache-Control"]
    assert "Budget för sekretariatet 2017" not in text(agenda(Client(), meeting))


def test_a_cached_agenda_costs_one_query(client, meeting, django_assert_num_queries):
    agenda(client, meeting)
    with django_assert_num_queries(1):
        assert agenda(client, meeting)["X-Document-Cache"] == "hit"


def test_a_cached_yearly_plan_costs_one_query(client, seed, django_assert_num_queries):
    url = reverse("documents:yearly_plan", args=[2017])
    client.get(url)
    with django_assert_num_queries(1):
        assert client.get(url)["X-Document-Cache"] == "hit"


def test_a_changed_priority_gives_a_new_yearly_plan(client, seed):
    url = reverse("documents:yearly_plan", args=[2017])
    client.get(url)
    priority = Priority.objects.get(text="Vi definierar tillväxthinder")
    priority.text = "Vi kartlägger tillväxthinder"
    priority.save()
    response = client.get(url)
    assert response["X-Document-Cache"] == "miss"
    assert "Vi kartlägger tillväxthinder" in text(response)


def test_a_moved_meeting_gives_a_new_yearly_plan(client, seed):
    url = reverse("documents:yearly_plan", args=[2017])
    client.get(url)
    meeting = Meeting.objects.get(date=datetime.date(2017, 6, 1))
    meeting.date = datetime.date(2017, 6, 8)
    meeting.save()
    assert "8 juni (Salem)" in text(client.get(url))


def test_a_programme_asked_for_again_comes_from_the_cache(client, programme_2035):
    url = reverse("documents:programme", args=[programme_2035.slug])
    first, second = client.get(url), client.get(url)
    assert (first["X-Document-Cache"], second["X-Document-Cache"]) == ("miss", "hit")
    goal = programme_2035.focus_areas.get(name="Infrastruktur").goals.get()
    goal.title = "Infrastrukturen byggs ut"
    goal.save()
    assert "Mål: Infrastrukturen byggs ut" in text(client.get(url))
