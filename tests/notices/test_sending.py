"""Publish and send the kallelse: the preview, the background sending to a real SMTP server, what arrives,
what a changed kallelse says, and what happens when the mail server refuses or is down."""

import io
import re

import icalendar
import pytest
from django.urls import reverse
from pypdf import PdfReader

from apps.meetings.feeds import meeting_uid
from apps.meetings.models import AgendaItem
from apps.notices.models import Delivery

from .conftest import run_worker

# The worker runs as in production, committing its own work, so the tests commit theirs too.
pytestmark = pytest.mark.django_db(transaction=True)


def send_page(meeting):
    return reverse("admin:notices_send", args=[meeting.pk])


def meeting_page(meeting):
    return reverse("admin:meetings_meeting_change", args=[meeting.pk])


def attachment(message, content_type):
    return next(part for part in message.iter_attachments() if part.get_content_type() == content_type)


def test_the_preview_lists_everyone_called_and_who_cannot_be_reached(secretary_client, meeting, mailbox):
    page = secretary_client.get(send_page(meeting)).content.decode()

    assert page.count("<tr><td>") == 17  # eight members, eight substitutes, the secretary
    assert "<td>Ledamot Botkyrka</td><td>ordförande</td>" in page
    assert "Ersättare Tyresö" in page and "ersattare.tyreso@example.se" in page
    nykvarn_row = re.search(r"<tr><td>Ledamot Nykvarn</td>.*?</tr>", page, re.S).group(0)
    assert "Saknar e-postadress" in nykvarn_row
    # The mail as the first recipient will read it, in Swedish.
    assert "Kallelse: Södertörnskommunernas samarbetskommitté" in page
    assert "2. Regional cykelplan" in page
    assert "Kommunhuset, Kommunalvägen 28, 141 85 Huddinge" in page
    assert mailbox.messages == []
    assert not meeting.notices.exists()


def test_sending_answers_at_once_and_the_worker_mails_every_reachable_member(secretary_client, meeting, mailbox):
    response = secretary_client.post(send_page(meeting))

    assert response.status_code == 302
    assert mailbox.messages == []  # nothing waited for the mail server
    notice = meeting.notices.get()
    assert notice.deliveries.filter(status=Delivery.Status.WAITING).count() == 16
    assert notice.deliveries.get(name="Ledamot Nykvarn").status == Delivery.Status.UNREACHABLE
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is not None and meeting.documents_published

    run_worker()

    assert len(mailbox.messages) == 16
    assert notice.deliveries.filter(status=Delivery.Status.SENT).count() == 16
    panel = secretary_client.get(meeting_page(meeting)).content.decode()
    assert "Kallelse version 1 skickades" in panel
    assert panel.count("skickad ") == 16


def test_the_mail_holds_the_time_place_items_a_pdf_and_an_invitation(secretary_client, meeting, mailbox):
    secretary_client.post(send_page(meeting))
    run_worker()

    message = next(m for m in mailbox.messages if "ledamot.botkyrka@example.se" in m["To"])
    assert message["Subject"].startswith("Kallelse: Södertörnskommunernas samarbetskommitté")
    assert message["To"] == "Ledamot Botkyrka <ledamot.botkyrka@example.se>"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Hej Ledamot Botkyrka," in text
    assert "Du kallas som ordförande för Botkyrka" in text
    assert "kl. 12.00–15.00" in text
    assert "Plats: Kommunhuset, Kommunalvägen 28, 141 85 Huddinge" in text
    assert "3. Budget 2027" in text
    assert "Kontaktperson: Sara Sekreterare, sara@example.se, 08-535 300 00" in text

    pdf = PdfReader(io.BytesIO(attachment(message, "application/pdf").get_content()))
    pdf_text = " ".join(page.extract_text() for page in pdf.pages)
    assert "Regional cykelplan" in pdf_text and "Budget 2027" in pdf_text

    invitation = icalendar.Calendar.from_ical(attachment(message, "text/calendar").get_content())
    event = invitation.walk("VEVENT")[0]
    meeting.refresh_from_db()
    assert invitation["METHOD"] == "REQUEST"
    assert str(event["UID"]) == meeting_uid(meeting)
    assert event["SEQUENCE"] == meeting.sequence
    assert str(event["ATTENDEE"]) == "mailto:ledamot.botkyrka@example.se"


def test_the_same_version_is_never_sent_twice(secretary_client, meeting, mailbox):
    secretary_client.post(send_page(meeting))
    run_worker()
    response = secretary_client.post(send_page(meeting), follow=True)
    run_worker()

    assert "Inget som kallelsen säger har ändrats" in response.content.decode()
    assert meeting.notices.count() == 1
    assert Delivery.objects.count() == 17
    assert len(mailbox.messages) == 16


def test_a_changed_kallelse_says_what_changed_and_raises_the_invitations_sequence(
        secretary_client, meeting, mailbox):
    secretary_client.post(send_page(meeting))
    run_worker()
    first_sequence = meeting.notices.get().sequence
    meeting.refresh_from_db()
    meeting.place = "Stadshuset, Campusgatan 26, Södertälje"
    meeting.save()
    AgendaItem.objects.create(meeting=meeting, number=4, title="Övriga frågor")

    panel = secretary_client.get(meeting_page(meeting)).content.decode()
    assert "Skicka ändrad kallelse" in panel
    preview = secretary_client.get(send_page(meeting)).content.decode()
    assert "Nytt ärende: 4. Övriga frågor" in preview
    mailbox.messages.clear()
    secretary_client.post(send_page(meeting))
    run_worker()

    assert meeting.notices.count() == 2
    assert len(mailbox.messages) == 16
    message = mailbox.messages[0]
    assert message["Subject"].startswith("Ändrad kallelse:")
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Plats: Kommunhuset, Kommunalvägen 28, 141 85 Huddinge → Stadshuset, Campusgatan 26, Södertälje" in text
    event = icalendar.Calendar.from_ical(attachment(message, "text/calendar").get_content()).walk("VEVENT")[0]
    assert event["SEQUENCE"] > first_sequence


def test_a_refused_recipient_is_recorded_with_the_servers_answer_and_the_others_still_get_theirs(
        secretary_client, meeting, mailbox):
    mailbox.refuse.add("ersattare.salem@example.se")
    secretary_client.post(send_page(meeting))
    run_worker()

    failed = Delivery.objects.get(email="ersattare.salem@example.se")
    assert failed.status == Delivery.Status.FAILED
    assert "550" in failed.error and "Mailbox unavailable" in failed.error
    assert failed.next_attempt_at() is not None
    assert len(mailbox.messages) == 15
    panel = secretary_client.get(meeting_page(meeting)).content.decode()
    assert "1 utskick misslyckades" in panel and "Mailbox unavailable" in panel

    mailbox.refuse.clear()
    secretary_client.post(reverse("admin:notices_retry", args=[meeting.pk]))
    run_worker()
    failed.refresh_from_db()
    assert failed.status == Delivery.Status.SENT
    assert len(mailbox.messages) == 16


def test_a_mail_server_that_is_down_loses_nothing(secretary_client, meeting, mailbox, smtp_server, settings):
    from tests.conftest import free_port, use_smtp

    use_smtp(settings, free_port())  # nothing listens there
    secretary_client.post(send_page(meeting))
    run_worker()

    failed = Delivery.objects.filter(status=Delivery.Status.FAILED)
    assert failed.count() == 16
    assert all(delivery.next_attempt_at() for delivery in failed)
    assert "refused" in failed.first().error.lower()
    assert "16 utskick misslyckades" in secretary_client.get(meeting_page(meeting)).content.decode()

    use_smtp(settings, smtp_server.port)  # the server is back
    secretary_client.post(reverse("admin:notices_retry", args=[meeting.pk]))
    run_worker()
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 16
    assert len(mailbox.messages) == 16


def test_a_draft_meeting_of_the_planning_is_not_sent(secretary_client, meeting, mailbox):
    meeting.is_draft = True
    meeting.save()

    preview = secretary_client.get(send_page(meeting)).content.decode()
    response = secretary_client.post(send_page(meeting), follow=True)

    assert "Mötet är ett utkast i årets planering" in preview
    assert "Publicera och skicka kallelsen" not in preview
    assert "Mötet är ett utkast i årets planering" in response.content.decode()
    assert not meeting.notices.exists()
