import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from apps.meetings.models import AgendaItem, Meeting

from .pdfs import text


def agenda(client, meeting):
    return client.get(reverse("documents:agenda", args=[meeting.pk]))


def test_agenda_is_named_after_the_body_and_the_day_and_opens_in_the_browser(client, meeting):
    response = agenda(client, meeting)
    assert response["Content-Disposition"] == 'inline; filename="kallelse-samarbetskommitten-2017-02-02.pdf"'


def test_agenda_says_when_in_swedish(client, meeting):
    assert "torsdag 2 februari 2017 kl. 12.00–15.00" in text(agenda(client, meeting))


def test_agenda_says_where_and_who_hosts(client, meeting):
    content = text(agenda(client, meeting))
    assert "Haninge kulturhus, Poseidons torg 8" in content
    assert "Värdkommun Haninge" in content


def test_agenda_says_who_is_called(client, meeting):
    content = text(agenda(client, meeting))
    assert "Kommunstyrelsens ordförande i var och en av de åtta Södertörnskommunerna." in content
    assert "Åsa Öberg Ordförande, kommunstyrelsens ordförande Haninge" in content


def test_agenda_leaves_out_roles_that_had_ended_by_the_meeting(client, meeting, chair):
    chair.end = datetime.date(2016, 12, 31)
    chair.save()
    assert "Åsa Öberg" not in text(agenda(client, meeting))


def test_agenda_items_are_numbered_with_presenter_what_is_asked_and_proposed_decision(client, meeting):
    content = text(agenda(client, meeting))
    assert (
        "2. Budget för sekretariatet 2017 Föredragande Sekretariatet Ärendet gäller Beslut "
        "Avgiften från kommunerna är 945 000 kr. "
        "Förslag till beslut Samarbetskommittén fastställer budgeten för 2017."
    ) in content
    assert "3. Näringslivsklimatet på Södertörn Föredragande Näringslivscheferna Ärendet gäller Diskussion" in content


def test_agenda_lists_the_attachments_with_their_items_once_the_papers_are_published(client, meeting):
    # The public kallelse names an attachment only where its file is served too (the public rule, issue 13).
    assert "Förslag till budget 2017" not in text(agenda(client, meeting))
    meeting.documents_published = True
    meeting.save()
    content = text(agenda(client, meeting))
    assert "Bilaga 1: Förslag till budget 2017" in content
    assert "Bilagor Bilaga 1: Förslag till budget 2017 (till punkt 2)" in content


def test_agenda_names_the_secretariat_as_sender(client, meeting):
    assert f"Avsändare {settings.SECRETARIAT_NAME}" in text(agenda(client, meeting))


def test_agenda_without_items_is_still_a_document_that_says_so(client, committee):
    meeting = Meeting.objects.create(body=committee, date=datetime.date(2017, 3, 23))
    content = text(agenda(client, meeting))
    assert "torsdag 23 mars 2017 kl. 12.00–15.00" in content
    assert "Föredragningslistan är ännu inte klar." in content


def test_agenda_of_a_month_only_meeting_gives_the_month_and_says_the_date_is_not_fixed(client, committee):
    meeting = Meeting.objects.create(body=committee, date=datetime.date(2018, 1, 1),
                                     date_precision=Meeting.Precision.MONTH)
    response = agenda(client, meeting)
    assert "januari 2018, datum ej fastställt" in text(response)
    assert response["Content-Disposition"] == 'inline; filename="kallelse-samarbetskommitten-2018-01.pdf"'


def test_agenda_of_a_meeting_over_two_days_with_two_hosts_names_both(client, committee, municipalities):
    meeting = Meeting.objects.create(
        body=committee, kind=Meeting.Kind.PLANNING_CONFERENCE,
        date=datetime.date(2017, 8, 16), end_date=datetime.date(2017, 8, 17),
    )
    meeting.hosts.add(municipalities["Nykvarn"], municipalities["Södertälje"])
    content = text(agenda(client, meeting))
    assert "16–17 augusti 2017" in content
    assert "Värdkommuner Södertälje och Nykvarn" in content
    assert "Södertörnskommunernas samarbetskommitté, planeringskonferens" in content


def test_agenda_of_a_cancelled_meeting_says_it_is_cancelled(client, meeting):
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    assert "Mötet är inställt." in text(agenda(client, meeting))


@pytest.fixture
def unpublished(meeting):
    meeting.agenda_published_at = None
    meeting.save()
    return meeting


def test_visitor_gets_no_items_before_the_agenda_is_published(client, unpublished):
    content = text(agenda(client, unpublished))
    assert "Föredragningslistan är ännu inte klar." in content
    assert "Budget för sekretariatet 2017" not in content


def test_secretariat_sees_the_unpublished_agenda_marked_as_a_draft(editor_client, unpublished):
    content = text(agenda(editor_client, unpublished))
    assert "Utkast – föredragningslistan är ännu inte publicerad." in content
    assert "2. Budget för sekretariatet 2017" in content


def test_agenda_published_for_a_later_time_is_not_public_yet(client, meeting):
    meeting.agenda_published_at = timezone.now() + datetime.timedelta(days=2)
    meeting.save()
    assert "Budget för sekretariatet 2017" not in text(agenda(client, meeting))


def test_agenda_item_with_no_presenter_leaves_the_line_out(client, meeting):
    AgendaItem.objects.create(meeting=meeting, number=4, title="Övriga frågor", asked=AgendaItem.Asked.INFORMATION)
    assert "4. Övriga frågor Ärendet gäller Information" in text(agenda(client, meeting))


def test_unknown_meeting_is_not_found(client, db):
    assert client.get(reverse("documents:agenda", args=[9999])).status_code == 404


def test_agenda_is_also_reached_from_the_english_pages(client, meeting):
    response = client.get(f"/en/dokument/kallelse/{meeting.pk}/")
    assert "torsdag 2 februari 2017" in text(response)
