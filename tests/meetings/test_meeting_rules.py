import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.bodies.models import Body
from apps.meetings.models import AgendaItem, Meeting


@pytest.fixture
def committee(db):
    return Body.objects.create(
        name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén", slug="samarbetskommitten",
        kind=Body.Kind.COMMITTEE, usual_weekday=3, usual_start=datetime.time(12), usual_end=datetime.time(15),
    )


def test_meeting_without_times_gets_the_bodys_usual_hours(committee):
    meeting = Meeting.objects.create(body=committee, date=datetime.date(2017, 2, 2))
    meeting.refresh_from_db()
    assert (meeting.start_time, meeting.end_time) == (datetime.time(12), datetime.time(15))


def test_database_refuses_a_meeting_that_ends_before_it_starts(committee):
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.create(body=committee, date=datetime.date(2017, 8, 17), end_date=datetime.date(2017, 8, 16))


def test_admin_validation_explains_a_meeting_that_ends_before_it_starts(committee):
    meeting = Meeting(body=committee, date=datetime.date(2017, 8, 17), end_date=datetime.date(2017, 8, 16))
    with pytest.raises(ValidationError, match="Sista dagen måste vara efter mötets första dag"):
        meeting.full_clean()


def test_month_only_meeting_is_stored_on_the_first_of_the_month(committee):
    meeting = Meeting.objects.create(
        body=committee, date=datetime.date(2018, 1, 17), date_precision=Meeting.Precision.MONTH
    )
    meeting.refresh_from_db()
    assert meeting.date == datetime.date(2018, 1, 1)
    assert meeting.start_time is None


def test_two_agenda_items_cannot_share_a_number(committee):
    meeting = Meeting.objects.create(body=committee, date=datetime.date(2017, 2, 2))
    AgendaItem.objects.create(meeting=meeting, number=1, title="Mötets öppnande")
    with pytest.raises(ValidationError, match="Mötet har redan ett ärende med det numret"):
        AgendaItem(meeting=meeting, number=1, title="Val av justerare").full_clean()
