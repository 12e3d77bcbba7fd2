"""How long the printed documents take, and how much the portal adds to WeasyPrint.

    .venv/bin/python bench/pdf_bench.py [--runs 5]

Builds its own data in a throwaway SQLite database (the configured database is left alone), then
prints pages and seconds for each document type, rendered through the portal (URL → view → PDF),
and compares an agenda of 20 items through the portal with WeasyPrint alone on the same HTML.
The target is a ratio of at most 1.2. Finally it shows what a cached document costs.
"""

import argparse
import datetime
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_FILE = Path(tempfile.mkdtemp(prefix="pdf-bench-")) / "bench.sqlite3"
os.environ["DATABASE_URL"] = f"sqlite:///{DB_FILE}"
os.environ["DEBUG"] = "1"
os.environ["CACHE_URL"] = "locmemcache://pdf-bench"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sodertorn.settings")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from pypdf import PdfReader  # noqa: E402
from weasyprint import HTML  # noqa: E402

from apps.bodies.models import Body, Person, Role  # noqa: E402
from apps.budgets.models import Budget, BudgetLine  # noqa: E402
from apps.documents import views  # noqa: E402
from apps.documents.pdf import render_html  # noqa: E402
from apps.documents.render import PDF_VARIANT  # noqa: E402
from apps.meetings.models import AgendaItem, Document, Meeting  # noqa: E402
from apps.municipalities.models import Municipality, Population  # noqa: E402
from apps.plans.models import Priority, YearlyPlan  # noqa: E402
from apps.programme.models import FocusArea, Goal, Programme, SubGoal  # noqa: E402
from apps.rotations.models import Rotation, RotationYear  # noqa: E402

MUNICIPALITIES = [
    ("Botkyrka", "0127", 91900), ("Haninge", "0136", 86000), ("Huddinge", "0126", 109000),
    ("Nykvarn", "0140", 10300), ("Nynäshamn", "0192", 27500), ("Salem", "0128", 16600),
    ("Södertälje", "0181", 95200), ("Tyresö", "0138", 46800),
]


def build_data():
    """Eight municipalities, the bodies, a year of meetings, a 20-item agenda, a programme, a plan and a budget."""
    towns = []
    for name, code, inhabitants in MUNICIPALITIES:
        town = Municipality.objects.create(name=name, slug=code, code=code)
        Population.objects.create(municipality=town, year=2017, inhabitants=inhabitants)
        towns.append(town)
    committee = Body.objects.create(
        name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén", slug="samarbetskommitten",
        kind=Body.Kind.COMMITTEE, usual_weekday=3, usual_start=datetime.time(12), usual_end=datetime.time(15),
        meetings_per_year=6, order=1, description="Kommunstyrelsernas ordförande samverkar för Södertörn.",
        composition="Kommunstyrelsens ordförande i var och en av de åtta Södertörnskommunerna.",
    )
    group = Body.objects.create(
        name="Ledningsgruppen", short_name="Ledningsgruppen", slug="ledningsgruppen", order=2,
        kind=Body.Kind.MANAGEMENT_GROUP, usual_weekday=4, usual_start=datetime.time(8, 30),
        usual_end=datetime.time(13), meetings_per_year=6, composition="Kommundirektörerna i de åtta kommunerna.",
    )
    council = Body.objects.create(name="Södertörns rådslag", short_name="Rådslaget", slug="radslaget",
                                  kind=Body.Kind.COUNCIL, order=3)
    network = Body.objects.create(name="Planeringschefsnätverket", short_name="Planeringschefer",
                                  slug="planeringschefer", kind=Body.Kind.NETWORK, order=4)
    for town in towns:
        person = Person.objects.create(name=f"Ordförande i {town.name}", title="Kommunstyrelsens ordförande",
                                       municipality=town)
        Role.objects.create(person=person, body=committee, municipality=town,
                            kind=Role.Kind.CHAIR if town.name == "Huddinge" else Role.Kind.MEMBER)

    days = [datetime.date(2017, 2, 2), datetime.date(2017, 3, 23), datetime.date(2017, 6, 1),
            datetime.date(2017, 9, 14), datetime.date(2017, 10, 26), datetime.date(2017, 12, 7)]
    meetings = []
    for day, town in zip(days, towns):
        meeting = Meeting.objects.create(body=committee, date=day, agenda_published_at=timezone.now())
        meeting.hosts.add(town)
        meetings.append(meeting)
    for month in (1, 3, 4):
        Meeting.objects.create(body=committee, date=datetime.date(2018, month, 1),
                               date_precision=Meeting.Precision.MONTH).hosts.add(towns[month % 8])
    for day in (20, 24):
        Meeting.objects.create(body=group, date=datetime.date(2017, 1 if day == 20 else 2, day))
    Meeting.objects.create(body=group, kind=Meeting.Kind.PLANNING_CONFERENCE, date=datetime.date(2017, 4, 6),
                           end_date=datetime.date(2017, 4, 7))
    Meeting.objects.create(body=council, kind=Meeting.Kind.COUNCIL, date=datetime.date(2017, 3, 30)).hosts.add(
        towns[3]
    )

    agenda = meetings[0]
    for number in range(1, 21):
        item = AgendaItem.objects.create(
            meeting=agenda, number=number, title=f"Ärende {number}: samverkan kring infrastruktur och näringsliv",
            presenter="Sekretariatet", asked=AgendaItem.Asked.choices[number % 3][0],
            description="Bakgrund: sekretariatet redogör för läget och för vad kommunerna har gjort. " * 4,
            proposed_decision=f"Samarbetskommittén godkänner förslaget i ärende {number}." if number % 3 == 2 else "",
        )
        if number % 4 == 0:
            Document.objects.create(meeting=agenda, agenda_item=item, title=f"Underlag till ärende {number}",
                                    file=f"meetings/2017/underlag-{number}.pdf")

    programme = Programme.objects.create(
        name="Södertörns utvecklingsprogram 2035", slug="utvecklingsprogram-2035", valid_from=2019, valid_to=2022,
        vision="Södertörn driver Stockholmsregionen. Med starkt näringsliv, tillgänglighet och hållbar utveckling",
        overall_goal="Stärkt infrastruktur och effektiv samordning som stödjer en framgångsrik och hållbar utveckling",
        summary="De åtta Södertörnskommunerna har sedan 2007 ett gemensamt utvecklingsprogram för Södertörn.\n\n" * 3,
    )
    names = ["Infrastruktur", "Utbildning", "Näringsliv", "Funktionell samordning", "Hållbar utveckling"]
    first_goal = None
    for order, name in enumerate(names, start=1):
        area = FocusArea.objects.create(programme=programme, name=name, slug=f"omrade-{order}", order=order,
                                        is_cross_cutting=name == "Hållbar utveckling")
        for g in range(1, 4):
            goal = Goal.objects.create(focus_area=area, owner=network, order=g,
                                       title=f"Mål {g} inom {name.lower()} för en hållbar utveckling")
            first_goal = first_goal or goal
            for s in range(1, 4):
                SubGoal.objects.create(goal=goal, owner=network, order=s,
                                       text=f"Delmål {s}: tillgängligheten ökar och klimatpåverkan minskar.")

    plan = YearlyPlan.objects.create(
        year=2017, title="Samverkan på Södertörn – inriktning 2017", programme=programme,
        introduction="Södertörns åtta kommuner är en attraktiv del av Stockholmsregionen.\n\n" * 4,
        purpose="Vi samverkar för att stärka den kommunala och den regionala utvecklingen.",
        principles="Fokus på den gemensamma nyttan\nRespekt för den demokratiska processen",
        vision="Södertörn är en attraktiv del av Stockholm-Mälarregionen.",
        cooperation_areas="Regionala utvecklingsfrågor | Syftar till att utveckla Södertörn | Programmet",
        other_priorities="Omvärldsbevakning\n\nVi utvecklar kontaktnät mellan företrädare för Södertörn.",
        working_forms="Samverkan på Södertörn bygger på varje kommuns eget intresse.",
    )
    Priority.objects.create(plan=plan, goal=first_goal, text="Vi positionerar Södertörn i RUFS 2050")
    rotation = Rotation.objects.create(name="Värdkommun för rådslaget", slug="radslaget", body=council)
    for year, town in zip(range(2017, 2025), towns):
        RotationYear.objects.create(rotation=rotation, year=year, municipality=town)
    budget = Budget.objects.create(year=2017)
    BudgetLine.objects.create(budget=budget, kind=BudgetLine.Kind.INCOME, title="Avgifter från kommunerna",
                              amount=945000, is_fee=True)
    BudgetLine.objects.create(budget=budget, kind=BudgetLine.Kind.COST, title="Personal", amount=895000, order=1)
    BudgetLine.objects.create(budget=budget, kind=BudgetLine.Kind.COST, title="Kontorsservice", amount=50000, order=2)
    return agenda, programme, plan


def best_and_median(fn, runs):
    times = []
    result = None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times), statistics.median(times), result


def through_portal(client, url):
    def get():
        cache.clear()  # every run renders, as on the first request after a change
        response = client.get(url)
        assert response.status_code == 200 and response["X-Document-Cache"] == "miss", response.status_code
        return response.content
    return get


def page_count(pdf):
    return len(PdfReader(io.BytesIO(pdf)).pages)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="renders per measurement (best and median shown)")
    runs = parser.parse_args().runs

    call_command("migrate", verbosity=0)
    agenda, programme, plan = build_data()
    client = Client(HTTP_HOST="localhost")
    documents = [
        ("Agenda, 20 items", reverse("documents:agenda", args=[agenda.pk])),
        ("Programme", reverse("documents:programme", args=[programme.slug])),
        ("Yearly plan 2017", reverse("documents:yearly_plan", args=[plan.year])),
    ]
    through_portal(client, documents[0][1])()  # warm-up: fonts, templates, first connection

    print(f"{'Document':<24}{'pages':>6}{'best (s)':>10}{'median (s)':>12}")
    for name, url in documents:
        best, median, pdf = best_and_median(through_portal(client, url), runs)
        print(f"{name:<24}{page_count(pdf):>6}{best:>10.3f}{median:>12.3f}")

    # The same agenda: the whole request through the portal against WeasyPrint alone on the same HTML.
    context = views.agenda_context(Meeting.objects.select_related("body").get(pk=agenda.pk), show_items=True)
    html = render_html("documents/agenda.html", context)

    def weasyprint_alone():
        return HTML(string=html).write_pdf(pdf_variant=PDF_VARIANT)

    rounds = max(runs, 7)
    portal_best, portal_median, _ = best_and_median(through_portal(client, documents[0][1]), rounds)
    alone_best, alone_median, _ = best_and_median(weasyprint_alone, rounds)
    ratio = portal_median / alone_median
    print()
    print(f"Agenda with 20 items, median of {rounds} renders:")
    print(f"  through the portal  {portal_median:.3f} s (best {portal_best:.3f})")
    print(f"  WeasyPrint alone    {alone_median:.3f} s (best {alone_best:.3f})")
    print(f"  ratio               {ratio:.2f} (target ≤ 1.20) {'OK' if ratio <= 1.2 else 'OVER TARGET'}")

    client.get(documents[0][1])
    best, median, _ = best_and_median(lambda: client.get(documents[0][1]), runs)
    print(f"  from the cache      {median * 1000:.1f} ms (no render)")
    DB_FILE.unlink(missing_ok=True)
    DB_FILE.parent.rmdir()
    return 0 if ratio <= 1.2 else 1


if __name__ == "__main__":
    sys.exit(main())
