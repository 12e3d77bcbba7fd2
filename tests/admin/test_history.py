"""Every change is recorded; an earlier version can be brought back from the history page, and a deleted
meeting or programme can be restored with what was deleted along with it."""

from django.urls import reverse

from apps.meetings.models import Meeting
from apps.programme.models import Adoption, FocusArea, Goal, Programme, SubGoal

from .forms import form_values


def test_secretary_reverts_a_meeting_to_an_earlier_version_from_its_history_page(secretary_client, portal):
    meeting = portal["meetings"][0]
    botkyrka, huddinge = portal["municipalities"]["Botkyrka"], portal["municipalities"]["Huddinge"]
    assert list(meeting.hosts.all()) == [botkyrka]
    change_url = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    values = form_values(secretary_client.get(change_url).content.decode())
    values.update(place=["Huddinge kommunhus"], hosts=[str(huddinge.pk)])
    assert secretary_client.post(change_url, values).status_code == 302

    history_page = secretary_client.get(reverse("admin:meetings_meeting_history", args=[meeting.pk]))
    assert "Huddinge kommunhus" in history_page.content.decode()
    assert "sekreterare" in history_page.content.decode()

    before = meeting.history.filter(place="").first()
    revert_url = reverse("admin:meetings_meeting_simple_history", args=[meeting.pk, before.history_id])
    old_values = form_values(secretary_client.get(revert_url).content.decode())
    assert old_values["place"] == [""]
    assert old_values["hosts"] == [str(botkyrka.pk)]
    assert secretary_client.post(revert_url, old_values).status_code == 302

    meeting.refresh_from_db()
    assert meeting.place == ""
    assert list(meeting.hosts.all()) == [botkyrka]


def test_deleted_meeting_is_restored_with_its_hosts_agenda_and_documents(secretary_client, portal):
    meeting = portal["meetings"][1]
    pk, hosts, shown = meeting.pk, list(meeting.hosts.all()), str(meeting)
    items = list(meeting.items.values_list("number", "title"))
    documents = list(meeting.documents.values_list("title", "file"))
    response = secretary_client.post(reverse("admin:meetings_meeting_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Meeting.objects.filter(pk=pk).exists()

    changelist = secretary_client.get(reverse("admin:meetings_meeting_changelist")).content.decode()
    assert reverse("admin:meetings_meeting_deleted") in changelist
    deleted_page = secretary_client.get(reverse("admin:meetings_meeting_deleted")).content.decode()
    assert shown in deleted_page

    record = Meeting.history.get(id=pk, history_type="-")
    response = secretary_client.post(reverse("admin:meetings_meeting_restore", args=[record.history_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:meetings_meeting_change", args=[pk])

    restored = Meeting.objects.get(pk=pk)
    assert list(restored.hosts.all()) == hosts
    assert list(restored.items.values_list("number", "title")) == items
    assert list(restored.documents.values_list("title", "file")) == documents
    assert restored.history.first().history_user.username == "sekreterare"
    deleted_page = secretary_client.get(reverse("admin:meetings_meeting_deleted")).content.decode()
    assert reverse("admin:meetings_meeting_restore", args=[record.history_id]) not in deleted_page


def test_a_meeting_restored_once_cannot_be_restored_twice(secretary_client, portal):
    meeting = portal["meetings"][2]
    pk = meeting.pk
    secretary_client.post(reverse("admin:meetings_meeting_delete", args=[pk]), {"post": "yes"})
    record = Meeting.history.get(id=pk, history_type="-")
    restore_url = reverse("admin:meetings_meeting_restore", args=[record.history_id])
    secretary_client.post(restore_url)
    response = secretary_client.post(restore_url, follow=True)
    assert "redan återställts" in response.content.decode() or "already been restored" in response.content.decode()
    assert Meeting.objects.filter(pk=pk).count() == 1


def test_deleted_programme_is_restored_with_its_focus_areas_goals_and_adoptions(secretary_client, portal):
    programme = Programme.objects.create(name="Södertörns utvecklingsprogram 2035", slug="2035", valid_from=2019)
    area = FocusArea.objects.create(programme=programme, name="Näringsliv", slug="naringsliv")
    goal = Goal.objects.create(focus_area=area, title="Ett starkt näringsliv")
    SubGoal.objects.create(goal=goal, text="Fler företag")
    Adoption.objects.create(programme=programme, municipality=portal["municipalities"]["Huddinge"],
                            status=Adoption.Status.ADOPTED)
    pk = programme.pk
    response = secretary_client.post(reverse("admin:programme_programme_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Programme.objects.filter(pk=pk).exists()
    assert not Goal.objects.filter(title="Ett starkt näringsliv").exists()

    deleted_page = secretary_client.get(reverse("admin:programme_programme_deleted")).content.decode()
    assert "Södertörns utvecklingsprogram 2035" in deleted_page
    record = Programme.history.get(id=pk, history_type="-")
    secretary_client.post(reverse("admin:programme_programme_restore", args=[record.history_id]))

    restored = Programme.objects.get(pk=pk)
    assert [a.name for a in restored.focus_areas.all()] == ["Näringsliv"]
    assert Goal.objects.get(focus_area__programme=restored).title == "Ett starkt näringsliv"
    assert SubGoal.objects.get(goal__focus_area__programme=restored).text == "Fler företag"
    assert [a.municipality.name for a in restored.adoptions.all()] == ["Huddinge"]


def test_official_cannot_see_or_use_the_list_of_deleted_meetings(official_client, portal):
    assert official_client.get(reverse("admin:meetings_meeting_deleted")).status_code == 403
