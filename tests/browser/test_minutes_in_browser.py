"""The secretary's minutes in Chromium: write the minutes of a ten-item meeting starting from the kallelse's replies,
send them for justering to two adjusters and the chair, who confirm through the links in their mail; then the
published, signed PDF and a decision are found on the meeting's page and in search."""

import io
from concurrent.futures import ThreadPoolExecutor

import pytest
from asn1crypto import x509
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.formats import date_format
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from apps.meetings.models import Meeting
from apps.minutes.models import Minutes
from tests.minutes.conftest import held_meeting, links, signing_certificate  # noqa: F401
from tests.notices.conftest import committee, run_worker  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DECISION = ("Samarbetskommittén antar den regionala cykelplanen för Södertörn och ger nätverket i uppdrag att "
            "följa den.")


def log_in(page, live_server):
    get_user_model().objects.create_superuser("sekretariatet", "sekretariatet@example.se", "sodertorn-demo")
    page.goto(live_server.url + "/admin/login/")
    page.fill("#id_username", "sekretariatet")
    page.fill("#id_password", "sodertorn-demo")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + "/admin/")


def test_secretary_writes_sends_for_justering_and_the_signed_minutes_are_published(
        live_server, page, browser, held_meeting, mailbox, settings, signing_certificate):  # noqa: F811
    settings.SITE_URL = live_server.url
    Meeting.objects.filter(pk=held_meeting.pk).update(
        agenda_published_at=timezone.now() - timezone.timedelta(days=9), documents_published=True)
    log_in(page, live_server)

    # The start page offers the minutes of the meeting just held; they start from its replies.
    page.click(f"a[href$='?meeting={held_meeting.pk}']")
    page.click("input[value='Påbörja protokollet']")
    assert "Protokollet är påbörjat utifrån svaren på kallelsen" in page.inner_text(".messagelist")
    def attendee(name):
        return page.locator(f".attendance tr:has(input[name$='-name'][value='{name}'])")

    assert attendee("Ersättare Tyresö").locator("select[name$='serving_for'] option:checked").inner_text() == \
        "Ledamot Tyresö"
    assert not attendee("Ledamot Salem").locator("input[name$='present']").is_checked()
    assert page.locator("textarea[name='paragraphs-9-decision']").input_value().startswith("Samarbetskommittén")

    # The secretary writes the decision of § 3 and a reservation in § 4, adds an item raised at the meeting, and
    # chooses two adjusters among those present.
    page.fill("textarea[name='paragraphs-2-decision']", DECISION)
    page.fill("textarea[name='paragraphs-3-reservations']", "Ledamot Nynäshamn reserverade sig mot beslutet.")
    page.click("#paragraphs-group .add-row a")
    page.fill("input[name='paragraphs-10-title']", "Skrivelse om pendeltågen")
    page.fill("textarea[name='paragraphs-10-decision']", "Frågan bordläggs till nästa möte.")
    for index, name in enumerate(["Ledamot Haninge", "Ledamot Huddinge"]):
        page.click("#signatories-group .add-row a")
        page.select_option(f"select[name='signatories-{index}-person']", label=name)
    page.click("input[name=_continue]")
    assert "Du kan göra ytterligare förändringar nedan" in page.inner_text(".messagelist")
    assert "§ 11 – togs upp vid sammanträdet" in page.inner_text("#paragraphs-group")
    page.screenshot(path="/tmp/minutes-admin-draft.png", full_page=True)

    # Send for justering: the chair and the two adjusters, each with a personal link.
    page.click("text=Skicka för justering")
    page.locator("#recipients tbody tr").first.wait_for()  # the link's page has loaded (count() does not wait)
    assert page.locator("#recipients tbody tr").count() == 3
    page.click("input[value='Skicka protokollet för justering']")
    assert "skickat för justering till 3 personer" in page.inner_text(".messagelist")
    run_worker()
    personal = links(mailbox)
    assert len(personal) == 3

    # Each confirms through the link in their mail, in a browser of their own; one on a phone.
    for number, (address, link) in enumerate(sorted(personal.items())):
        width = 390 if number == 0 else 1280
        context = browser.new_context(viewport={"width": width, "height": 844})
        member = context.new_page()
        member.goto(link)
        assert DECISION in member.inner_text("main")
        if number == 0:
            member.screenshot(path="/tmp/minutes-justering-phone.png", full_page=True)
        member.click("text=Jag bekräftar protokollet")
        assert "Tack: din bekräftelse är registrerad" in member.inner_text("main")
        context.close()

    minutes = Minutes.objects.get()
    assert minutes.state == Minutes.State.ADJUSTED and minutes.published and minutes.signed
    page.reload()
    panel = page.inner_text(".minutes-panel")
    assert "Justerat" in panel and panel.count("bekräftat ") == 3
    page.screenshot(path="/tmp/minutes-admin-adjusted.png", full_page=True)

    # The public: the meeting's page shows the decisions and the signed PDF; search finds the decision.
    visitor_context = browser.new_context(viewport={"width": 1280, "height": 900})
    visitor = visitor_context.new_page()
    visitor.goto(live_server.url + held_meeting.get_absolute_url())
    assert DECISION in visitor.inner_text("#paragraf-3")
    assert "§ 11 Skrivelse om pendeltågen" in visitor.inner_text("main")
    visitor.screenshot(path="/tmp/minutes-meeting-page.png", full_page=True)
    href = visitor.get_attribute("text=Protokollet som PDF, elektroniskt signerat", "href")
    pdf = visitor.request.get(live_server.url + href).body()
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    chair = minutes.signatories.get(person__name="Ledamot Botkyrka")
    assert f"Ordförande Ledamot Botkyrka {date_format(timezone.localtime(chair.confirmed_at), 'j F Y G.i')}" in text
    # pyHanko runs its own event loop, which cannot start in this thread where Playwright's runs.
    with ThreadPoolExecutor(1) as thread:
        status = thread.submit(
            validate_pdf_signature, PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0],
            ValidationContext(trust_roots=[x509.Certificate.load(signing_certificate)])).result()
    assert status.bottom_line

    visitor.goto(live_server.url + "/sok/?q=cykelplanen")
    hit = visitor.locator("#hits-decisions + ul li").first
    assert "§ 3 Regional cykelplan" in hit.inner_text() and DECISION[:60] in hit.inner_text()
    hit.locator("a").first.click()
    assert visitor.url.endswith("#paragraf-3")
    visitor_context.close()

    # The decision of § 3 gives the secretariat an assignment, followed up on the public list.
    page.locator("#paragraphs-group a", has_text="Ge ett uppdrag").nth(2).click()
    page.fill("textarea[name=what]", "Ta fram en handlingsplan för cykelplanen.")
    page.fill("input[name=due]", (timezone.localdate() + timezone.timedelta(days=60)).isoformat())
    page.click("input[name=_save]")
    assert "Lade till uppdrag" in page.inner_text(".messagelist")

    phone_context = browser.new_context(viewport={"width": 390, "height": 844})
    phone = phone_context.new_page()
    phone.goto(live_server.url + held_meeting.get_absolute_url())
    phone.screenshot(path="/tmp/minutes-meeting-page-phone.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.goto(live_server.url + "/protokoll/uppdrag/")
    assert "Ta fram en handlingsplan för cykelplanen." in phone.inner_text("main")
    phone.screenshot(path="/tmp/minutes-assignments-phone.png", full_page=True)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone_context.close()
