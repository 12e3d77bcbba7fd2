"""Every public page built here runs a fixed number of queries, however much data there is.

Each page is requested with one copy of a year's worth of data and with twenty copies, under the same
ceiling: a query per meeting, host or agenda item would break it at twenty.
"""

import datetime

import pytest
from django.utils import timezone

from apps.bodies.models import Body
from apps.meetings.models import AgendaItem, Document, Meeting
from apps.municipalities.models import Municipality
from apps.programme.models import Adoption, FocusArea, Goal, Programme, SubGoal

MUNICIPALITIES = [("Botkyrka", "0127"), ("Haninge", "0136"), ("Huddinge", "0126"), ("Nykvarn", "0140"),
                  ("Nynäshamn", "0192"), ("Salem", "0128"), ("Södertälje", "0181"), ("Tyresö", "0138")]


def build(copies):
    """A programme in force and, `copies` times over, the 2017 meetings with hosts, agendas and documents."""
    municipalities = Municipality.objects.bulk_create(
        Municipality(name=name, slug=f"m{code}", code=code) for name, code in MUNICIPALITIES
    )
    committee = Body.objects.create(name="Samarbetskommittén", short_name="SK", slug="samarbetskommitten",
                                    kind=Body.Kind.COMMITTEE)
    management = Body.objects.create(name="Ledningsgruppen", short_name="LG", slug="ledningsgruppen",
                                     kind=Body.Kind.MANAGEMENT_GROUP)
    programme = Programme.objects.create(name="Utvecklingsprogram 2035", slug="2035", valid_from=2019,
                                         vision="Södertörn driver Stockholmsregionen")
    Adoption.objects.bulk_create(Adoption(programme=programme, municipality=m, status=Adoption.Status.ADOPTED)
                                 for m in municipalities)
    areas = FocusArea.objects.bulk_create(
        FocusArea(programme=programme, name=f"Infrastruktur {copy}", slug=f"infra-{copy}") for copy in range(copies)
    )
    goals = Goal.objects.bulk_create(Goal(focus_area=area, title="En stark infrastruktur", owner=committee)
                                     for area in areas)
    SubGoal.objects.bulk_create(
        SubGoal(goal=goal, text="Prioriterade infrastrukturprojekt genomförs") for goal in goals
    )

    today = timezone.localdate()
    noon, three = datetime.time(12), datetime.time(15)
    meetings = []
    for copy in range(copies):
        for month in range(1, 13):
            for body in (committee, management):
                meetings.append(Meeting(
                    body=body, date=datetime.date(2017, month, 10), start_time=noon, end_time=three,
                    place="Kommunhuset", documents_published=True, agenda_published_at=timezone.now(),
                    status=Meeting.Status.HELD,
                ))
        meetings.append(Meeting(body=committee, date=today + datetime.timedelta(days=copy + 1), place="Kommunhuset"))
        meetings.append(Meeting(body=management, date=datetime.date(2018, 1 + copy % 12, 1),
                                date_precision=Meeting.Precision.MONTH))
    meetings = Meeting.objects.bulk_create(meetings)
    Meeting.hosts.through.objects.bulk_create(
        Meeting.hosts.through(meeting_id=meeting.pk, municipality_id=host.pk)
        for number, meeting in enumerate(meetings) for host in municipalities[number % 8: number % 8 + 2]
    )
    first = meetings[0]
    items = AgendaItem.objects.bulk_create(
        AgendaItem(meeting=first, number=copy + 1, title=f"Infrastruktur, punkt {copy}", presenter="Sekretariatet")
        for copy in range(copies)
    )
    Document.objects.bulk_create(
        [Document(meeting=first, agenda_item=item, title=f"Infrastruktur, bilaga {item.number}",
                  file=f"meetings/2017/bilaga-{item.number}.pdf") for item in items]
        + [Document(meeting=first, kind=Document.Kind.MINUTES, title=f"Protokoll {copy}",
                    file=f"meetings/2017/protokoll-{copy}.pdf") for copy in range(copies)]
    )
    return first


@pytest.fixture(params=[1, 20], ids=["1x", "20x"])
def data(request, db):
    return {"copies": request.param, "meeting": build(request.param)}


# Page address -> the most queries it may run.
PAGES = {
    "/": 7,
    "/en/": 7,
    "/moten/": 5,
    "/moten/2017/": 5,
    "/moten/2017/?organ=samarbetskommitten&kommun=m0126": 5,
    "/en/moten/2017/3/": 5,
    "/moten/2018/": 5,
    "/moten/kalender.ics": 2,
    "/moten/organ/samarbetskommitten.ics": 3,
    "/moten/kommun/m0126.ics": 3,
    "/moten/2017.csv": 3,
    "/moten/2017.json": 3,
    "/moten/oppna-data/": 1,
    # The time limit and the words, then a query per kind of hit (twelve), a second for the rows of the four
    # large kinds (meetings, agenda items, decisions, documents), and the meetings' hosts and the people's roles.
    "/sok/?q=infrastruktur": 20,
    "/tillganglighet/": 0,
}


@pytest.mark.parametrize(("path", "most"), PAGES.items(), ids=list(PAGES))
def test_a_public_page_runs_a_fixed_number_of_queries(client, data, django_assert_max_num_queries, path, most):
    with django_assert_max_num_queries(most):
        response = client.get(path)
    assert response.status_code == 200


def test_the_meeting_page_runs_a_fixed_number_of_queries(client, data, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        response = client.get(f"/moten/mote/{data['meeting'].pk}/")
    assert response.status_code == 200
    assert response.content.decode().count('class="agenda-item"') == data["copies"]


def test_the_calendar_shows_every_copy_of_the_data(client, data):
    response = client.get("/en/moten/2017/")
    assert f"{24 * data['copies']} meetings" in response.content.decode()
