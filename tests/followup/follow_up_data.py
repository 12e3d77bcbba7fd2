"""A small programme with indicators for the follow-up's tests: the eight municipalities with their populations,
a programme in force with two focus areas, three goals and their sub-goals (one an action), and two indicators."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import Group

from apps.keyfigures.models import ComparisonValue, Indicator, KeyFigure
from apps.municipalities.models import Municipality, Population
from apps.programme.models import Adoption, FocusArea, Goal, Programme, SubGoal

MUNICIPALITIES = [
    ("Botkyrka", "0127", 90_000), ("Haninge", "0136", 80_000), ("Huddinge", "0126", 110_000),
    ("Nykvarn", "0140", 10_000), ("Nynäshamn", "0192", 30_000), ("Salem", "0128", 20_000),
    ("Södertälje", "0181", 100_000), ("Tyresö", "0138", 50_000),
]


def build(years=(2019, 2020, 2021)):
    places = {
        name: Municipality.objects.create(name=name, slug=name.lower(), code=code)
        for name, code, _inhabitants in MUNICIPALITIES
    }
    for name, _code, inhabitants in MUNICIPALITIES:
        Population.objects.create(municipality=places[name], year=2019, inhabitants=inhabitants)
    programme = Programme.objects.create(name="Utvecklingsprogram 2035", slug="program-2035", valid_from=2019)
    for place in places.values():
        Adoption.objects.create(programme=programme, municipality=place, status=Adoption.Status.ADOPTED,
                                decision_date=datetime.date(2019, 3, 1))
    education = FocusArea.objects.create(programme=programme, name="Utbildning", slug="utbildning", order=1)
    business = FocusArea.objects.create(programme=programme, name="Näringsliv", slug="naringsliv", order=2)
    higher = Goal.objects.create(focus_area=education, title="Utbildningsnivån höjs", order=1)
    vocational = Goal.objects.create(focus_area=education, title="Fler yrkesutbildningar", order=2)
    climate = Goal.objects.create(focus_area=business, title="Näringslivet växer", order=1)
    sub_goals = {
        "share": SubGoal.objects.create(goal=higher, text="Andelen med eftergymnasial utbildning ökar", order=1),
        "yh": SubGoal.objects.create(goal=vocational, text="Utbudet av YH-utbildningar ökar", order=1),
        "firms": SubGoal.objects.create(goal=climate, text="Fler nya företag", order=1),
        "action": SubGoal.objects.create(goal=climate, kind=SubGoal.Kind.ACTION, text="Vi ordnar en företagsdag",
                                         order=2),
    }
    share = Indicator.objects.create(name="Andel med eftergymnasial utbildning", slug="eftergymnasial", unit="%")
    residents = Indicator.objects.create(name="Invånare", slug="invanare", unit="personer", kolada_id="N01951")
    for year in years:
        for i, (name, _code, inhabitants) in enumerate(MUNICIPALITIES):
            KeyFigure.objects.create(indicator=share, municipality=places[name], year=year,
                                     value=Decimal(40 + i + (year - years[0])))
            KeyFigure.objects.create(indicator=residents, municipality=places[name], year=year,
                                     value=Decimal(inhabitants))
        ComparisonValue.objects.create(indicator=share, area=ComparisonValue.Area.COUNTY, year=year,
                                       value=Decimal("50.00"))
        ComparisonValue.objects.create(indicator=share, area=ComparisonValue.Area.COUNTRY, year=year,
                                       value=Decimal("45.00"))
    return {
        "places": places, "programme": programme, "areas": {"education": education, "business": business},
        "goals": {"higher": higher, "vocational": vocational, "climate": climate}, "sub_goals": sub_goals,
        "indicators": {"share": share, "residents": residents},
    }


def secretary(django_user_model):
    user = django_user_model.objects.create_user("sekreterare", "sekreterare@example.se", is_staff=True)
    user.groups.add(Group.objects.get(name="Sekretariatet"))
    return user


def official(django_user_model):
    user = django_user_model.objects.create_user("tjansteperson", "tjansteperson@example.se", is_staff=True)
    user.groups.add(Group.objects.get(name="Kommunala tjänstepersoner"))
    return user
