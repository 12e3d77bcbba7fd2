"""Adjusted minutes are public: on the meeting's page, in the bundle of papers after the kallelse, in search (each
decision by its words) and in the yearly open data; minutes not yet adjusted are seen by staff and by those asked
to confirm them, and by nobody else."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from apps.meetings.models import Meeting
from apps.minutes import services
from apps.minutes.models import Signatory

from .conftest import prepared

pytestmark = pytest.mark.django_db

DECISION_WORDS = "cykelplan"


def adjust(minutes):
    services.send_for_justering(minutes)
    for signatory in minutes.signatories.all():
        services.confirm(signatory, Signatory.Via.LINK)
    minutes.refresh_from_db()
    return minutes


@pytest.fixture
def minutes(held_meeting):
    minutes = prepared(held_meeting)
    cycling = minutes.paragraphs.get(section__number=3)
    cycling.decision = "Samarbetskommittén antar den regionala cykelplanen för Södertörn."
    cycling.save()
    return minutes


@pytest.fixture
def published_papers(held_meeting):
    """The kallelse published as sending it does: the agenda and the documents."""
    Meeting.objects.filter(pk=held_meeting.pk).update(
        agenda_published_at=timezone.now() - timezone.timedelta(days=9), documents_published=True)


def test_minutes_not_yet_adjusted_are_nowhere_public(client, minutes, published_papers):
    services.send_for_justering(minutes)
    page = client.get(reverse("meetings:detail", args=[minutes.meeting_id])).content.decode()
    assert "regionala cykelplanen" not in page and "§ 3" not in page
    search = client.get(reverse("portal:search"), {"q": DECISION_WORDS}).content.decode()
    assert "regionala cykelplanen" not in search
    data = json.loads(client.get(reverse("meetings:year_json", args=[minutes.meeting.date.year])).content)
    assert next(m for m in data["meetings"] if m["id"] == minutes.meeting_id)["decisions"] == []
    assert client.get(reverse("minutes:pdf", args=[minutes.pk])).status_code == 404


def test_the_meeting_page_shows_the_adjusted_minutes_with_each_decision_by_paragraph(client, minutes):
    adjust(minutes)
    page = client.get(reverse("meetings:detail", args=[minutes.meeting_id])).content.decode()

    assert "Protokoll § 1–10, justerat" in page
    assert 'id="paragraf-3"' in page and "§ 3 Regional cykelplan" in page
    assert "Samarbetskommittén antar den regionala cykelplanen för Södertörn." in page
    assert "Ersättare Tyresö, ersättare (tjänstgör för Ledamot Tyresö)" in page
    assert reverse("minutes:pdf", args=[minutes.pk]) in page
    pdf = client.get(reverse("minutes:pdf", args=[minutes.pk]))
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content)[:5] == b"%PDF-"


def test_a_decision_is_found_by_its_words(client, minutes):
    adjust(minutes)
    page = client.get(reverse("portal:search"), {"q": "cykelplanen"}).content.decode()
    assert "Beslut" in page
    assert f'{reverse("meetings:detail", args=[minutes.meeting_id])}#paragraf-3' in page
    assert "Samarbetskommittén antar den regionala cykelplanen för Södertörn." in page


def test_open_data_lists_each_meetings_decisions_by_paragraph(client, minutes):
    adjust(minutes)
    year = minutes.meeting.date.year
    data = json.loads(client.get(reverse("meetings:year_json", args=[year])).content)
    row = next(m for m in data["meetings"] if m["id"] == minutes.meeting_id)
    assert row["decisions"][2] == {"paragraph": 3, "title": "Regional cykelplan",
                                   "decision": "Samarbetskommittén antar den regionala cykelplanen för Södertörn."}
    assert len(row["decisions"]) == 10
    assert row["minutes_url"].endswith(reverse("minutes:pdf", args=[minutes.pk]))

    rows = list(csv.DictReader(io.StringIO(client.get(reverse("meetings:year_csv", args=[year])).content.decode(
        "utf-8-sig"))))
    cell = next(r for r in rows if r["id"] == str(minutes.meeting_id))["decisions"]
    line = "§ 3 Regional cykelplan: Samarbetskommittén antar den regionala cykelplanen för Södertörn."
    assert line in cell.splitlines()


def test_the_bundle_holds_the_minutes_after_the_kallelse(client, minutes, published_papers):
    before = PdfReader(io.BytesIO(client.get(reverse("documents:bundle", args=[minutes.meeting_id])).content))
    adjust(minutes)
    after = PdfReader(io.BytesIO(client.get(reverse("documents:bundle", args=[minutes.meeting_id])).content))

    titles = [item.title for item in after.outline]
    assert titles[0] == "Kallelse" and "Protokoll" in titles
    first_minutes_page = len(before.pages)
    assert "PROTOKOLL" in after.pages[first_minutes_page].extract_text()
    assert len(after.pages) > len(before.pages)


def test_the_people_asked_to_confirm_read_the_draft_through_their_link(client, minutes):
    services.send_for_justering(minutes)
    signatory = minutes.signatories.get(kind=Signatory.Kind.CHAIR)
    link = services.justering_link(signatory).split("/", 3)[3]
    page = client.get("/" + link).content.decode()
    assert "Samarbetskommittén antar den regionala cykelplanen för Södertörn." in page
    pdf = client.get("/" + link + "protokoll.pdf")
    assert pdf.status_code == 200


def test_the_meetings_event_in_the_feeds_links_the_adjusted_minutes(client, minutes):
    import icalendar

    adjust(minutes)
    feed = icalendar.Calendar.from_ical(client.get(reverse("meetings:feed_body", args=["samarbetskommitten"])).content)
    event = next(e for e in feed.walk("VEVENT") if str(e["UID"]) == f"meeting-{minutes.meeting_id}@sodertorn.se")
    assert f"Protokoll: http://testserver{reverse('minutes:pdf', args=[minutes.pk])}" in str(event["DESCRIPTION"])
