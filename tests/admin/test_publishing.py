"""An agenda is marked published from the admin, with a warning when that is later than four Swedish working
days before the meeting."""

import datetime

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from apps.meetings.models import Meeting
from apps.meetings.services import agenda_deadline, agenda_is_late, publish_agenda, working_days_before

D = datetime.date
STOCKHOLM = timezone.get_default_timezone()


def test_four_working_days_before_skip_weekends_and_holidays():
    assert working_days_before(D(2017, 2, 2), 4) == D(2017, 1, 27)  # Thursday → the Friday before
    # Easter 2017: Långfredagen 14 April and Annandag påsk 17 April are not working days.
    assert working_days_before(D(2017, 4, 20), 4) == D(2017, 4, 12)
    # Midsommarafton counts as a holiday.
    assert working_days_before(D(2017, 6, 28), 4) == D(2017, 6, 21)


def test_an_agenda_published_on_the_last_day_is_on_time_and_a_day_later_is_late(portal):
    meeting = Meeting.objects.get(body=portal["bodies"]["committee"], date=D(2017, 2, 2))
    assert agenda_deadline(meeting) == D(2017, 1, 27)
    assert not publish_agenda(meeting, now=datetime.datetime(2017, 1, 27, 16, 0, tzinfo=STOCKHOLM))
    assert publish_agenda(meeting, now=datetime.datetime(2017, 1, 30, 8, 0, tzinfo=STOCKHOLM))
    meeting.refresh_from_db()
    assert meeting.agenda_published_at == datetime.datetime(2017, 1, 30, 8, 0, tzinfo=STOCKHOLM)


def test_a_month_only_meeting_is_never_late(portal):
    meeting = Meeting.objects.create(body=portal["bodies"]["committee"], date=D(2018, 1, 1),
                                     date_precision=Meeting.Precision.MONTH)
    assert not agenda_is_late(meeting, timezone.now())


def upcoming_meeting(portal, days_ahead):
    return Meeting.objects.create(
        body=portal["bodies"]["committee"], date=timezone.localdate() + datetime.timedelta(days=days_ahead)
    )


def test_secretary_publishes_an_agenda_in_good_time_without_a_warning(secretary_client, portal):
    meeting = upcoming_meeting(portal, 30)
    response = secretary_client.post(reverse("admin:meetings_meeting_publish_agenda", args=[meeting.pk]),
                                     follow=True)
    page = response.content.decode()
    assert "är publicerad" in page
    assert "senare än fyra arbetsdagar" not in page
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is not None


def test_secretary_is_warned_when_an_agenda_goes_out_too_late(secretary_client, portal):
    meeting = upcoming_meeting(portal, 1)
    response = secretary_client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "publish_agendas", ACTION_CHECKBOX_NAME: [meeting.pk]}, follow=True,
    )
    page = response.content.decode()
    assert "publicerades senare än fyra arbetsdagar före mötet" in page
    assert "1 föredragningslista har markerats som publicerad" in page


def test_official_cannot_publish_an_agenda(official_client, portal):
    meeting = upcoming_meeting(portal, 30)
    response = official_client.post(reverse("admin:meetings_meeting_publish_agenda", args=[meeting.pk]))
    assert response.status_code == 403
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is None
