"""A meeting's last change is one fact: the open data file and the read API report the same moment, the one the
meeting holds, and both move when a secretary changes the meeting in the admin or publishes its agenda."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apps.bodies.models import Body
from apps.meetings.models import Meeting
from tests.admin.forms import form_values

YEAR = timezone.localdate().year + 1


@pytest.fixture
def meeting(db):
    committee = Body.objects.create(
        name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén", slug="samarbetskommitten",
        kind=Body.Kind.COMMITTEE, usual_start=datetime.time(12), usual_end=datetime.time(15),
    )
    meeting = Meeting.objects.create(body=committee, date=datetime.date(YEAR, 2, 4), place="Huddinge kommunhus")
    # Changed long ago, so that any later moment is told apart from it.
    Meeting.objects.filter(pk=meeting.pk).update(modified=datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC))
    return meeting


def reported(client, meeting) -> tuple[str, str]:
    """The last change of `meeting` as the open data file (JSON) and the read API give it."""
    response = client.get(f"/moten/{YEAR}.json")
    assert response.status_code == 200
    [row] = [row for row in response.json()["meetings"] if row["id"] == meeting.pk]
    api = client.get(f"/api/v1/meetings/{meeting.pk}/")
    assert api.status_code == 200
    return row["updated_at"], api.json()["modified"]


def stored(meeting) -> str:
    meeting.refresh_from_db()
    return timezone.localtime(meeting.modified).isoformat()


def test_a_change_in_the_admin_and_publishing_the_agenda_move_the_open_data_and_the_api_to_one_moment(
        secretary_client, meeting):
    long_ago = stored(meeting)
    assert reported(secretary_client, meeting) == (long_ago, long_ago)

    change = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    html = secretary_client.get(change).content.decode()
    start = html.index('id="meeting_form"')
    values = form_values(html[start:html.index("</form>", start)])
    values["place"] = ["Stadshuset, Södertälje"]
    before = timezone.now()
    response = secretary_client.post(change, values)
    assert response.status_code == 302, response.content.decode()[:2000]

    edited = stored(meeting)
    assert meeting.place == "Stadshuset, Södertälje"
    assert datetime.datetime.fromisoformat(edited) >= before
    assert reported(secretary_client, meeting) == (edited, edited)

    response = secretary_client.post(reverse("admin:meetings_meeting_publish_agenda", args=[meeting.pk]))
    assert response.status_code == 302

    published = stored(meeting)
    assert meeting.agenda_published_at is not None
    assert datetime.datetime.fromisoformat(published) > datetime.datetime.fromisoformat(edited)
    assert reported(secretary_client, meeting) == (published, published)
