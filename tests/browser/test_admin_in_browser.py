"""The secretariat's admin works in a real browser under the portal's Content Security Policy: its scripts
run (the two-box host picker is built by JavaScript) and nothing is refused."""

import datetime

import pytest
from django.contrib.auth import get_user_model

from apps.bodies.models import Body
from apps.meetings.models import Meeting
from apps.municipalities.models import Municipality

pytestmark = pytest.mark.browser


@pytest.fixture
def secretariat(transactional_db):
    Municipality.objects.create(name="Huddinge", slug="huddinge", code="0126")
    Municipality.objects.create(name="Tyresö", slug="tyreso", code="0138")
    Body.objects.create(
        name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén", slug="samarbetskommitten",
        kind=Body.Kind.COMMITTEE, usual_start=datetime.time(12), usual_end=datetime.time(15),
    )
    get_user_model().objects.create_superuser("sekretariatet", "sekretariatet@example.se", "sodertorn-demo")


def log_in(page, live_server):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "sekretariatet")
    page.fill("#id_password", "sodertorn-demo")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")


def test_secretary_logs_in_and_adds_a_meeting_with_a_host_picked_in_the_two_box_widget(live_server, secretariat, page):
    console = []
    page.on("console", lambda message: console.append(message.text))
    log_in(page, live_server)
    assert "Sekretariatets arbetsyta" in page.inner_text("body")

    page.goto(live_server.url + "/admin/meetings/meeting/add/")
    # SelectFilter2.js turns the plain multiple select into two boxes with a filter: only if scripts may run.
    assert page.locator("#id_hosts_from").is_visible()
    page.select_option("#id_body", label="Södertörnskommunernas samarbetskommitté")
    page.fill("#id_date", "2027-03-04")
    page.fill("#id_place", "Tyresö kommunhus")
    page.dblclick("#id_hosts_from option:has-text('Tyresö')")
    assert page.locator("#id_hosts_to option").all_inner_texts() == ["Tyresö"]
    page.click("input[name=_save]")

    assert "Lade till möte" in page.inner_text(".messagelist")
    meeting = Meeting.objects.get(date=datetime.date(2027, 3, 4))
    assert [host.name for host in meeting.hosts.all()] == ["Tyresö"]
    assert (meeting.start_time, meeting.end_time) == (datetime.time(12), datetime.time(15))
    assert [text for text in console if "Content Security Policy" in text] == []
