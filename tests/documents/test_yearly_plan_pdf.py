"""The 2017 yearly plan made from the seed data gives back what the source document says."""

import re

import pytest
from django.urls import reverse

from apps.budgets.models import Budget

from .pdfs import section, text

# Section 7 of "Samverkan på Södertörn, inriktning 2017" (seeds/000), line by line, with the source's
# hyphens between days and hours written as the en dashes Swedish typography uses, and its times in Språkrådet's
# form ("8.30", not "08.30").
CALENDAR_2017 = [
    "Södertörnskommunernas samarbetskommitté (torsdagar 12.00–15.00)",
    "2 februari (Haninge)",
    "23 mars (Nykvarn)",
    "1 juni (Salem)",
    "14 september (Botkyrka)",
    "26 oktober (Tyresö)",
    "7 december (Södertälje)",
    "Januari 2018 (Huddinge)",
    "Mars 2018 (Haninge)",
    "April 2018 (Nykvarn)",
    "16–17 augusti (planeringskonferens, Nynäshamn)",
    "Ledningsgruppen (fredagar 8.30–13.00)",
    "20 januari",
    "24 februari",
    "6–7 april (planeringskonferens)",
    "12 maj",
    "1 september",
    "6 oktober",
    "17 november",
    "Södertörnskonferensen 7 september 2017 (Södertälje och Nykvarn)",
    "Södertörns rådslag 30 mars 2017 (Nykvarn)",
    "Nyckeltal Södertörn 5 oktober 2017",
]

# Section 8: every amount, and both sums (the source's "arbetsrum mm" in Språkrådet's form, "m.m.").
BUDGET_2017 = [
    "Intäkter Kronor Avgifter från kommunerna 945 000 Summa 945 000",
    "Kostnader Kronor Personal 895 000 "
    "Ersättning till Huddinge kommun för kontorsservice, arbetsrum m.m. 50 000 Summa 945 000",
]


@pytest.fixture
def plan_2017(client, demo):
    # With the demonstration data's populations, which order two hosts the largest first, as the source does
    # ("Södertälje och Nykvarn"); the seed data holds no populations, the sources give none.
    return client.get(reverse("documents:yearly_plan", args=[2017]))


def test_plan_is_named_after_its_year(plan_2017):
    assert plan_2017["Content-Disposition"] == 'inline; filename="verksamhetsplan-2017.pdf"'


def test_plan_has_the_eight_sections_of_the_source_document_in_order(plan_2017):
    body = text(plan_2017)
    headings = ["1. Inledning", "2. Syfte", "3. Förhållningssätt", "4. Vision",
                "5. Samverkansområden och inriktning 2017", "6. Arbetsformer", "7. Kalendarium", "8. Budget 2017"]
    positions = [body.rindex(heading) for heading in headings]
    assert positions == sorted(positions)


def test_plan_calendar_gives_every_date_host_and_hour_of_the_source(plan_2017):
    calendar = section(plan_2017, "7. Kalendarium", "8. Budget 2017")
    assert [line for line in CALENDAR_2017 if line not in calendar] == []


def test_plan_calendar_lists_no_meeting_the_source_does_not(plan_2017):
    calendar = section(plan_2017, "7. Kalendarium", "8. Budget 2017")
    months = "januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
    days = re.findall(rf"\b\d{{1,2}}(?:–\d{{1,2}})? (?:{months})", calendar)
    assert len(days) == 17


def test_plan_budget_gives_every_amount_of_the_source(plan_2017):
    budget = section(plan_2017, "8. Budget 2017")
    assert [lines for lines in BUDGET_2017 if lines not in budget] == []


def test_plan_gives_the_years_priorities_under_their_goals(plan_2017):
    body = section(plan_2017, "5. Samverkansområden", "6. Arbetsformer")
    assert "Mål: Utnyttja den nya infrastrukturen" in body
    assert (
        "Prioriterat 2017 Vi beskriver Södertörn ur ett regionalt och nationellt sammanhang "
        "Vi definierar tillväxthinder"
    ) in body
    assert "Prioriterat 2017 Under 2017 genomförs aktiviteter främst inom ramen för" in body


def test_plan_gives_the_councils_hosts_for_eight_years(plan_2017):
    body = section(plan_2017, "6. Arbetsformer", "7. Kalendarium")
    assert (
        "Värdkommun för rådslaget År Värdkommun 2017 Nykvarn 2018 Huddinge 2019 Salem 2020 Nynäshamn "
        "2021 Botkyrka 2022 Tyresö 2023 Södertälje 2024 Haninge"
    ) in body


def test_plan_describes_the_bodies_and_when_they_meet(plan_2017):
    body = section(plan_2017, "6. Arbetsformer", "7. Kalendarium")
    assert "Ledningsgruppen består av kommundirektörerna i de åtta kommunerna." in body
    assert "Träffas minst sex gånger per år, vanligen fredagar 8.30–13.00." in body
    assert "Nyckeltal Södertörn" in body and "Äger rum 5 oktober 2017." in body


def test_plan_gives_purpose_principles_and_vision(plan_2017):
    body = text(plan_2017)
    assert "Vår samverkan ska kännetecknas av: Fokus på den gemensamma nyttan" in body
    assert "Södertörn är en attraktiv del av Stockholm-Mälarregionen, med över en halv miljon invånare" in body


def test_plan_for_a_year_without_a_budget_says_it_is_not_set(client, seed):
    Budget.objects.filter(year=2017).delete()
    response = client.get(reverse("documents:yearly_plan", args=[2017]))
    assert "Budgeten för 2017 är ännu inte fastställd." in text(response)


@pytest.mark.parametrize("year", [2016, 9999])
def test_unknown_year_is_not_found(client, seed, year):
    assert client.get(reverse("documents:yearly_plan", args=[year])).status_code == 404
