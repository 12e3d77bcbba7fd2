"""A secretary orders a meeting's agenda in a real browser, under the portal's Content Security Policy: an item
dragged with the mouse, another moved with its keyboard buttons, and the order the page shows after saving."""

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model

from apps.bodies.models import Body
from apps.meetings.models import AgendaItem, Meeting

pytestmark = pytest.mark.browser

TITLES = ["Mötets öppnande", "Val av justerare", "Tvärförbindelse Södertörn", "Regional cykelplan", "Övriga frågor"]


@pytest.fixture
def meeting(transactional_db):
    committee = Body.objects.create(
        name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén", slug="samarbetskommitten",
        kind=Body.Kind.COMMITTEE, usual_start=datetime.time(12), usual_end=datetime.time(15),
    )
    meeting = Meeting.objects.create(body=committee, date=datetime.date(2027, 2, 4), place="Huddinge kommunhus")
    for number, title in enumerate(TITLES, 1):
        AgendaItem.objects.create(meeting=meeting, number=number, title=title, presenter="Sekretariatet")
    get_user_model().objects.create_superuser("sekretariatet", "sekretariatet@example.se", "sodertorn-demo")
    return meeting


def open_meeting(page, live_server, meeting):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "sekretariatet")
    page.fill("#id_password", "sodertorn-demo")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")
    page.goto(f"{live_server.url}/admin/meetings/meeting/{meeting.pk}/change/")


def agenda_on_page(page) -> list[str]:
    """"place title" of each agenda item, top to bottom, as the headings show them."""
    rows = page.locator("#items-group .ordered-row:not(.empty-form) h3")
    return [f"{row.locator('.ordered-row-position').inner_text()} {row.locator('.inline_label').inner_text()}"
            for row in rows.all()]


def numbered(titles):
    return [f"{number} {title}" for number, title in enumerate(titles, 1)]


def save_and_continue(page):
    page.click("input[name=_continue]")
    page.wait_for_selector(".messagelist")
    assert "Ändrade möte" in page.inner_text(".messagelist")


def test_secretary_drags_the_third_item_above_the_first_with_the_mouse(live_server, meeting, page):
    console = []
    page.on("console", lambda message: console.append(message.text))
    open_meeting(page, live_server, meeting)

    # The first three items in view, the first a little below the top: dragging scrolls no page.
    page.set_viewport_size({"width": 1280, "height": 1400})
    page.locator("#items-0").evaluate("row => { row.scrollIntoView({block: 'start'}); window.scrollBy(0, -120); }")
    page.locator("#items-2 h3 .inline_label").hover()
    page.mouse.down()
    first = page.locator("#items-0 h3").bounding_box()
    page.mouse.move(first["x"] + 40, first["y"] + first["height"] / 2, steps=10)
    # Just above the first item, moving a little as a hand does, until the dragged item is shown first.
    for wiggle in range(20):
        page.mouse.move(first["x"] + 40 + wiggle % 2, first["y"] - 4, steps=2)
        page.wait_for_timeout(100)
        if page.locator("#items-group .ordered-row").first.get_attribute("id") == "items-2":
            break
    page.mouse.up()

    expected = [TITLES[2], TITLES[0], TITLES[1], *TITLES[3:]]
    assert agenda_on_page(page) == numbered(expected)  # the places shown before saving
    save_and_continue(page)
    assert agenda_on_page(page) == numbered(expected)
    assert list(meeting.items.values_list("title", flat=True)) == expected
    assert [text for text in console if "Content Security Policy" in text] == []


def test_secretary_moves_an_item_with_the_keyboard_buttons(live_server, meeting, page):
    open_meeting(page, live_server, meeting)

    down = page.locator("#items-0 button[data-move=down]")
    assert down.get_attribute("aria-label") == "Flytta ned"
    down.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")  # the focus stays on the moved item's button
    assert page.inner_text("[data-ordered-rows-status]") == "Mötets öppnande: plats 3 av 5."
    page.locator("#items-4 button[data-move=up]").focus()
    page.keyboard.press("Space")

    expected = [TITLES[1], TITLES[2], TITLES[0], TITLES[4], TITLES[3]]
    assert agenda_on_page(page) == numbered(expected)
    save_and_continue(page)
    assert agenda_on_page(page) == numbered(expected)
    results = Axe().run(page, context="#items-group")
    assert results.violations_count == 0, results.generate_report()


def test_a_new_item_moved_up_with_the_buttons_is_saved_in_its_place(live_server, meeting, page):
    open_meeting(page, live_server, meeting)

    page.click("#items-group .add-row a")
    page.fill("#id_items-5-title", "Budget 2028")
    for _ in range(3):
        page.locator("#items-5 button[data-move=up]").click()

    save_and_continue(page)
    assert agenda_on_page(page) == numbered([*TITLES[:2], "Budget 2028", *TITLES[2:]])
