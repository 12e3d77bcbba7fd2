"""The personal link in the kallelse: a member reports förhinder without logging in; a changed or expired
link changes nothing and says why."""

import datetime
import re

import pytest
from django.urls import reverse

from apps.bodies.models import Person
from apps.notices.models import Reply
from apps.notices.services import absence_link

# The worker runs as in production, committing its own work, so the tests commit theirs too.
pytestmark = pytest.mark.django_db(transaction=True)


def path_of(link):
    return re.sub(r"^https?://[^/]+", "", link)


def test_the_link_in_the_mail_opens_the_members_own_page(secretary_client, meeting, mailbox, client):
    from .conftest import run_worker

    secretary_client.post(reverse("admin:notices_send", args=[meeting.pk]))
    run_worker()
    secretary_client.logout()
    message = next(m for m in mailbox.messages if "ledamot.haninge" in m["To"])
    link = re.search(r"https?://\S+/kallelse/forhinder/\S+/", message.get_body().get_content()).group(0)

    page = client.get(path_of(link)).content.decode()

    assert "Ledamot Haninge" in page and "Södertörnskommunernas samarbetskommitté" in page


def test_a_member_reports_absence_and_that_the_substitute_attends(meeting, client, secretary_client):
    person = Person.objects.get(name="Ledamot Haninge")
    url = path_of(absence_link(meeting, person))

    response = client.post(url, {"state": "substitute", "comment": "Sjuk"})

    assert "Tack. Registrerat: förhinder, ersättaren kommer" in response.content.decode()
    reply = Reply.objects.get(meeting=meeting, person=person)
    assert reply.state == Reply.State.SUBSTITUTE and reply.comment == "Sjuk"
    panel = secretary_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()
    row = re.search(r"<td>Ledamot Haninge</td>.*?</tr>", panel, re.S).group(0)
    assert "förhinder, ersättaren kommer: Sjuk" in row


def test_a_member_can_take_back_the_absence(meeting, client):
    person = Person.objects.get(name="Ledamot Haninge")
    url = path_of(absence_link(meeting, person))
    client.post(url, {"state": "absent"})

    client.post(url, {"state": "attending"})

    assert not Reply.objects.exists()


def test_a_tampered_link_changes_nothing(meeting, client):
    person = Person.objects.get(name="Ledamot Haninge")
    url = path_of(absence_link(meeting, person))
    tampered = url.replace("/forhinder/", "/forhinder/x")

    response = client.post(tampered, {"state": "absent"})

    assert response.status_code == 400
    assert "Länken är inte giltig" in response.content.decode()
    assert not Reply.objects.exists()


def test_a_link_for_a_meeting_that_has_ended_changes_nothing(meeting, client):
    meeting.date = datetime.date.today() - datetime.timedelta(days=1)
    meeting.save()
    url = path_of(absence_link(meeting, Person.objects.get(name="Ledamot Haninge")))

    response = client.post(url, {"state": "absent"})

    assert response.status_code == 410
    assert "har redan ägt rum" in response.content.decode()
    assert not Reply.objects.exists()


def test_the_personal_page_is_never_cached(meeting, client):
    url = path_of(absence_link(meeting, Person.objects.get(name="Ledamot Haninge")))

    response = client.get(url)

    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_the_meetings_export_lists_who_reported_absence(meeting, client, secretary_client):
    import csv
    import io

    from tests.admin.spreadsheets import CSV

    client.post(path_of(absence_link(meeting, Person.objects.get(name="Ledamot Haninge"))), {"state": "substitute"})
    client.post(path_of(absence_link(meeting, Person.objects.get(name="Ledamot Tyresö"))), {"state": "absent"})

    exported = secretary_client.post(reverse("admin:meetings_meeting_export"), {
        "format": CSV, "resource": "0", "export_items": [str(meeting.pk)]})

    heading, row = list(csv.reader(io.StringIO(exported.content.decode("utf-8-sig"))))
    replies = row[heading.index("Svar på kallelsen")]
    assert replies == "Ledamot Haninge: förhinder, ersättaren kommer; Ledamot Tyresö: anmält förhinder"
