"""The secretary's whole kallelse in Chromium: preview, send to a committee of sixteen, the mails arrive, a
member reports absence through the link in the mail, the reply shows up, a changed kallelse goes out."""

import re

import pytest
from django.contrib.auth import get_user_model

from apps.notices.models import Delivery
from tests.notices.conftest import committee, meeting, run_worker  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, live_server):
    get_user_model().objects.create_superuser("sekretariatet", "sekretariatet@example.se", "sodertorn-demo")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "sekretariatet")
    page.fill("#id_password", "sodertorn-demo")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")


def test_secretary_sends_the_kallelse_sees_a_reply_and_sends_a_changed_one(
        live_server, page, browser, meeting, mailbox, settings):
    settings.SITE_URL = live_server.url
    log_in(page, live_server)
    meeting_page = f"{live_server.url}/admin/meetings/meeting/{meeting.pk}/change/"

    page.goto(meeting_page)
    page.click("text=Publicera och skicka kallelse")
    page.locator("#recipients tbody tr").first.wait_for()  # the link's page has loaded (count() does not wait)
    assert page.locator("#recipients tbody tr").count() == 17
    assert "Saknar e-postadress" in page.locator("#recipients tbody tr", has_text="Ledamot Nykvarn").inner_text()
    page.screenshot(path="/tmp/kallelse-preview.png", full_page=True)
    page.click("input[value='Publicera och skicka kallelsen']")
    assert "skickas till 16 mottagare" in page.inner_text(".messagelist")
    assert "1 kallad saknar e-postadress" in page.inner_text(".messagelist")

    run_worker()
    assert len(mailbox.messages) == 16
    page.reload()
    assert page.locator(".distribution-list tbody tr", has_text="skickad").count() == 16

    # A member opens the link in their mail, in a browser of their own, and reports absence.
    mail = next(m for m in mailbox.messages if "ledamot.tyreso" in m["To"])
    link = re.search(r"https?://\S+/kallelse/forhinder/\S+/", mail.get_body().get_content()).group(0)
    member_context = browser.new_context(viewport={"width": 390, "height": 844})
    member = member_context.new_page()
    member.goto(link)
    member.check("text=Jag har förhinder och min ersättare kommer i mitt ställe")
    member.fill(".absence-form input[name=comment]", "Krockar med KS")
    member.click(".absence-form button[type=submit]")
    assert "Tack. Registrerat" in member.inner_text("main")
    member.screenshot(path="/tmp/kallelse-absence-phone.png", full_page=True)
    member_context.close()

    page.reload()
    row = page.locator(".distribution-list tbody tr", has_text="Ledamot Tyresö").inner_text()
    assert "förhinder, ersättaren kommer" in row and "Krockar med KS" in row

    # The place changes: the panel offers a changed kallelse, which says what changed.
    page.fill("#id_place", "Tyresö kommunhus, Marknadsvägen 1")
    page.click("input[name=_continue]")
    page.click("text=Skicka ändrad kallelse")
    assert "Plats: Kommunhuset, Kommunalvägen 28, 141 85 Huddinge → Tyresö kommunhus, Marknadsvägen 1" in page.inner_text(
        "#content-main")
    mailbox.messages.clear()
    page.click("input[value='Skicka den ändrade kallelsen']")
    run_worker()
    assert len(mailbox.messages) == 16
    assert all(message["Subject"].startswith("Ändrad kallelse") for message in mailbox.messages)
    assert Delivery.objects.filter(notice__version=2, status=Delivery.Status.SENT).count() == 16
    page.goto(meeting_page)
    page.screenshot(path="/tmp/kallelse-meeting-panel.png", full_page=True)
