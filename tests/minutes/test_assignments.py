"""Following up decisions: assignments (uppdrag) with who, what and by when; the public list of open ones by owner
and due date, linking to the § that gave them; marking one done; overdue ones on the secretariat's start page; and
the programme's goals that decisions serve."""

import datetime

import pytest
from django.urls import reverse

from apps.bodies.models import Body
from apps.minutes import services
from apps.minutes.models import Assignment, Signatory
from apps.municipalities.models import Municipality
from apps.programme.models import Goal, Programme

from .conftest import prepared

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def minutes(held_meeting):
    minutes = prepared(held_meeting)
    services.send_for_justering(minutes)
    for signatory in minutes.signatories.all():
        services.confirm(signatory, Signatory.Via.LINK)
    minutes.refresh_from_db()
    return minutes


def section(minutes, number):
    return minutes.paragraphs.get(section__number=number).section


@pytest.fixture
def assignments(minutes):
    network = Body.objects.get(slug="ledningsgruppen")
    return {
        "late": Assignment.objects.create(
            section=section(minutes, 4), owner=Assignment.Owner.SECRETARIAT, what="Ta fram budget 2028.",
            due=TODAY - datetime.timedelta(days=3)),
        "network": Assignment.objects.create(
            section=section(minutes, 5), owner=Assignment.Owner.BODY, body=network,
            what="Yttra sig om Tvärförbindelse Södertörn.", due=TODAY + datetime.timedelta(days=30)),
        "botkyrka": Assignment.objects.create(
            section=section(minutes, 3), owner=Assignment.Owner.MUNICIPALITY,
            municipality=Municipality.objects.get(name="Botkyrka"), what="Pröva cykelplanen i Botkyrka.",
            due=TODAY + datetime.timedelta(days=60)),
    }


def test_the_public_list_shows_open_assignments_by_owner_and_due_date_with_their_paragraph(client, assignments,
                                                                                           minutes):
    page = client.get(reverse("minutes:assignments")).content.decode()

    assert "3 öppna uppdrag" in page and "1 försenat" in page
    secretariat, network, botkyrka = (page.index(name) for name in ("<h2 id=\"owner-1\">Sekretariatet",
                                                                     "Ledningsgruppen", "Botkyrka</h2>"))
    assert secretariat < botkyrka < network  # the secretariat first, then by name
    assert f'{minutes.meeting.get_absolute_url()}#paragraf-4">§ 4</a>' in page
    assert "Ta fram budget 2028." in page and "försenat" in page


def test_assignments_of_minutes_not_yet_adjusted_are_not_listed(client, held_meeting):
    draft = prepared(held_meeting)
    Assignment.objects.create(section=draft.paragraphs.first().section, what="Hemligt uppdrag", due=TODAY)
    assert "Hemligt uppdrag" not in client.get(reverse("minutes:assignments")).content.decode()


def test_marking_an_assignment_done_records_when_and_by_whom(admin_client, admin_user, assignments):
    late = assignments["late"]
    response = admin_client.post(reverse("admin:minutes_assignment_changelist"), {
        "action": "mark_done", "_selected_action": [late.pk]}, follow=True)

    assert "1 uppdrag är markerat som klart." in response.content.decode()
    late.refresh_from_db()
    assert late.done_at is not None and late.done_by == admin_user
    page = admin_client.get(reverse("minutes:assignments")).content.decode()
    assert "2 öppna uppdrag" in page and "Klara det senaste året" in page


def test_overdue_assignments_appear_on_the_secretariats_start_page(admin_client, assignments):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "1 uppdrag är försenat" in page and "Ta fram budget 2028." in page
    assert "Yttra sig om Tvärförbindelse" not in page


def test_the_start_page_offers_to_write_the_minutes_of_a_recent_meeting(admin_client, held_meeting):
    page = admin_client.get(reverse("admin:index")).content.decode()
    assert "har inget protokoll än" in page
    assert f'{reverse("admin:minutes_minutes_add")}?meeting={held_meeting.pk}' in page


def test_an_assignment_must_name_its_owner_once(admin_client, minutes):
    response = admin_client.post(reverse("admin:minutes_assignment_add"), {
        "section": section(minutes, 4).pk, "owner": "body", "what": "Något", "due": TODAY.isoformat()})
    assert response.status_code == 200
    assert "Välj nätverket eller organet som uppdraget ges till." in response.content.decode()
    assert not Assignment.objects.exists()


def test_the_programme_page_shows_the_decisions_that_serve_a_goal(client, seed, assignments, minutes):
    programme = Programme.objects.get(slug="utvecklingsprogram-2035")
    area = programme.focus_areas.get(name="Infrastruktur")
    goal = Goal.objects.create(focus_area=area, title="En stark infrastruktur för hållbar utveckling")
    assignments["network"].goals.add(goal)

    page = client.get(reverse("programme:version", args=[programme.slug])).content.decode()

    assert "Beslut som tjänar målet:" in page
    assert f'{minutes.meeting.get_absolute_url()}#paragraf-5">§ 5' in page
