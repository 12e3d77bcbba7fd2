"""The home page: the vision, the programme in force at a glance, the next meetings, what changed lately."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from apps.bodies.models import Body
from apps.meetings.models import Meeting
from apps.municipalities.models import Municipality
from apps.programme.models import Adoption, FocusArea, Goal, Programme

VISION = "Södertörn driver Stockholmsregionen. Med starkt näringsliv, tillgänglighet och hållbar utveckling"


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


@pytest.fixture
def municipalities(db):
    return [
        Municipality.objects.create(name="Huddinge", slug="huddinge", code="0126"),
        Municipality.objects.create(name="Botkyrka", slug="botkyrka", code="0127"),
    ]


@pytest.fixture
def programme_2035(municipalities):
    programme = Programme.objects.create(
        name="Södertörns utvecklingsprogram 2035", slug="2035", vision=VISION, valid_from=2019,
        overall_goal="Stärkt infrastruktur och effektiv samordning",
    )
    for order, name in enumerate(["Infrastruktur", "Utbildning", "Näringsliv", "Funktionell samordning"]):
        area = FocusArea.objects.create(programme=programme, name=name, slug=name.lower()[:20], order=order)
        Goal.objects.create(focus_area=area, title=f"Mål för {name}")
    FocusArea.objects.create(programme=programme, name="Hållbar utveckling", slug="hallbar", is_cross_cutting=True)
    return programme


def adopt_everywhere(programme, municipalities):
    for municipality in municipalities:
        Adoption.objects.create(programme=programme, municipality=municipality, status=Adoption.Status.ADOPTED)


@pytest.fixture
def committee(db):
    return Body.objects.create(
        name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén", slug="samarbetskommitten",
        kind=Body.Kind.COMMITTEE, usual_start=datetime.time(12), usual_end=datetime.time(15),
    )


def test_the_home_page_shows_the_vision_of_the_programme_in_force(client, programme_2035, municipalities):
    adopt_everywhere(programme_2035, municipalities)
    text = page_text(client.get("/"))
    assert f"Vision {VISION}" in text
    assert "Gällande program är Södertörns utvecklingsprogram 2035" in text


def test_the_home_page_shows_the_focus_areas_standing_on_the_cross_cutting_theme(
    client, programme_2035, municipalities
):
    adopt_everywhere(programme_2035, municipalities)
    text = page_text(client.get("/en/"))
    assert "Infrastruktur 1 goal Utbildning 1 goal Näringsliv 1 goal Funktionell samordning 1 goal" in text
    assert "Running through all of them: Hållbar utveckling" in text
    assert 'href="/en/program/"' in client.get("/en/").content.decode()


def test_a_programme_not_adopted_by_every_board_is_not_shown_as_in_force(client, programme_2035, municipalities):
    Adoption.objects.create(programme=programme_2035, municipality=municipalities[0], status=Adoption.Status.ADOPTED)
    text = page_text(client.get("/en/"))
    assert VISION not in text
    assert "No version of the development programme has been adopted by all eight municipal boards yet." in text


def test_the_home_page_lists_the_next_meetings_but_not_past_or_cancelled_ones(client, committee):
    today = timezone.localdate()
    Meeting.objects.create(body=committee, title="Förra mötet", date=today - datetime.timedelta(days=10))
    Meeting.objects.create(body=committee, title="Nästa möte", date=today + datetime.timedelta(days=10))
    Meeting.objects.create(body=committee, title="Inställt möte", date=today + datetime.timedelta(days=5),
                           status=Meeting.Status.CANCELLED)
    upcoming = page_text(client.get("/en/")).split("Next meetings")[1].split("What changed lately")[0]
    assert "Nästa möte" in upcoming
    assert "Förra mötet" not in upcoming
    assert "Inställt möte" not in upcoming


def test_the_home_page_shows_the_meetings_changed_lately_newest_first(client, committee):
    first = Meeting.objects.create(body=committee, title="Ändrat möte", date=datetime.date(2017, 2, 2))
    Meeting.objects.create(body=committee, title="Nytt möte", date=datetime.date(2017, 3, 23))
    first.status = Meeting.Status.CANCELLED
    first.save()
    changed = page_text(client.get("/en/")).split("What changed lately")[1]
    assert changed.index("Ändrat möte") < changed.index("Nytt möte")
    assert re.search(r"Ändrat möte .* Cancelled updated", changed)
    assert re.search(r"Nytt möte .* New updated", changed)


def test_the_home_page_says_when_nothing_is_planned(client, db):
    text = page_text(client.get("/en/"))
    assert "No meetings are planned yet." in text
