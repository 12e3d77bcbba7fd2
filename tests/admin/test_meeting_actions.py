"""Bulk work on the meeting list: confirm, cancel, move by a number of days, publish documents, export the
selected rows; and the warning when a saved meeting falls on a day to look at again."""

import datetime
import re
from html import unescape

from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from apps.meetings.models import Document, Meeting

from .forms import form_values
from .spreadsheets import CSV, rows

D = datetime.date
LIST = "admin:meetings_meeting_changelist"


def messages_of(response):
    """The messages above the page, as the secretary reads them."""
    html = response.content.decode()
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", m)).split())
            for m in re.findall(r'<li class="(?:success|info|warning|error)">(.*?)</li>', html, re.S)]


def act(client, action, meetings, **data):
    return client.post(reverse(LIST), {
        "action": action, ACTION_CHECKBOX_NAME: [m.pk for m in meetings], **data}, follow=True)


def committee_meeting(portal, day):
    return Meeting.objects.get(body=portal["bodies"]["committee"], date=day)


def test_the_list_offers_the_bulk_actions_in_swedish(secretary_client, portal):
    page = secretary_client.get(reverse(LIST)).content.decode()
    for label in ["Bekräfta markerade möten", "Ställ in markerade möten", "Flytta markerade möten ett antal dagar",
                  "Publicera handlingarna för markerade möten", "Exportera markerade möten"]:
        assert f">{label}</option>" in page


def test_confirming_makes_drafts_and_planned_meetings_confirmed_and_leaves_cancelled_ones(secretary_client, portal):
    committee = portal["bodies"]["committee"]
    draft = Meeting.objects.create(body=committee, date=D(2018, 2, 1), is_draft=True)
    planned = Meeting.objects.create(body=committee, date=D(2018, 3, 1))
    cancelled = Meeting.objects.create(body=committee, date=D(2018, 5, 3), status=Meeting.Status.CANCELLED)
    done = act(secretary_client, "confirm_meetings", [draft, planned, cancelled])
    said = messages_of(done)
    assert "2 möten har bekräftats och är offentliga." in said
    assert any(m.startswith("Lämnades som de var eftersom de är inställda eller genomförda:") for m in said)
    for meeting in (draft, planned, cancelled):
        meeting.refresh_from_db()
    assert (draft.status, draft.is_draft) == (Meeting.Status.CONFIRMED, False)
    assert planned.status == Meeting.Status.CONFIRMED
    assert cancelled.status == Meeting.Status.CANCELLED


def test_cancelling_asks_first_and_keeps_the_reason_in_the_history(secretary_client, portal):
    meeting = committee_meeting(portal, D(2017, 5, 4))
    question = act(secretary_client, "cancel_meetings", [meeting])
    assert 'name="reason"' in question.content.decode()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CONFIRMED

    done = act(secretary_client, "cancel_meetings", [meeting], apply="1", reason="För få anmälda")
    assert "1 möte har ställts in." in messages_of(done)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert meeting.history.first().history_change_reason == "För få anmälda"
    history = secretary_client.get(reverse("admin:meetings_meeting_history", args=[meeting.pk]))
    assert "För få anmälda" in history.content.decode()


def test_a_held_meeting_is_not_cancelled(secretary_client, portal):
    meeting = committee_meeting(portal, D(2017, 2, 2))
    meeting.status = Meeting.Status.HELD
    meeting.save()
    done = act(secretary_client, "cancel_meetings", [meeting], apply="1", reason="")
    assert "0 möten har ställts in." in messages_of(done)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD


def test_moving_asks_for_the_number_of_days_and_moves_the_whole_meeting(secretary_client, portal):
    management = portal["bodies"]["management"]
    conference = Meeting.objects.create(body=management, date=D(2017, 4, 6), end_date=D(2017, 4, 7),
                                        kind=Meeting.Kind.PLANNING_CONFERENCE)
    month_only = Meeting.objects.create(body=management, date=D(2017, 12, 1), date_precision=Meeting.Precision.MONTH)
    question = act(secretary_client, "move_meetings", [conference, month_only])
    assert 'name="days"' in question.content.decode()

    done = act(secretary_client, "move_meetings", [conference, month_only], apply="1", days="7")
    said = messages_of(done)
    assert "1 möte har flyttats 7 dagar." in said
    assert any(m.startswith("Flyttades inte eftersom de bara är kända till månaden") for m in said)
    conference.refresh_from_db()
    month_only.refresh_from_db()
    # A week later is Easter 2017: skärtorsdagen and långfredagen, which the secretary is told at once.
    assert (conference.date, conference.end_date) == (D(2017, 4, 13), D(2017, 4, 14))
    assert any("2017-04-13 är skärtorsdagen" in m and "2017-04-14 är en helgdag (Långfredagen)" in m for m in said)
    assert month_only.date == D(2017, 12, 1)


def test_moving_by_no_days_or_by_words_asks_again_and_moves_nothing(secretary_client, portal):
    meeting = committee_meeting(portal, D(2017, 5, 4))
    for days, error in [("0", "Ange ett antal dagar som inte är 0."), ("en vecka", "Fyll i ett heltal."),
                        ("9999", "366")]:
        page = act(secretary_client, "move_meetings", [meeting], apply="1", days=days)
        assert page.status_code == 200
        assert error in unescape(page.content.decode())
    meeting.refresh_from_db()
    assert meeting.date == D(2017, 5, 4)


def test_moving_a_meeting_onto_a_holiday_warns_in_the_list(secretary_client, portal):
    meeting = committee_meeting(portal, D(2017, 5, 4))
    done = act(secretary_client, "move_meetings", [meeting], apply="1", days="21")
    assert any("2017-05-25 är en helgdag (Kristi himmelsfärdsdag)" in m for m in messages_of(done))
    meeting.refresh_from_db()
    assert meeting.date == D(2017, 5, 25)


def test_publishing_documents_makes_them_readable_and_says_when_the_agenda_is_not(secretary_client, portal):
    meeting = committee_meeting(portal, D(2017, 2, 2))
    document = Document.objects.get(meeting=meeting)
    assert not document.is_public()
    done = act(secretary_client, "publish_documents", [meeting])
    said = messages_of(done)
    assert "Handlingarna för 1 möte har publicerats." in said
    assert any(m.startswith("Föredragningslistan för") and "är inte publicerad" in m for m in said)
    meeting.refresh_from_db()
    assert meeting.documents_published
    assert Document.objects.get(pk=document.pk).is_public()


def test_documents_of_a_draft_stay_hidden(portal):
    meeting = Meeting.objects.create(body=portal["bodies"]["committee"], date=D(2018, 2, 1), is_draft=True,
                                     documents_published=True)
    document = Document.objects.create(meeting=meeting, title="Kallelse", file="meetings/2018/kallelse.pdf")
    assert not document.is_public()


def test_exporting_the_selected_meetings_writes_only_those_rows_in_swedish(secretary_client, portal):
    chosen = [committee_meeting(portal, D(2017, 2, 2)), committee_meeting(portal, D(2017, 3, 2))]
    page = act(secretary_client, "export_selected", chosen)
    html = page.content.decode()
    assert 'name="export_items"' in html
    export_url = reverse("admin:meetings_meeting_export")
    exported = secretary_client.post(export_url, {
        "format": CSV, "resource": "0", "export_items": [str(m.pk) for m in chosen]})
    table = rows(exported.content, CSV)
    assert len(table) == 3  # the heading and the two meetings
    assert "datum" in [cell.lower() for cell in table[0]]
    assert sorted(row[table[0].index("id")] for row in table[1:]) == sorted(str(m.pk) for m in chosen)


def change_form_values(client, meeting):
    html = client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk])).content.decode()
    start = html.index('id="meeting_form"')
    return form_values(html[start:html.index("</form>", start)])


def test_saving_a_meeting_on_a_holiday_warns_but_saves(secretary_client, portal):
    meeting = committee_meeting(portal, D(2017, 5, 4))
    values = change_form_values(secretary_client, meeting)
    values["date"] = ["2017-05-25"]
    done = secretary_client.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), values, follow=True)
    said = messages_of(done)
    assert any("Se över" in m and "2017-05-25 är en helgdag (Kristi himmelsfärdsdag)" in m for m in said)
    meeting.refresh_from_db()
    assert meeting.date == D(2017, 5, 25)


def test_saving_a_meeting_on_another_bodys_day_warns_of_the_clash(secretary_client, portal):
    management = portal["bodies"]["management"]
    meeting = Meeting.objects.filter(body=management, date__year=2017).order_by("date").first()
    values = change_form_values(secretary_client, meeting)
    values["date"] = ["2017-02-02"]  # the committee's first meeting
    done = secretary_client.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), values, follow=True)
    assert any("krockar med Samarbetskommittén samma dag" in m for m in messages_of(done))


def test_saving_a_meeting_on_an_ordinary_day_gives_no_warning(secretary_client, portal):
    meeting = committee_meeting(portal, D(2017, 5, 4))
    values = change_form_values(secretary_client, meeting)
    values["date"] = ["2017-05-11"]
    done = secretary_client.post(reverse("admin:meetings_meeting_change", args=[meeting.pk]), values, follow=True)
    assert not any("Se över" in m for m in messages_of(done))
