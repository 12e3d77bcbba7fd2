"""The yearly plan as a web page: purpose, principles, vision, priorities, the year's calendar and budget."""

import re
from html import unescape

import pytest

from apps.meetings.models import Meeting
from apps.plans.models import Priority, YearlyPlan
from apps.programme.models import Goal, Programme


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_index_lists_the_yearly_plans(client, seed):
    response = client.get("/verksamhetsplan/")
    assert "Samverkan på Södertörn – inriktning 2017 (följer Södertörns utvecklingsprogram 2013)" in page_text(response)
    assert 'href="/verksamhetsplan/2017/"' in response.content.decode()


def test_2017_plan_has_its_principles_and_vision(client, seed):
    text = page_text(client.get("/verksamhetsplan/2017/"))
    assert "Samverkan på Södertörn – inriktning 2017" in text
    assert ("Principer Fokus på den gemensamma nyttan "
            "Respekt för den demokratiska processen i den enskilda kommunen") in text
    assert "Vision Södertörn är en attraktiv del av Stockholm-Mälarregionen" in text


def test_2017_plan_lists_its_priorities_and_the_action_they_serve(client, seed):
    text = page_text(client.get("/verksamhetsplan/2017/"))
    assert "Prioriteringar 2017" in text
    assert "Vi positionerar Södertörn i RUFS 2050 (tjänar: Utnyttja den nya infrastrukturen)" in text


def test_2017_plan_marks_the_prioritised_action_among_the_programmes_goals(client, seed):
    text = page_text(client.get("/verksamhetsplan/2017/"))
    assert "Vi förbättrar näringslivsklimatet på Södertörn. Prioriterat i år" in text
    assert "Utnyttja den nya infrastrukturen Prioriterat i år" in text


def test_2017_plan_has_the_years_calendar_and_budget(client, seed):
    response = client.get("/verksamhetsplan/2017/")
    text = page_text(response)
    assert "Kalender 2017" in text
    assert "torsdag 2 februari 2017 kl. 12.00–15.00 Södertörnskommunernas samarbetskommitté Haninge" in text
    assert text.count("Ledningsgruppen") >= 7
    assert "Avgifter från kommunerna 945 000 kr Summa intäkter 945 000 kr" in text
    assert 'href="/budget/2017/"' in response.content.decode()


def test_a_plan_without_meetings_or_budget_says_so(client, db):
    programme = Programme.objects.create(name="Program", slug="program", valid_from=2019)
    YearlyPlan.objects.create(year=2020, title="Inriktning 2020", programme=programme)
    text = page_text(client.get("/verksamhetsplan/2020/"))
    assert "Inga möten är registrerade för året." in text
    assert "Ingen budget är registrerad för året." in text


@pytest.mark.parametrize("year", ["0", "2016", "99999", "99999999999999999999999", "abc", "-2017"])
def test_impossible_or_unknown_plan_years_are_not_found(client, seed, year):
    assert client.get(f"/verksamhetsplan/{year}/").status_code == 404


def grow(copies):
    """Adds `copies - 1` times more meetings, priorities and goals to the 2017 plan."""
    if copies == 1:
        return
    plan = YearlyPlan.objects.get(year=2017)
    goal = Goal.objects.filter(focus_area__programme=plan.programme).first()
    Priority.objects.bulk_create(Priority(plan=plan, goal=goal, text=f"Prioritet {n}") for n in range(5 * copies))
    Goal.objects.bulk_create(Goal(focus_area=goal.focus_area, title=f"Mål {n}") for n in range(5 * copies))
    meeting = Meeting.objects.filter(date__year=2017).first()
    Meeting.objects.bulk_create(
        Meeting(body=meeting.body, date=meeting.date, start_time=meeting.start_time) for _ in range(20 * copies)
    )


@pytest.mark.parametrize("copies", [1, 20], ids=["1x", "20x"])
@pytest.mark.parametrize(("path", "most"), [("/verksamhetsplan/", 1), ("/verksamhetsplan/2017/", 9)])
def test_plan_pages_run_a_fixed_number_of_queries(client, seed, django_assert_max_num_queries, copies, path, most):
    grow(copies)
    with django_assert_max_num_queries(most):
        response = client.get(path)
    assert response.status_code == 200
