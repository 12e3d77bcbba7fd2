"""The admin's start page tells the secretariat what needs doing: kallelser due or late, failed deliveries."""

import datetime

import pytest
from django.urls import reverse

from apps.meetings.models import Meeting, Notice
from apps.meetings.services import agenda_deadline
from apps.notices.models import Delivery

pytestmark = pytest.mark.django_db


def start_page(client):
    return client.get(reverse("admin:index")).content.decode()


def test_a_meeting_whose_kallelse_is_past_its_deadline_is_called_late(secretary_client, meeting):
    meeting.date = datetime.date.today() + datetime.timedelta(days=2)  # fewer than four working days away
    meeting.save()

    page = start_page(secretary_client)

    assert "Kallelsen till Södertörnskommunernas samarbetskommitté" in page
    assert "är försenad" in page
    assert reverse("admin:notices_send", args=[meeting.pk]) in page


def test_a_meeting_due_within_a_week_says_by_when(secretary_client, meeting):
    today = datetime.date.today()
    # The first day whose four-working-day deadline lies within the coming week, holidays counted.
    for days in range(5, 20):
        meeting.date = today + datetime.timedelta(days=days)
        if today <= agenda_deadline(meeting) <= today + datetime.timedelta(days=7):
            break
    meeting.save()

    page = start_page(secretary_client)

    assert "ska skickas senast" in page and "är försenad" not in page
    assert "Kommande möten" in page and "3 ärenden" in page


def test_a_sent_kallelse_and_failed_deliveries_are_shown(secretary_client, meeting):
    notice = Notice.objects.create(meeting=meeting, version=1, sequence=meeting.sequence)
    Delivery.objects.create(notice=notice, name="Ledamot Salem", email="x@example.se",
                            status=Delivery.Status.FAILED, attempts=5, error="550 Mailbox unavailable")

    page = start_page(secretary_client)

    assert "version 1 skickad" in page
    assert "1 utskick av en kallelse misslyckades" in page
    assert "är försenad" not in page


def test_the_start_page_takes_the_same_number_of_queries_for_more_meetings(secretary_client, meeting):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        start_page(secretary_client)
    for days in range(30, 37):
        Meeting.objects.create(body=meeting.body, date=meeting.date + datetime.timedelta(days=days))
    with CaptureQueriesContext(connection) as many:
        start_page(secretary_client)

    assert len(many) == len(few)
