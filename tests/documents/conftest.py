import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from apps.bodies.models import Body, Person, Role
from apps.meetings.models import AgendaItem, Document, Meeting
from apps.municipalities.models import Municipality, Population
from apps.programme.models import Adoption, FocusArea, Goal, Programme, SubGoal


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no rendered documents, so one test's PDF is never another's cache hit."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def municipalities(db):
    # Populations decide the order of two hosts: the larger first, "Södertälje och Nykvarn".
    rows = [("Haninge", "0136", 86000), ("Nykvarn", "0140", 10300), ("Södertälje", "0181", 95200)]
    found = {}
    for name, code, inhabitants in rows:
        municipality = Municipality.objects.create(name=name, slug=name.lower().replace("ä", "a"), code=code)
        Population.objects.create(municipality=municipality, year=2016, inhabitants=inhabitants)
        found[name] = municipality
    return found


@pytest.fixture
def committee(db):
    return Body.objects.create(
        name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén", slug="samarbetskommitten",
        kind=Body.Kind.COMMITTEE, usual_weekday=3, usual_start=datetime.time(12), usual_end=datetime.time(15),
        composition="Kommunstyrelsens ordförande i var och en av de åtta Södertörnskommunerna.",
    )


@pytest.fixture
def chair(committee, municipalities):
    person = Person.objects.create(name="Åsa Öberg", title="Kommunstyrelsens ordförande",
                                   municipality=municipalities["Haninge"])
    return Role.objects.create(person=person, body=committee, kind=Role.Kind.CHAIR,
                               municipality=municipalities["Haninge"], start=datetime.date(2015, 1, 1))


@pytest.fixture
def meeting(committee, municipalities, chair):
    """The committee on 2 February 2017 in Haninge, its agenda published, with three items and an attachment."""
    meeting = Meeting.objects.create(
        body=committee, date=datetime.date(2017, 2, 2), place="Haninge kulturhus, Poseidons torg 8",
        agenda_published_at=timezone.now() - datetime.timedelta(days=1),
    )
    meeting.hosts.add(municipalities["Haninge"])
    AgendaItem.objects.create(
        meeting=meeting, number=1, title="Mötets öppnande", presenter="Ordföranden",
        asked=AgendaItem.Asked.DECISION, proposed_decision="Dagordningen godkänns.",
    )
    budget = AgendaItem.objects.create(
        meeting=meeting, number=2, title="Budget för sekretariatet 2017", presenter="Sekretariatet",
        asked=AgendaItem.Asked.DECISION, description="Avgiften från kommunerna är 945 000 kr.",
        proposed_decision="Samarbetskommittén fastställer budgeten för 2017.",
    )
    AgendaItem.objects.create(
        meeting=meeting, number=3, title="Näringslivsklimatet på Södertörn", presenter="Näringslivscheferna",
        asked=AgendaItem.Asked.DISCUSSION,
    )
    Document.objects.create(meeting=meeting, agenda_item=budget, title="Förslag till budget 2017",
                            file="meetings/2017/budget.pdf")
    return meeting


@pytest.fixture
def programme_2035(municipalities):
    programme = Programme.objects.create(
        name="Södertörns utvecklingsprogram 2035", slug="utvecklingsprogram-2035", valid_from=2019, valid_to=2022,
        vision="Södertörn driver Stockholmsregionen. Med starkt näringsliv, tillgänglighet och hållbar utveckling",
        overall_goal="Stärkt infrastruktur och effektiv samordning som stödjer en framgångsrik och hållbar utveckling",
    )
    planners = Body.objects.create(name="Planeringschefsnätverket", short_name="Planeringschefer",
                                   slug="planeringschefer", kind=Body.Kind.NETWORK)
    climate = Body.objects.create(name="Klimatstrateger", short_name="Klimatstrateger", slug="klimatstrateger",
                                  kind=Body.Kind.NETWORK)
    for order, name in enumerate(["Infrastruktur", "Utbildning", "Näringsliv", "Funktionell samordning"], start=1):
        FocusArea.objects.create(programme=programme, name=name, slug=f"omrade-{order}", order=order)
    theme = FocusArea.objects.create(programme=programme, name="Hållbar utveckling", slug="hallbar-utveckling",
                                     is_cross_cutting=True, order=5, description="Genomsyrar alla fokusområden.")
    infrastructure = programme.focus_areas.get(name="Infrastruktur")
    goal = Goal.objects.create(focus_area=infrastructure, owner=planners,
                               title="En stark infrastruktur är en förutsättning för hållbar utveckling")
    SubGoal.objects.create(goal=goal, owner=planners, order=1,
                           text="De prioriterade infrastrukturprojekten på Södertörn genomförs.")
    SubGoal.objects.create(goal=goal, owner=climate, order=2,
                           text="Klimatpåverkan från resor och transporter minskar.")
    Goal.objects.create(focus_area=theme, owner=climate, title="Klimatfrågan genomsyrar alla fokusområden")
    Adoption.objects.create(programme=programme, municipality=municipalities["Haninge"],
                            status=Adoption.Status.ADOPTED)
    return programme
