"""Every public page type passes axe-core in a real browser, in Swedish and English, and fits 320 px."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "calendar year": "/moten/2017/",
    "calendar month": "/moten/2017/2/",
    "calendar filtered": "/moten/2017/?organ=samarbetskommitten",
    "calendar filter error": "/moten/2017/?organ=finns-inte",
    "meeting": "MEETING",
    "search": "/sok/?q=infrastruktur",
    "empty search": "/sok/",
    "accessibility statement": "/tillganglighet/",
    "open data": "/moten/oppna-data/",
    "no such year": "/moten/1999/",
}


def url(live_server, portal, page_path, language):
    path = f"/moten/mote/{portal['meeting'].pk}/" if page_path == "MEETING" else page_path
    return live_server.url + ("/en" if language == "en" else "") + path


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("name", PAGES)
def test_the_page_has_no_axe_violations(live_server, portal, page, name, language):
    page.goto(url(live_server, portal, PAGES[name], language))
    assert page.locator("html").get_attribute("lang") == language
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("name", PAGES)
def test_the_page_fits_a_320_pixel_wide_screen_without_scrolling_sideways(live_server, portal, page, name):
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto(url(live_server, portal, PAGES[name], "sv"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_the_skip_link_is_the_first_stop_for_the_keyboard_and_leads_to_the_content(live_server, portal, page):
    page.goto(live_server.url + "/moten/2017/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("element => element === document.activeElement")
    assert skip.is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


def test_a_focused_link_has_a_visible_outline(live_server, portal, page):
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline == "solid"


def test_the_calendar_filter_works_from_the_keyboard(live_server, portal, page):
    page.goto(live_server.url + "/en/moten/2017/")
    page.get_by_label("Body").select_option("ledningsgruppen")
    page.get_by_role("button", name="Show", exact=True).press("Enter")
    page.wait_for_url("**organ=ledningsgruppen**")
    assert page.get_by_text("1 meeting", exact=False).first.is_visible()
    assert page.get_by_text("Cancelled").first.is_visible()


def test_the_language_switch_leads_to_the_same_page_in_english(live_server, portal, page):
    page.goto(live_server.url + "/moten/2017/")
    page.get_by_role("link", name="In English").click()
    page.wait_for_url("**/en/moten/2017/")
    assert page.get_by_role("heading", level=1).inner_text() == "Calendar 2017"
