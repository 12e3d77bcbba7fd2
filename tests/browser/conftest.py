"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server."""

import datetime
import os

import pytest
from django.utils import timezone

# Playwright's sync API runs an event loop in this thread, which Django would take for async code.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

from playwright.sync_api import sync_playwright  # noqa: E402

from apps.bodies.models import Body  # noqa: E402
from apps.meetings.models import AgendaItem, Document, Meeting  # noqa: E402
from apps.municipalities.models import Municipality  # noqa: E402
from apps.programme.models import Adoption, FocusArea, Goal, Programme, SubGoal  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Debian's chromium package is not installed (scripts/test installs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def portal(transactional_db):
    """A small portal: a programme in force, a year of meetings of every shape, an agenda with documents."""
    huddinge = Municipality.objects.create(name="Huddinge", slug="huddinge", code="0126")
    nykvarn = Municipality.objects.create(name="Nykvarn", slug="nykvarn", code="0140")
    sodertalje = Municipality.objects.create(name="Södertälje", slug="sodertalje", code="0181")
    committee = Body.objects.create(
        name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén", slug="samarbetskommitten",
        kind=Body.Kind.COMMITTEE, usual_start=datetime.time(12), usual_end=datetime.time(15),
    )
    management = Body.objects.create(
        name="Ledningsgruppen", short_name="Ledningsgruppen", slug="ledningsgruppen", kind=Body.Kind.MANAGEMENT_GROUP,
        usual_start=datetime.time(8, 30), usual_end=datetime.time(13),
    )
    programme = Programme.objects.create(
        name="Södertörns utvecklingsprogram 2035", slug="utvecklingsprogram-2035", valid_from=2019,
        vision="Södertörn driver Stockholmsregionen. Med starkt näringsliv, tillgänglighet och hållbar utveckling",
    )
    for municipality in (huddinge, nykvarn, sodertalje):
        Adoption.objects.create(programme=programme, municipality=municipality, status=Adoption.Status.ADOPTED)
    for order, name in enumerate(["Infrastruktur", "Utbildning", "Näringsliv", "Funktionell samordning"]):
        area = FocusArea.objects.create(programme=programme, name=name, slug=f"omrade-{order}", order=order)
        goal = Goal.objects.create(focus_area=area, title=f"{name}: en stark grund för hållbar utveckling")
        SubGoal.objects.create(goal=goal, text=f"{name}: prioriterade projekt genomförs")
    FocusArea.objects.create(programme=programme, name="Hållbar utveckling", slug="hallbar", is_cross_cutting=True)

    meeting = Meeting.objects.create(
        body=committee, date=datetime.date(2017, 2, 2), status=Meeting.Status.HELD, place="Huddinge kommunhus",
        agenda_published_at=timezone.make_aware(datetime.datetime(2017, 1, 26, 9)), documents_published=True,
    )
    meeting.hosts.set([huddinge])
    item = AgendaItem.objects.create(
        meeting=meeting, number=1, title="Infrastruktur: Tvärförbindelse Södertörn", presenter="Sekretariatet",
        asked=AgendaItem.Asked.DECISION, proposed_decision="Samarbetskommittén ställer sig bakom yttrandet.",
    )
    Document.objects.create(meeting=meeting, agenda_item=item, title="Yttrande om infrastruktur",
                            file="meetings/2017/yttrande.pdf")
    Document.objects.create(meeting=meeting, kind=Document.Kind.MINUTES, title="Protokoll",
                            file="meetings/2017/protokoll.pdf")
    Meeting.objects.create(body=management, date=datetime.date(2017, 2, 24), status=Meeting.Status.CANCELLED)
    Meeting.objects.create(body=committee, kind=Meeting.Kind.PLANNING_CONFERENCE, date=datetime.date(2017, 8, 16),
                           end_date=datetime.date(2017, 8, 17))
    conference = Meeting.objects.create(body=committee, title="Södertörnskonferensen", kind=Meeting.Kind.CONFERENCE,
                                        date=datetime.date(2017, 9, 7))
    conference.hosts.set([sodertalje, nykvarn])
    Meeting.objects.create(body=committee, date=datetime.date(2018, 1, 1), date_precision=Meeting.Precision.MONTH)
    today = timezone.localdate()
    Meeting.objects.create(body=committee, date=today + datetime.timedelta(days=14), place="Salems kommunhus")
    return {"meeting": meeting}
