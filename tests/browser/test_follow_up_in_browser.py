"""The yearly follow-up in a real browser: the secretariat prepares the year's follow-up of the programme in force,
fills in every sub-goal, marks it done, and the page reads on a phone too."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from apps.followup.models import FollowUp, ProgressReport
from apps.portal.demo import load_demo
from apps.programme.models import SubGoal

pytestmark = pytest.mark.browser


@pytest.fixture
def secretariat(transactional_db):
    call_command("loaddata", "seed", verbosity=0)
    load_demo()
    get_user_model().objects.create_superuser("sekretariatet", "sekretariatet@example.se", "sodertorn-demo")


def log_in(page, live_server):
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "sekretariatet")
    page.fill("#id_password", "sodertorn-demo")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")


def test_the_secretariat_prepares_fills_in_and_finishes_the_years_follow_up(live_server, secretariat, page):
    console = []
    page.on("console", lambda message: console.append(message.text))
    year = FollowUp.objects.order_by("-year").first().year + 1  # the year after the demonstration's newest
    log_in(page, live_server)
    page.goto(live_server.url + "/admin/followup/followup/add/")
    assert page.input_value("#id_year") == str(timezone.localdate().year - 1)
    page.fill("#id_year", str(year))
    page.click("input[name=_save]")
    assert "fyll i rapporten för varje delmål" in page.inner_text(".messagelist")

    sub_goal = SubGoal.objects.get(text__startswith="Andelen invånare med eftergymnasial utbildning")
    row = page.locator(f"#sub-goal-{sub_goal.pk}")
    assert "Ej påbörjat, 0 % Arbetet har inte startat än" in " ".join(row.inner_text().split())
    assert "Andel invånare 25–64 år med eftergymnasial utbildning" in page.inner_text("body")
    page.screenshot(path="/tmp/followup-admin-1280.png", full_page=True)

    page.fill(f"#id_percentage_{sub_goal.pk}", "150")
    page.click("input[value='Spara uppföljningen']")
    assert "Inget sparades" in page.inner_text(".messagelist")
    assert not ProgressReport.objects.filter(year=year).exists()

    page.select_option(f"#id_status_{sub_goal.pk}", "ongoing")
    page.fill(f"#id_percentage_{sub_goal.pk}", "25")
    page.fill(f"#id_comment_{sub_goal.pk}", "Andelen ökar i sex av åtta kommuner.")
    page.check("#id_done")
    page.click("input[value='Spara uppföljningen']")
    assert "Uppföljningen är klar." in page.inner_text(".messagelist")
    report = ProgressReport.objects.get(sub_goal=sub_goal, year=year)
    assert (report.percentage, report.comment) == (25, "Andelen ökar i sex av åtta kommuner.")
    assert timezone.localdate(FollowUp.objects.get(year=year).done_at) == timezone.localdate()
    assert [text for text in console if "Content Security Policy" in text] == []

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    width = page.evaluate("document.documentElement.scrollWidth")
    page.screenshot(path="/tmp/followup-admin-390.png", full_page=True)
    assert width <= 390 + 1
