"""How long the follow-up's two PDFs take: the programme's follow-up report and Södertörns nyckeltal of a year.

    .venv/bin/python bench/report_bench.py [--runs 3] [--keep PATH]

Builds its own data in a throwaway SQLite database (the configured database is left alone): eight municipalities
with ten years of population, 30 indicators with ten years of values for each municipality (a few missing) and
for the county and the country, a programme with four focus areas and a cross-cutting theme, 15 goals and 45
sub-goals reported on for five years, the 30 indicators linked to goals and sub-goals with targets, a yearly plan
with priorities, and the key-figure presentation's text for each indicator. Then it asks the portal for both PDFs
of the last year (URL → view → PDF) with the cache emptied before each request, so that every request renders
(cold: the first request of a fresh process, then the median of --runs), and prints pages, size, queries and
seconds. The goal is under 3 s each. With --keep the database is kept at PATH (to look at the pages).
"""

import argparse
import datetime
import io
import os
import statistics
import sys
import tempfile
import time
import warnings
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="renders per document after the cold one")
    parser.add_argument("--keep", help="keep the SQLite database at this path")
    return parser.parse_args()


# Only when run: the processes that render a document's parts import this script too, under another name
# (apps/documents/parts.py).
if __name__ == "__main__":
    ARGS = _arguments()
    DB_FILE = Path(ARGS.keep) if ARGS.keep else Path(tempfile.mkdtemp(prefix="report-bench-")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{DB_FILE}"
    # Production settings: DEBUG off (no template debugging, no query log but the one the bench asks for).
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("SECRET_KEY", "report-bench-only-secret-key-0123456789abcdef")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    os.environ["SECURE_SSL_REDIRECT"] = "0"
    os.environ["OTP_REQUIRED_FOR_ADMINS"] = "0"
    os.environ["STATICFILES_STORAGE"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    os.environ["CACHE_URL"] = "locmemcache://report-bench"
    warnings.filterwarnings("ignore", message="No directory at")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sodertorn.settings")

    import django

    django.setup()

    from django.conf import settings
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings
    from django.urls import reverse
    from django.utils import timezone
    from pypdf import PdfReader

    from apps.documents import parts
    from apps.followup.models import FollowUp, IndicatorLink, PresentationText, ProgressReport
    from apps.keyfigures.models import ComparisonValue, Indicator, KeyFigure
    from apps.municipalities.models import Municipality, Population
    from apps.plans.models import Priority, YearlyPlan
    from apps.programme.models import FocusArea, Goal, Programme, SubGoal


MUNICIPALITIES = [
    ("Botkyrka", "0127", 91900), ("Haninge", "0136", 86000), ("Huddinge", "0126", 109000),
    ("Nykvarn", "0140", 10300), ("Nynäshamn", "0192", 27500), ("Salem", "0128", 16600),
    ("Södertälje", "0181", 95200), ("Tyresö", "0138", 46800),
]
INDICATORS = 30
YEARS = list(range(2014, 2024))
YEAR = YEARS[-1]
REPORTED = YEARS[-5:]


def build_data():
    towns = []
    for name, code, inhabitants in MUNICIPALITIES:
        town = Municipality.objects.create(name=name, slug=name.lower().replace("ä", "a").replace("ö", "o"), code=code)
        towns.append(town)
        Population.objects.bulk_create([
            Population(municipality=town, year=year, inhabitants=inhabitants + (year - YEARS[0]) * 900)
            for year in YEARS
        ])
    programme = Programme.objects.create(
        name="Södertörns utvecklingsprogram 2035", slug="utvecklingsprogram-2035", valid_from=2019,
        vision="Södertörn driver Stockholmsregionen. Med starkt näringsliv, tillgänglighet och hållbar utveckling",
    )
    names = ["Infrastruktur", "Utbildning", "Näringsliv", "Funktionell samordning", "Hållbar utveckling"]
    goals, sub_goals = [], []
    for order, name in enumerate(names, start=1):
        area = FocusArea.objects.create(programme=programme, name=name, slug=f"omrade-{order}", order=order,
                                        is_cross_cutting=name == "Hållbar utveckling")
        for g in range(1, 4):
            goal = Goal.objects.create(focus_area=area, order=g, title=f"Mål {g} inom {name.lower()}")
            goals.append(goal)
            for s in range(1, 4):
                sub_goals.append(SubGoal.objects.create(
                    goal=goal, order=s, text=f"Delmål {s}: tillgängligheten ökar och klimatpåverkan minskar."))
    for year in REPORTED:
        FollowUp.objects.create(programme=programme, year=year, done_at=timezone.now())
    ProgressReport.objects.bulk_create([
        ProgressReport(sub_goal=sub_goal, year=year, status=SubGoal.Status.ONGOING,
                       percentage=min(100, 10 + 15 * (year - REPORTED[0]) + number % 20),
                       comment=f"Arbetet med delmålet fortsätter; {number % 7 + 1} kommuner har rapporterat.")
        for number, sub_goal in enumerate(sub_goals) for year in REPORTED if (number + year) % 9
    ])
    figures, comparisons, links = [], [], []
    for number in range(INDICATORS):
        indicator = Indicator.objects.create(name=f"Nyckeltal {number + 1}: andel invånare 25–64 år med "
                                                  "eftergymnasial utbildning", slug=f"nyckeltal-{number + 1}",
                                             unit="%", kolada_id=f"N{number:05d}")
        target = {"goal": goals[number % len(goals)]} if number % 2 else {"sub_goal": sub_goals[number]}
        links.append(IndicatorLink(indicator=indicator, order=number, baseline_year=YEARS[0],
                                   baseline_value=Decimal("30.0"), target_value=Decimal("45.0"), target_year=2030,
                                   aggregation=IndicatorLink.Aggregation.WEIGHTED_MEAN, **target))
        for year in YEARS:
            for area in ("county", "country"):
                comparisons.append(ComparisonValue(indicator=indicator, area=area, year=year,
                                                   value=Decimal(40 + (year - 2000) / 4 + (area == "country"))))
            for t, town in enumerate(towns):
                if (number + t + year) % 37 == 0:
                    continue  # missing, as Kolada has gaps
                figures.append(KeyFigure(indicator=indicator, municipality=town, year=year,
                                         value=Decimal(f"{25 + t * 2 + (year - 2000) * 0.6 + number % 5:.1f}")))
    IndicatorLink.objects.bulk_create(links)
    KeyFigure.objects.bulk_create(figures)
    ComparisonValue.objects.bulk_create(comparisons)
    PresentationText.objects.bulk_create([
        PresentationText(indicator=indicator, year=YEAR, text="Andelen fortsätter att öka i alla kommuner utom en; "
                         "Södertörn närmar sig länet men skillnaden mellan kommunerna är stor.")
        for indicator in Indicator.objects.all()
    ])
    plan = YearlyPlan.objects.create(year=YEAR, title=f"Samverkan på Södertörn – inriktning {YEAR}",
                                     programme=programme)
    Priority.objects.bulk_create([
        Priority(plan=plan, goal=goal, order=n, text="Vi positionerar Södertörn i den regionala planeringen")
        for n, goal in enumerate(goals)
    ])
    return programme


def page_count(pdf):
    return len(PdfReader(io.BytesIO(pdf)).pages)


def render(client, url, processes):
    cache.clear()  # nothing cached: every request renders
    with override_settings(PDF_PROCESSES=processes), CaptureQueriesContext(connection) as queries:
        start = time.perf_counter()
        response = client.get(url)
        seconds = time.perf_counter() - start
    assert response.status_code == 200 and response["X-Document-Cache"] == "miss", response.status_code
    return seconds, len(queries), response.content


def main():
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    programme = build_data()
    print(f"data: {INDICATORS} indicators × {len(MUNICIPALITIES)} municipalities × {len(YEARS)} years, "
          f"{KeyFigure.objects.count()} values, {SubGoal.objects.count()} sub-goals, built in "
          f"{time.perf_counter() - started:.1f} s")
    client = Client(HTTP_HOST="localhost")
    documents = [
        (f"Follow-up report {YEAR}", reverse("followup:report_pdf", args=[programme.slug, YEAR])),
        (f"Södertörns nyckeltal {YEAR}", reverse("followup:key_figures_pdf", args=[YEAR])),
    ]
    # As the web server does as it starts (sodertorn/wsgi.py): the render processes' server loads WeasyPrint.
    processes = settings.PDF_PROCESSES
    parts.start(processes)
    time.sleep(3)
    # Wall-clock seconds: in parts, in the processes the settings give, and in this process alone, one after the
    # other so that both see the same machine (its speed drifts).
    print(f"load average before: {os.getloadavg()[0]:.1f}; {processes} render processes")
    print(f"{'document':<28}{'pages':>6}{'KiB':>6}{'queries':>9}{'cold (s)':>10}{'median (s)':>12}"
          f"{'one process: cold, median (s)':>32}")
    for name, url in documents:
        cold, queries, pdf = render(client, url, processes)
        alone, _queries, _pdf = render(client, url, 1)
        runs = [(render(client, url, processes)[0], render(client, url, 1)[0]) for _ in range(ARGS.runs)]
        print(f"{name:<28}{page_count(pdf):>6}{len(pdf) // 1024:>6}{queries:>9}{cold:>10.2f}"
              f"{statistics.median(r[0] for r in runs):>12.2f}{alone:>22.2f}{statistics.median(r[1] for r in runs):>10.2f}")
    pages = [
        (f"page: follow-up {YEAR}", reverse("followup:report", args=[programme.slug, YEAR])),
        (f"page: nyckeltal {YEAR}", reverse("followup:key_figures", args=[YEAR])),
    ]
    for name, url in pages:
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            seconds = time.perf_counter() - start
        assert response.status_code == 200
        print(f"{name:<28}{'':>6}{len(response.content) // 1024:>6}{len(queries):>9}{seconds:>10.2f}")
    if ARGS.keep:
        print(f"database kept: {DB_FILE} ({datetime.datetime.now():%H:%M})")


if __name__ == "__main__":
    main()
