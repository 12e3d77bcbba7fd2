"""The programme, municipality, body, budget, rotation, key-figure and plan pages pass axe-core on the seed data."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command

pytestmark = pytest.mark.browser

PAGES = {
    "programme": "/program/",
    "programme version": "/program/utvecklingsprogram-2013/",
    "programme archive": "/program/arkiv/",
    "programme comparison": "/program/jamfor/",
    "municipalities": "/kommuner/",
    "municipality": "/kommuner/nykvarn/",
    "bodies": "/organ/",
    "body": "/organ/samarbetskommitten/",
    "budget": "/budget/2017/",
    "rotation": "/vardskap/radslaget/",
    "key figures": "/nyckeltal/",
    "key figure": "/nyckeltal/invanare/",
    "yearly plan": "/verksamhetsplan/2017/",
    "seed meeting month": "/moten/2017/9/",
}


@pytest.fixture
def seeded(transactional_db):
    """The seed data and the demonstration data (the key figures are demonstration data), as scripts/serve has."""
    call_command("seed", "--demo", verbosity=0)


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_the_data_page_has_no_axe_violations(live_server, seeded, page, name, language):
    response = page.goto(live_server.url + ("/en" if language == "en" else "") + PAGES[name])
    assert response.status == 200
    assert page.locator("h1").count() == 1
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("name", PAGES)
def test_the_data_page_fits_a_320_pixel_wide_screen(live_server, seeded, page, name):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(live_server.url + PAGES[name])
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
