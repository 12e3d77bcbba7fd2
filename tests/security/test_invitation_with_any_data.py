"""The calendar invitation sent with the kallelse holds whatever the meeting's texts hold and still reads as a
calendar: line breaks and control characters written straight into the database (past the forms)."""

import icalendar
import pytest
from django.urls import reverse

from apps.bodies.models import Body
from apps.meetings.models import AgendaItem, Meeting
from apps.municipalities.models import Municipality
from tests.notices.conftest import committee, meeting, run_worker, secretary_client  # noqa: F401

from .test_feeds_with_any_data import BAD

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_invitation_reads_as_a_calendar_whatever_the_texts_hold(secretary_client, meeting, mailbox):  # noqa: F811
    Body.objects.filter(pk=meeting.body_id).update(name=BAD, name_sv=BAD, name_en=BAD, short_name=BAD)
    Meeting.objects.filter(pk=meeting.pk).update(title=BAD, place=BAD)
    AgendaItem.objects.filter(meeting=meeting).update(title=BAD, description=BAD)
    Municipality.objects.filter(name="Huddinge").update(venue=BAD)

    secretary_client.post(reverse("admin:notices_send", args=[meeting.pk]))
    run_worker()

    assert mailbox.messages, "no kallelse was sent"
    part = next(part for part in mailbox.messages[0].iter_attachments() if part.get_content_type() == "text/calendar")
    content = part.get_payload(decode=True)
    assert not any(byte < 32 and byte not in (10, 13) for byte in content)
    assert b"\n" not in content.replace(b"\r\n", b"")
    [event] = icalendar.Calendar.from_ical(content).walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Rad ett")
    assert "; A, B \\ C" in str(event["LOCATION"])
