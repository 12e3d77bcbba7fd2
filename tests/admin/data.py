"""Portal data for admin tests: the eight municipalities, the bodies, and `years` years of meetings, budgets,
programmes, rotations and key figures, shaped like the secretariat's real data."""

import datetime
from decimal import Decimal

from apps.bodies.models import Body, Partner, Person, Role
from apps.budgets.models import Budget, BudgetLine, FeeShare
from apps.keyfigures.models import ComparisonValue, Indicator, KeyFigure
from apps.meetings.models import AgendaItem, Document, Meeting
from apps.municipalities.models import Municipality, Population
from apps.plans.models import Priority, YearlyPlan
from apps.programme.models import Adoption, FocusArea, Goal, Programme, SubGoal
from apps.rotations.models import Rotation, RotationYear

MUNICIPALITIES = [
    ("Botkyrka", "0127", 91900), ("Haninge", "0136", 86000), ("Huddinge", "0126", 109000),
    ("Nykvarn", "0140", 10300), ("Nynäshamn", "0192", 27500), ("Salem", "0128", 16600),
    ("Södertälje", "0181", 95200), ("Tyresö", "0138", 46800),
]
# The rådslag's hosts from 2017 (seed 000).
RADSLAG_ORDER = ["Nykvarn", "Huddinge", "Salem", "Nynäshamn", "Botkyrka", "Tyresö", "Södertälje", "Haninge"]
FIRST_YEAR = 2017


def make_municipalities() -> dict[str, Municipality]:
    return {
        name: Municipality.objects.create(name=name, slug=name.lower(), code=code)
        for name, code, _inhabitants in MUNICIPALITIES
    }


def make_bodies() -> dict[str, Body]:
    committee = Body.objects.create(
        name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén", slug="samarbetskommitten",
        kind=Body.Kind.COMMITTEE, usual_weekday=3, usual_start=datetime.time(12), usual_end=datetime.time(15),
        meetings_per_year=6, order=1,
    )
    management = Body.objects.create(
        name="Ledningsgruppen", short_name="Ledningsgruppen", slug="ledningsgruppen",
        kind=Body.Kind.MANAGEMENT_GROUP, usual_weekday=4, usual_start=datetime.time(8, 30),
        usual_end=datetime.time(13), meetings_per_year=6, reports_to=committee, order=2,
    )
    council = Body.objects.create(
        name="Södertörns rådslag", short_name="Rådslaget", slug="sodertorns-radslag", kind=Body.Kind.COUNCIL,
        meetings_per_year=1, order=4,
    )
    return {"committee": committee, "management": management, "council": council}


def nth_weekday(year: int, month: int, weekday: int, nth: int = 1) -> datetime.date:
    first = datetime.date(year, month, 1)
    return first + datetime.timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def build_portal(years: int = 1) -> dict:
    """Everything the admin lists, for `years` years from 2017."""
    municipalities = make_municipalities()
    bodies = make_bodies()
    committee, management, council = bodies["committee"], bodies["management"], bodies["council"]

    people = [
        Person.objects.create(name=name, title=title, municipality=municipalities[town])
        for name, title, town in [
            ("Anna Andersson", "Kommunstyrelsens ordförande", "Huddinge"),
            ("Bertil Berg", "Kommundirektör", "Botkyrka"),
            ("Cecilia Carlsson", "Sekreterare", "Huddinge"),
        ]
    ]
    for person, body, kind in [(people[0], committee, Role.Kind.CHAIR), (people[1], management, Role.Kind.MEMBER),
                               (people[2], committee, Role.Kind.SECRETARY)]:
        Role.objects.create(person=person, body=body, kind=kind, municipality=person.municipality,
                            start=datetime.date(FIRST_YEAR, 1, 1))
    for name in ["Södertörns högskola", "KTH"]:
        Partner.objects.create(name=name, kind="lärosäte").bodies.add(council)

    rotation = Rotation.objects.create(name="Värdkommun för rådslaget", slug="radslaget", body=council)
    indicators = [
        Indicator.objects.create(name="Invånare", slug="invanare", unit="personer", kolada_id="N01951"),
        Indicator.objects.create(name="Andel med eftergymnasial utbildning", slug="eftergymnasial", unit="%"),
    ]
    portal = {"municipalities": municipalities, "bodies": bodies, "rotation": rotation, "indicators": indicators,
              "meetings": [], "programme": None}
    add_years(portal, 0, years)
    return portal


def add_years(portal: dict, first_offset: int, years: int) -> None:
    """Add `years` more years of meetings, programmes, budgets … from 2017 + `first_offset`."""
    municipalities, indicators, rotation = portal["municipalities"], portal["indicators"], portal["rotation"]
    towns = list(municipalities.values())
    committee, management, council = (portal["bodies"][key] for key in ["committee", "management", "council"])
    previous = portal["programme"]
    meetings = portal["meetings"]
    for offset in range(first_offset, first_offset + years):
        year = FIRST_YEAR + offset
        for i, (name, _code, inhabitants) in enumerate(MUNICIPALITIES):
            Population.objects.create(municipality=municipalities[name], year=year,
                                      inhabitants=inhabitants + 1000 * offset, source="SCB")
            KeyFigure.objects.create(indicator=indicators[0], municipality=municipalities[name], year=year,
                                     value=Decimal(inhabitants + 1000 * offset))
            KeyFigure.objects.create(indicator=indicators[1], municipality=municipalities[name], year=year,
                                     value=Decimal("40.5") + i)
        ComparisonValue.objects.create(indicator=indicators[1], area=ComparisonValue.Area.COUNTY, year=year,
                                       value=Decimal("45.20"))
        host = municipalities[RADSLAG_ORDER[offset % 8]]
        RotationYear.objects.create(rotation=rotation, year=year, municipality=host)

        for n, month in enumerate([2, 3, 5, 6, 9, 11]):
            meeting = Meeting.objects.create(
                body=committee, date=nth_weekday(year, month, 3), status=Meeting.Status.CONFIRMED,
            )
            meeting.hosts.set([towns[(n + offset) % 8]])
            meetings.append(meeting)
            for number, title in enumerate(["Föregående protokoll", "Infrastruktur", "Övriga frågor"], start=1):
                AgendaItem.objects.create(meeting=meeting, number=number, title=title,
                                          asked=AgendaItem.Asked.INFORMATION)
            Document.objects.create(meeting=meeting, title="Kallelse", file=f"meetings/{year}/kallelse-{n}.pdf")
            later = Meeting.objects.create(body=management, date=nth_weekday(year, month, 4, 2))
            later.hosts.set([towns[(n + offset + 1) % 8], towns[(n + offset + 2) % 8]])
        radslag = Meeting.objects.create(body=council, date=datetime.date(year, 10, 12), kind=Meeting.Kind.COUNCIL)
        radslag.hosts.set([host])

        programme = Programme.objects.create(
            name=f"Utvecklingsprogram {year}", slug=f"program-{year}", valid_from=year, replaces=previous,
        )
        previous = programme
        area = FocusArea.objects.create(programme=programme, name="Infrastruktur", slug="infrastruktur")
        goal = Goal.objects.create(focus_area=area, title="Utnyttja den nya infrastrukturen", owner=management)
        sub_goal = SubGoal.objects.create(goal=goal, text="Vi verkar för Tvärförbindelse Södertörn", owner=management)
        for town in towns:
            Adoption.objects.create(programme=programme, municipality=town, status=Adoption.Status.ADOPTED,
                                    decision_date=datetime.date(year, 3, 1))
        plan = YearlyPlan.objects.create(year=year, title=f"Inriktning {year}", programme=programme)
        Priority.objects.create(plan=plan, goal=goal, text="Vi förbättrar näringslivsklimatet", order=1)
        Priority.objects.create(plan=plan, sub_goal=sub_goal, text="Tvärförbindelse Södertörn", order=2)

        budget = Budget.objects.create(year=year)
        BudgetLine.objects.create(budget=budget, kind=BudgetLine.Kind.INCOME, title="Avgifter från kommunerna",
                                  amount=Decimal(945000), is_fee=True, order=1)
        BudgetLine.objects.create(budget=budget, kind=BudgetLine.Kind.COST, title="Personal",
                                  amount=Decimal(895000), order=1)
        BudgetLine.objects.create(budget=budget, kind=BudgetLine.Kind.COST, title="Kontorsservice",
                                  amount=Decimal(50000), order=2)
        for town in towns:
            FeeShare.objects.create(budget=budget, municipality=town, amount=Decimal("118125"))
    portal["programme"] = previous
