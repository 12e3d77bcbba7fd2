"""A meeting's public page: what, when, where, who hosts, its agenda, documents and minutes."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from apps.bodies.models import Body
from apps.meetings.models import AgendaItem, Document, Meeting
from apps.municipalities.models import Municipality


def page_text(response):
    html = response.content.decode()
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


@pytest.fixture
def committee(db):
    return Body.objects.create(
        name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén", slug="samarbetskommitten",
        kind=Body.Kind.COMMITTEE, usual_start=datetime.time(12), usual_end=datetime.time(15),
    )


@pytest.fixture
def meeting(committee):
    meeting = Meeting.objects.create(
        body=committee, date=datetime.date(2017, 2, 2), place="Huddinge kommunhus, Sessionssalen",
        status=Meeting.Status.HELD, agenda_published_at=timezone.make_aware(datetime.datetime(2017, 1, 26, 9)),
    )
    meeting.hosts.set([
        Municipality.objects.create(name="Södertälje", slug="sodertalje", code="0181"),
        Municipality.objects.create(name="Nykvarn", slug="nykvarn", code="0140"),
    ])
    AgendaItem.objects.create(
        meeting=meeting, number=1, title="Inriktning 2017", presenter="Sekretariatet",
        asked=AgendaItem.Asked.DECISION, proposed_decision="Samarbetskommittén fastställer inriktningen för 2017.",
    )
    AgendaItem.objects.create(
        meeting=meeting, number=2, title="Södertörns positionering i RUFS 2050", presenter="Planeringschefsnätverket",
        asked=AgendaItem.Asked.INFORMATION,
    )
    return meeting


def add_documents(meeting):
    item = meeting.items.get(number=1)
    Document.objects.create(meeting=meeting, agenda_item=item, title="Inriktning 2017, förslag",
                            file="meetings/2017/inriktning.pdf")
    Document.objects.create(meeting=meeting, kind=Document.Kind.MINUTES, title="Protokoll 2 februari 2017",
                            file="meetings/2017/protokoll.pdf")


def test_the_meeting_page_tells_body_date_time_place_and_hosts(client, meeting):
    text = page_text(client.get(f"/en/moten/mote/{meeting.pk}/"))
    assert "Body Södertörnskommunernas samarbetskommitté" in text
    assert "When Thursday 2 February 2017, 12:00–15:00" in text
    assert "Place Huddinge kommunhus, Sessionssalen" in text
    assert "Hosts Nykvarn and Södertälje" in text
    assert "Status Held" in text


def test_the_meeting_page_is_in_swedish_by_default(client, meeting):
    text = page_text(client.get(f"/moten/mote/{meeting.pk}/"))
    assert "torsdag 2 februari 2017 kl. 12.00–15.00" in text
    assert "Värdar Nykvarn och Södertälje" in text


def test_the_hosts_link_to_their_municipality_pages(client, meeting):
    html = client.get(f"/moten/mote/{meeting.pk}/").content.decode()
    assert '<a href="/kommuner/nykvarn/">Nykvarn</a>' in html


def test_a_published_agenda_shows_each_item_with_presenter_what_is_asked_and_proposed_decision(client, meeting):
    text = page_text(client.get(f"/en/moten/mote/{meeting.pk}/"))
    assert "1. Inriktning 2017 Presenter Sekretariatet Asked of the meeting Decision" in text
    assert "Proposed decision Samarbetskommittén fastställer inriktningen för 2017." in text
    assert "2. Södertörns positionering i RUFS 2050 Presenter Planeringschefsnätverket" in text
    assert text.index("1. Inriktning") < text.index("2. Södertörns")


def test_an_agenda_not_yet_published_is_not_shown(client, meeting):
    meeting.agenda_published_at = None
    meeting.save()
    text = page_text(client.get(f"/en/moten/mote/{meeting.pk}/"))
    assert "The agenda has not been published yet." in text
    assert "Inriktning 2017" not in text


def test_an_agenda_to_be_published_later_is_not_shown_yet(client, meeting):
    meeting.agenda_published_at = timezone.now() + datetime.timedelta(days=1)
    meeting.save()
    assert "Inriktning 2017" not in page_text(client.get(f"/en/moten/mote/{meeting.pk}/"))


def test_documents_are_hidden_until_the_secretariat_publishes_them(client, meeting):
    add_documents(meeting)
    text = page_text(client.get(f"/en/moten/mote/{meeting.pk}/"))
    assert "Inriktning 2017, förslag" not in text
    assert "Protokoll 2 februari 2017" not in text


def test_published_attachments_are_shown_under_their_agenda_item(client, meeting):
    add_documents(meeting)
    meeting.documents_published = True
    meeting.save()
    response = client.get(f"/en/moten/mote/{meeting.pk}/")
    text = page_text(response)
    assert "Attachments Inriktning 2017, förslag" in text
    assert text.index("Inriktning 2017, förslag") < text.index("2. Södertörns positionering")
    assert 'href="/en/moten/dokument/meetings/2017/inriktning.pdf"' in response.content.decode()


def test_the_minutes_of_a_held_meeting_are_shown_once_published(client, meeting):
    add_documents(meeting)
    meeting.documents_published = True
    meeting.save()
    assert "Minutes Protokoll 2 februari 2017" in page_text(client.get(f"/en/moten/mote/{meeting.pk}/"))


def test_a_meeting_not_yet_held_has_no_minutes_section(client, meeting):
    meeting.status = Meeting.Status.CONFIRMED
    meeting.save()
    assert "Minutes" not in page_text(client.get(f"/en/moten/mote/{meeting.pk}/"))


def test_a_cancelled_meeting_says_so_in_words(client, meeting):
    meeting.status = Meeting.Status.CANCELLED
    meeting.save()
    text = page_text(client.get(f"/en/moten/mote/{meeting.pk}/"))
    assert "This meeting is cancelled." in text
    assert "Status Cancelled" in text


def test_a_meeting_known_only_to_the_month_says_its_date_is_not_fixed(client, committee):
    meeting = Meeting.objects.create(body=committee, date=datetime.date(2018, 1, 1),
                                     date_precision=Meeting.Precision.MONTH)
    text = page_text(client.get(f"/moten/mote/{meeting.pk}/"))
    assert "När januari 2018 (datum ej fastställt)" in text
    assert "Ingen värdkommun" in text


def test_the_meeting_page_links_back_to_its_month_in_the_calendar(client, meeting):
    assert 'href="/en/moten/2017/2/"' in client.get(f"/en/moten/mote/{meeting.pk}/").content.decode()


def test_an_unknown_meeting_is_not_found(client, db):
    assert client.get("/moten/mote/999999/").status_code == 404
    assert client.get("/moten/mote/abc/").status_code == 404
