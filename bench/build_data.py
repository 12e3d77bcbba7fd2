"""Fills the configured (empty, migrated) database with thirty years of a busy secretariat, for bench/run.

    DATABASE_URL=postgres://… .venv/bin/python bench/build_data.py [--quick]

The seed data first (fixtures/seed.json), then, with bulk_create so it takes seconds: meetings of every
body for 2000–2030 (about 5 000), 20 000 agenda items, two more programme versions with focus areas,
goals and sub-goals (five in all), a yearly plan, a budget with fee shares, populations and key figures
for every year, and the host rotations over the whole period. --quick makes a tenth of it (2015–2020).

bulk_create skips save() and the signals: the rows get no simple_history entries and Meeting.complete()
does not run, so what save() would fill in (the body's usual hours) is set here.
"""

import argparse
import datetime
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sodertorn.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.bodies.models import Body, Person, Role  # noqa: E402
from apps.budgets.models import Budget, BudgetLine, FeeShare  # noqa: E402
from apps.keyfigures.models import Indicator, KeyFigure  # noqa: E402
from apps.meetings.models import AgendaItem, Meeting  # noqa: E402
from apps.municipalities.models import Municipality, Population  # noqa: E402
from apps.plans.models import Priority, YearlyPlan  # noqa: E402
from apps.programme.models import Adoption, FocusArea, Goal, Programme, SubGoal  # noqa: E402
from apps.rotations.models import Rotation, RotationYear  # noqa: E402

BATCH = 2000
# Meetings a year per body slug (networks meet about every second week), and items on a published agenda.
PER_YEAR = {
    "samarbetskommitten": 6, "ledningsgruppen": 10, "sodertornskonferensen": 1, "sodertorns-radslag": 1,
    "nyckeltal-sodertorn": 1, "planeringschefsnatverket": 36, "naringslivschefsnatverket": 36,
    "yh-natverket": 36, "klimatstrateger": 36,
}
ITEMS = {"samarbetskommitten": 20, "ledningsgruppen": 15}
SUBJECTS = [
    "samverkan kring infrastruktur och kollektivtrafik", "näringslivsklimatet på Södertörn",
    "kompetensförsörjning och yrkeshögskola", "klimatomställning och energi", "bostadsförsörjning",
    "regional utvecklingsplan (RUFS)", "Södertörns högskola och forskning", "trygghet och brottsförebyggande arbete",
    "digitalisering av kommunala tjänster", "budget och avgifter för samarbetet",
]
TEXT = ("Sekretariatet redogör för läget i samverkan mellan de åtta Södertörnskommunerna och för vad "
        "nätverken har gjort sedan förra mötet. ")


def meeting_days(count, year, weekday):
    """`count` days spread over the year, on `weekday` where the body has one, skipping July."""
    months = [m for m in range(1, 13) if m != 7]
    days = []
    for i in range(count):
        month = months[i * len(months) // count]
        day = datetime.date(year, month, 1 + (i * 9) % 21)
        if weekday is not None:
            day += datetime.timedelta(days=(weekday - day.weekday()) % 7)
        days.append(day)
    return days


def build_meetings(first_year, last_year, rng, today):
    bodies = {body.slug: body for body in Body.objects.all()}
    towns = list(Municipality.objects.order_by("pk"))
    meetings, hosts = [], []
    now = timezone.now()
    for year in range(first_year, last_year + 1):
        for slug, per_year in PER_YEAR.items():
            body = bodies[slug]
            weekday = body.usual_weekday if body.usual_weekday is not None else rng.randrange(5)
            for n, day in enumerate(meeting_days(per_year, year, weekday)):
                meeting = Meeting(body=body, date=day, place="Kommunhuset" if n % 5 == 0 else "")
                if body.kind == Body.Kind.NETWORK:
                    meeting.start_time, meeting.end_time = datetime.time(9), datetime.time(11, 30)
                elif body.kind in (Body.Kind.COMMITTEE, Body.Kind.MANAGEMENT_GROUP):
                    meeting.start_time, meeting.end_time = body.usual_start, body.usual_end
                else:
                    meeting.kind = {"conference": "conference", "council": "council"}.get(body.kind, "key_figure_day")
                if body.kind == Body.Kind.COMMITTEE and year >= today.year + 2:
                    # Far ahead only the month is known, as in the secretariat's real plans.
                    meeting.date, meeting.date_precision = day.replace(day=1), Meeting.Precision.MONTH
                    meeting.start_time = meeting.end_time = None
                if day < today:
                    meeting.status = Meeting.Status.CANCELLED if rng.random() < 0.02 else Meeting.Status.HELD
                    meeting.documents_published = True
                elif day < today + datetime.timedelta(days=60):
                    meeting.status = Meeting.Status.CONFIRMED
                if meeting.date_precision == Meeting.Precision.DAY and day < today + datetime.timedelta(days=14):
                    meeting.agenda_published_at = min(
                        now, datetime.datetime.combine(day, datetime.time(8), tzinfo=datetime.UTC)
                        - datetime.timedelta(days=7),
                    )
                meetings.append(meeting)
                if body.kind != Body.Kind.MANAGEMENT_GROUP:
                    hosts.append([towns[(year + n) % len(towns)]] + ([towns[n % len(towns)]] if n % 7 == 0 else []))
                else:
                    hosts.append([])
        # A two-day planning conference of the committee each year.
        day = datetime.date(year, 8, 16)
        meetings.append(Meeting(body=bodies["samarbetskommitten"], kind=Meeting.Kind.PLANNING_CONFERENCE, date=day,
                                end_date=day + datetime.timedelta(days=1),
                                status=Meeting.Status.HELD if day < today else Meeting.Status.PLANNED))
        hosts.append([towns[year % len(towns)]])
    Meeting.objects.bulk_create(meetings, batch_size=BATCH)
    through = Meeting.hosts.through
    through.objects.bulk_create(
        [through(meeting_id=m.pk, municipality_id=t.pk) for m, ts in zip(meetings, hosts) for t in set(ts)],
        batch_size=BATCH,
    )
    return meetings


def build_agenda_items(meetings, total, rng):
    """`total` items on the published agendas: 20 for the committee, 15 for the management group, and the
    rest spread evenly over the networks' meetings."""
    published = [m for m in meetings if m.agenda_published_at is not None]
    networks = [m for m in published if m.body.kind == Body.Kind.NETWORK]
    network_index = {id(m): n for n, m in enumerate(networks)}
    fixed = sum(ITEMS.get(m.body.slug, 0) for m in published)
    items = []
    for meeting in published:
        if meeting.body.kind == Body.Kind.NETWORK:
            # The n-th network meeting gets its share of what is left, rounded down or up.
            n = network_index[id(meeting)]
            count = (total - fixed) * (n + 1) // len(networks) - (total - fixed) * n // len(networks)
        else:
            count = ITEMS.get(meeting.body.slug, 0)
        for number in range(1, count + 1):
            subject = SUBJECTS[rng.randrange(len(SUBJECTS))]
            asked = AgendaItem.Asked.values[number % 3]
            items.append(AgendaItem(
                meeting=meeting, number=number, title=f"Ärende {number}: {subject}", description=TEXT * 3,
                presenter="Sekretariatet" if number % 2 else "Ledningsgruppen", asked=asked,
                proposed_decision=f"Mötet godkänner förslaget om {subject}." if asked == "decision" else "",
            ))
    AgendaItem.objects.bulk_create(items, batch_size=BATCH)
    return len(items)


def build_programmes(networks):
    """Two more versions after the seed's three, each five focus areas × four goals × five sub-goals."""
    towns = list(Municipality.objects.all())
    newest = Programme.objects.get(slug="utvecklingsprogram-2035")
    created = []
    for valid_from, name in ((2027, "Södertörns utvecklingsprogram 2040 (testdata)"),
                             (2031, "Södertörns utvecklingsprogram 2045 (testdata)")):
        newest = Programme.objects.create(
            name=name, slug=f"utvecklingsprogram-{valid_from + 13}-testdata", valid_from=valid_from,
            valid_to=valid_from + 3, replaces=newest,
            vision="Södertörn driver Stockholmsregionen.", overall_goal="Stärkt infrastruktur och effektiv samordning.",
            summary="Ett påhittat programutkast för prestandamätningen.\n\n" * 3,
        )
        created.append(newest)
        Adoption.objects.bulk_create([Adoption(programme=newest, municipality=town) for town in towns])
        areas = FocusArea.objects.bulk_create([
            FocusArea(programme=newest, name=area, slug=f"omrade-{order}", order=order,
                      is_cross_cutting=order == 5, description=TEXT)
            for order, area in enumerate(
                ["Infrastruktur", "Utbildning", "Näringsliv", "Funktionell samordning", "Hållbar utveckling"], 1)
        ])
        goals = Goal.objects.bulk_create([
            Goal(focus_area=area, order=g, owner=networks[(area.order + g) % len(networks)],
                 title=f"Mål {g} inom {area.name.lower()}", description=TEXT)
            for area in areas for g in range(1, 5)
        ])
        SubGoal.objects.bulk_create([
            SubGoal(goal=goal, order=s, owner=networks[s % len(networks)], progress=(goal.order * s * 7) % 101,
                    status=SubGoal.Status.ONGOING, text=f"Delmål {s}: {SUBJECTS[(goal.order + s) % len(SUBJECTS)]}.")
            for goal in goals for s in range(1, 6)
        ])
    return created


def programme_for(year, programmes):
    """The version a year's plan follows: the last one that had started by then."""
    started = [p for p in programmes if p.valid_from <= year]
    return max(started, key=lambda p: p.valid_from) if started else min(programmes, key=lambda p: p.valid_from)


def build_years(first_year, last_year, rng):
    towns = list(Municipality.objects.order_by("pk"))
    # The seed holds no populations (they are demonstration data): about 480 000 inhabitants in 2017 shared by eight.
    latest = {t.pk: Population.objects.filter(municipality=t).order_by("-year").first() for t in towns}
    base = {pk: population.inhabitants if population else 60_000 for pk, population in latest.items()}
    years = range(first_year, last_year + 1)

    have = set(Population.objects.values_list("municipality_id", "year"))
    Population.objects.bulk_create([
        Population(municipality=t, year=y, inhabitants=int(base[t.pk] * (1 + 0.012 * (y - 2017))), source="testdata")
        for t in towns for y in years if (t.pk, y) not in have
    ])

    indicators = list(Indicator.objects.all()) + Indicator.objects.bulk_create([
        Indicator(name=f"Nyckeltal {n} (testdata)", slug=f"nyckeltal-{n}", unit="%", is_sample=True)
        for n in range(1, 9)
    ])
    have = set(KeyFigure.objects.values_list("indicator_id", "municipality_id", "year"))
    KeyFigure.objects.bulk_create([
        KeyFigure(indicator=i, municipality=t, year=y, value=Decimal(rng.randrange(1000, 9000)) / 100)
        for i in indicators for t in towns for y in years if (i.pk, t.pk, y) not in have
    ], batch_size=BATCH)

    have = set(Budget.objects.values_list("year", flat=True))
    budgets = Budget.objects.bulk_create([
        Budget(year=y, fee_key=Budget.FeeKey.POPULATION, population_year=y - 1, status=Budget.Status.ADOPTED)
        for y in years if y not in have
    ])
    lines, shares = [], []
    for budget in budgets:
        fee = Decimal(900_000 + 20_000 * (budget.year - first_year))
        lines += [
            BudgetLine(budget=budget, kind="income", title="Avgifter från kommunerna", amount=fee, is_fee=True,
                       order=1),
            BudgetLine(budget=budget, kind="income", title="Projektmedel", amount=Decimal(150_000), order=2),
            BudgetLine(budget=budget, kind="cost", title="Personal", amount=fee - 60_000, order=1),
            BudgetLine(budget=budget, kind="cost", title="Kontorsservice", amount=Decimal(50_000), order=2),
            BudgetLine(budget=budget, kind="cost", title="Konferenser", amount=Decimal(110_000), order=3),
            BudgetLine(budget=budget, kind="cost", title="Övrigt", amount=Decimal(10_000), order=4),
        ]
        population = sum(base.values())
        shares += [FeeShare(budget=budget, municipality=t, amount=round(fee * base[t.pk] / population))
                   for t in towns]
    BudgetLine.objects.bulk_create(lines)
    FeeShare.objects.bulk_create(shares)

    programmes = list(Programme.objects.all())
    goals_of = {p.pk: list(Goal.objects.filter(focus_area__programme=p)) for p in programmes}
    fallback = goals_of[Programme.objects.get(slug="utvecklingsprogram-2013").pk]
    have = set(YearlyPlan.objects.values_list("year", flat=True))
    plans = YearlyPlan.objects.bulk_create([
        YearlyPlan(year=y, title=f"Samverkan på Södertörn – inriktning {y}", programme=programme_for(y, programmes),
                   introduction=TEXT * 4, purpose="Vi samverkar för att stärka den regionala utvecklingen.",
                   principles="Fokus på den gemensamma nyttan\nRespekt för den demokratiska processen",
                   vision="Södertörn är en attraktiv del av Stockholm-Mälarregionen.", working_forms=TEXT)
        for y in years if y not in have
    ])
    Priority.objects.bulk_create([
        Priority(plan=plan, goal=goal, order=n, text=f"Vi prioriterar {SUBJECTS[(plan.year + n) % len(SUBJECTS)]}")
        for plan in plans
        for n, goal in enumerate((goals_of[plan.programme_id] or fallback)[:8], start=1)
    ])

    # The rådslag's seed order continued backwards and forwards, and a second rotation for the conference.
    radslaget = Rotation.objects.get(slug="radslaget")
    order = [row.municipality_id for row in radslaget.years.order_by("year")]
    start = radslaget.years.order_by("year").first().year
    conference = Rotation.objects.create(name="Värdkommun för Södertörnskonferensen (testdata)",
                                         slug="konferensen", body=Body.objects.get(slug="sodertornskonferensen"))
    have = set(radslaget.years.values_list("year", flat=True))
    RotationYear.objects.bulk_create(
        [RotationYear(rotation=radslaget, year=y, municipality_id=order[(y - start) % len(order)])
         for y in years if y not in have]
        + [RotationYear(rotation=conference, year=y, municipality_id=order[(y - start + 3) % len(order)])
           for y in years]
    )


def build_people():
    """A chair and members in the committee and the management group, so agendas list who is called."""
    towns = list(Municipality.objects.order_by("pk"))
    committee, group = Body.objects.get(slug="samarbetskommitten"), Body.objects.get(slug="ledningsgruppen")
    people = Person.objects.bulk_create(
        [Person(name=f"Ordförande i {t.name}", title="Kommunstyrelsens ordförande", municipality=t) for t in towns]
        + [Person(name=f"Kommundirektör i {t.name}", title="Kommundirektör", municipality=t) for t in towns]
    )
    Role.objects.bulk_create(
        [Role(person=p, body=committee, municipality=p.municipality, kind="chair" if n == 2 else "member")
         for n, p in enumerate(people[:8])]
        + [Role(person=p, body=group, municipality=p.municipality) for p in people[8:]]
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="2015–2020 and 2 000 agenda items")
    quick = parser.parse_args().quick
    first_year, last_year, total_items = (2015, 2020, 2_000) if quick else (2000, 2030, 20_000)
    rng = random.Random(2017)
    today = timezone.localdate()

    started = time.perf_counter()
    call_command("loaddata", "seed", verbosity=0)
    with transaction.atomic():
        networks = list(Body.objects.filter(kind=Body.Kind.NETWORK))
        meetings = build_meetings(first_year, last_year, rng, today)
        items = build_agenda_items(meetings, total_items, rng)
        build_programmes(networks)
        build_years(first_year, last_year, rng)
        build_people()
    with connection.cursor() as cursor:
        # Fresh statistics and visibility maps, as a database that has lived a while has; and autovacuum
        # then has nothing left to do on these tables while the pages are measured.
        cursor.execute("VACUUM ANALYZE")
    seconds = time.perf_counter() - started
    print(f"  {Meeting.objects.count()} meetings {first_year}–{last_year}, {AgendaItem.objects.count()} agenda items "
          f"({items} new), {Programme.objects.count()} programme versions, {SubGoal.objects.count()} sub-goals, "
          f"{YearlyPlan.objects.count()} yearly plans, {Budget.objects.count()} budgets, "
          f"{KeyFigure.objects.count()} key figures — built in {seconds:.1f} s")


if __name__ == "__main__":
    main()
