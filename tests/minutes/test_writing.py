"""Writing the minutes: attendance from the kallelse's replies, a § per item numbered through the body's year,
decisions prefilled, items added at the meeting; who may write them; and locked minutes refused."""

import datetime

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from apps.bodies.models import Body
from apps.meetings.models import AgendaItem, Meeting
from apps.minutes import services
from apps.minutes.models import Minutes, Paragraph, Section

from .conftest import change_page, prepared

pytestmark = pytest.mark.django_db


def test_attendance_starts_from_the_replies(held_meeting):
    minutes = services.start_minutes(held_meeting)

    rows = {row.name: row for row in minutes.attendees.select_related("serving_for")}
    assert len(rows) == 17  # everyone called: 8 members, 8 substitutes, the secretary
    assert rows["Ledamot Tyresö"].present is False
    assert rows["Ersättare Tyresö"].present is True
    assert rows["Ersättare Tyresö"].serving_for == rows["Ledamot Tyresö"]
    assert rows["Ledamot Salem"].present is False
    assert rows["Ersättare Salem"].present is False  # "absent" without "my substitute attends"
    assert rows["Ledamot Haninge"].present is True
    assert rows["Ersättare Haninge"].present is False
    assert minutes.chair.name == "Ledamot Botkyrka"
    assert minutes.secretary.name == "Sara Sekreterare"


def test_each_item_becomes_a_paragraph_with_its_proposed_decision(held_meeting):
    minutes = services.start_minutes(held_meeting)

    paragraphs = list(minutes.paragraphs.select_related("section"))
    assert [p.section.number for p in paragraphs] == list(range(1, 11))
    assert paragraphs[3].title == "Budget 2027"
    assert paragraphs[3].decision == "Samarbetskommittén beslutar i ärendet budget 2027."


def test_paragraph_numbers_run_through_the_bodys_year_and_start_again_for_another_body_and_year(held_meeting):
    services.start_minutes(held_meeting)
    later = Meeting.objects.create(body=held_meeting.body, date=held_meeting.date + datetime.timedelta(days=1))
    AgendaItem.objects.create(meeting=later, number=1, title="Mötets öppnande")
    AgendaItem.objects.create(meeting=later, number=2, title="Budget")
    other_body = Meeting.objects.create(body=Body.objects.get(slug="ledningsgruppen"), date=held_meeting.date)
    AgendaItem.objects.create(meeting=other_body, number=1, title="Mötets öppnande")
    next_year = Meeting.objects.create(body=held_meeting.body, date=held_meeting.date.replace(
        year=held_meeting.date.year + 1))
    AgendaItem.objects.create(meeting=next_year, number=1, title="Mötets öppnande")

    numbers = {meeting: [p.section.number for p in services.start_minutes(meeting).paragraphs.select_related(
        "section")] for meeting in (later, other_body, next_year)}

    assert numbers[later] == [11, 12]
    assert numbers[other_body] == [1]
    assert numbers[next_year] == [1]


def test_an_item_raised_at_the_meeting_gets_the_next_number(held_meeting):
    minutes = services.start_minutes(held_meeting)
    paragraph = services.add_paragraph(minutes, "Skrivelse om pendeltågen", decision="Frågan bordläggs.")
    assert paragraph.section.number == 11
    assert paragraph.added_at_meeting


def test_removing_a_paragraph_from_a_draft_closes_the_gap(held_meeting):
    minutes = services.start_minutes(held_meeting)
    minutes.paragraphs.get(section__number=4).delete()
    services.renumber(minutes)
    assert [p.section.number for p in minutes.paragraphs.select_related("section")] == list(range(1, 10))
    assert [p.title for p in minutes.paragraphs.order_by("section__number")][3] == "Tvärförbindelse Södertörn"
    assert Section.objects.filter(meeting=held_meeting).count() == 9


def test_a_meeting_has_one_set_of_minutes_being_written(held_meeting):
    services.start_minutes(held_meeting)
    with pytest.raises(services.MinutesError, match="redan ett protokoll|already has minutes"):
        services.start_minutes(held_meeting)
    assert Minutes.objects.count() == 1


def test_the_secretary_writes_the_minutes_from_the_admin(secretary_client, held_meeting):
    page = secretary_client.get(reverse("admin:minutes_minutes_add") + f"?meeting={held_meeting.pk}")
    assert page.status_code == 200
    response = secretary_client.post(reverse("admin:minutes_minutes_add"), {"meeting": held_meeting.pk})
    minutes = Minutes.objects.get()
    assert response.status_code == 302 and response["Location"] == change_page(minutes)

    page = secretary_client.get(change_page(minutes)).content.decode()
    assert "Ersättare Tyresö" in page and "§ 10" in page
    assert "Välj en eller två justerare" in page  # what stands in the way of sending


def test_an_official_reads_the_minutes_but_cannot_change_them(client, django_user_model, held_meeting):
    minutes = prepared(held_meeting)
    official = django_user_model.objects.create_user("tjansteperson", is_staff=True)
    group = Group.objects.create(name="Läsare")
    group.permissions.set(Permission.objects.filter(codename__startswith="view_",
                                                    content_type__app_label__in=["minutes", "meetings", "bodies"]))
    official.groups.add(group)
    client.force_login(official)

    page = client.get(change_page(minutes))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    assert client.post(reverse("admin:minutes_minutes_send", args=[minutes.pk])).status_code == 403
    assert client.post(reverse("admin:minutes_minutes_add"), {"meeting": held_meeting.pk}).status_code == 403
    minutes.refresh_from_db()
    assert minutes.state == Minutes.State.DRAFT


def test_anonymous_visitors_are_sent_to_the_login(client, held_meeting):
    minutes = prepared(held_meeting)
    response = client.get(change_page(minutes))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_saving_minutes_out_for_justering_is_refused_with_a_message(secretary_client, held_meeting):
    minutes = prepared(held_meeting)
    Minutes.objects.filter(pk=minutes.pk).update(state=Minutes.State.JUSTERING)
    paragraph = minutes.paragraphs.order_by("section__number").first()

    response = secretary_client.post(change_page(minutes), {"chair": "", "secretary": ""}, follow=True)

    assert "skickat för justering" in response.content.decode() or "ute på justering" in response.content.decode()
    paragraph.refresh_from_db()
    assert paragraph.title == "Mötets öppnande"
    assert Paragraph.objects.filter(minutes=minutes).count() == 10


def test_the_roles_migration_lets_the_secretariat_write_minutes_and_officials_read_them(db):
    secretariat = set(Group.objects.get(name="Sekretariatet").permissions.filter(
        content_type__app_label="minutes").values_list("codename", flat=True))
    officials = set(Group.objects.get(name="Kommunala tjänstepersoner").permissions.filter(
        content_type__app_label="minutes").values_list("codename", flat=True))
    assert {"add_minutes", "change_minutes", "change_paragraph", "change_assignment"} <= secretariat
    assert {"view_minutes", "view_paragraph", "view_assignment"} <= officials
    assert not {codename for codename in officials if not codename.startswith("view_")}


def test_the_meetings_admin_page_leads_to_its_minutes(secretary_client, held_meeting):
    meeting_page = reverse("admin:meetings_meeting_change", args=[held_meeting.pk])
    write = reverse("admin:minutes_minutes_add") + f"?meeting={held_meeting.pk}"
    assert f'href="{write}">Skriv protokoll<' in secretary_client.get(meeting_page).content.decode()

    minutes = services.start_minutes(held_meeting)

    page = secretary_client.get(meeting_page).content.decode()
    assert f'href="{change_page(minutes)}">Protokoll<' in page and write not in page
