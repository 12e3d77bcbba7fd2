"""One rule for what is public (apps/meetings/models.py, public_rule): every reader of a meeting shows its agenda,
its documents and its minutes exactly when the rule says, for every combination of a published agenda, published
documents, a meeting past or upcoming, cancelled or not, and published minutes.

The 32 meetings are made once for the module (in a transaction rolled back at its end); each reader is one test
that goes through all of them and names every meeting where it disagrees with the rule.
"""

import datetime
import io
import itertools
import json
import re
from dataclasses import dataclass
from html import unescape

import pytest
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar
from pypdf import PdfReader, PdfWriter

from apps.bodies.models import Body
from apps.meetings.models import AgendaItem, Document, Meeting
from apps.minutes.models import Minutes, Paragraph, Section



def blank_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF = blank_pdf()

pytestmark = pytest.mark.django_db


@dataclass
class Case:
    """One meeting of the grid: what was set, what the rule makes public, and the rows made for it."""

    agenda: bool
    documents: bool
    past: bool
    cancelled: bool
    minutes: bool
    meeting: Meeting = None
    code: str = ""
    item_word: str = ""
    attachment: Document = None
    loose: Document = None
    minutes_file: Document = None
    versions: tuple = ()
    decision_word: str = ""

    def __str__(self):
        flags = ("agenda", "documents", "past", "cancelled", "minutes")
        return "+".join(name for name in flags if getattr(self, name)) or "nothing"

    # What the rule says, in the words of the brief.
    @property
    def held(self):
        return self.past and not self.cancelled

    @property
    def agenda_public(self):
        return self.agenda

    @property
    def papers_public(self):
        return self.agenda and self.documents

    @property
    def loose_public(self):
        return self.documents

    @property
    def minutes_file_public(self):
        return self.documents and self.held

    @property
    def minutes_public(self):
        return self.minutes and self.held


def page_text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def make_grid(today, now) -> list[Case]:
    body = Body.objects.create(
        name="Rutnätskommittén", short_name="Rutnätet", slug="rutnatet", kind=Body.Kind.COMMITTEE,
        usual_start=datetime.time(12), usual_end=datetime.time(15),
    )
    cases = []
    section_numbers = itertools.count(1)
    for number, flags in enumerate(itertools.product((False, True), repeat=5)):
        case = Case(*flags)
        case.code = code = f"{number:02d}"
        case.meeting = meeting = Meeting.objects.create(
            body=body, title=f"Rutnätsmöte {code}",
            date=today + datetime.timedelta(days=-10 if case.past else 10),
            status=Meeting.Status.CANCELLED if case.cancelled else Meeting.Status.CONFIRMED,
            agenda_published_at=now - datetime.timedelta(days=1) if case.agenda else None,
            documents_published=case.documents,
        )
        case.item_word = f"punktord{code}q"
        item = AgendaItem.objects.create(meeting=meeting, number=1, title=f"Ärendet {case.item_word}")
        case.attachment = attach(meeting, f"Bilagan bilageord{code}q", agenda_item=item)
        case.loose = attach(meeting, f"Handlingen losord{code}q")
        case.minutes_file = attach(meeting, f"Protokollfilen filprotokoll{code}q", kind=Document.Kind.MINUTES)
        case.decision_word = f"beslutsord{code}q"
        if case.minutes:
            # An adjusted version replaced by a second one, which is published.
            first = adjusted(meeting, 1, published=False)
            second = adjusted(meeting, 2, published=True, reason="Rättelse av en siffra.")
            section = Section.objects.create(body=body, year=meeting.date.year, number=next(section_numbers),
                                             meeting=meeting)
            Paragraph.objects.create(minutes=second, section=section, title=f"Beslutet {case.decision_word}",
                                     decision="Kommittén beslutar enligt förslaget.")
            case.versions = (first, second)
        else:
            case.versions = (Minutes.objects.create(meeting=meeting),)  # being written
        cases.append(case)
    return cases


def attach(meeting, title, **fields):
    document = Document(meeting=meeting, title=title, **fields)
    document.file.save(f"{title.split()[-1]}.pdf", ContentFile(PDF))
    return document


def adjusted(meeting, version, *, published, reason=""):
    minutes = Minutes.objects.create(
        meeting=meeting, version=version, reason=reason, state=Minutes.State.ADJUSTED, adjusted_at=timezone.now(),
        published=published,
    )
    minutes.pdf.save(f"protokoll-{meeting.pk}-v{version}.pdf", ContentFile(PDF))
    return minutes


@pytest.fixture(scope="module")
def grid(django_db_setup, django_db_blocker, tmp_path_factory):
    """The 32 meetings, made once in a transaction the module's tests run inside and that is rolled back after."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")), django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield make_grid(timezone.localdate(), timezone.now())
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def disagreements(grid, check) -> list[str]:
    """The cases where `check(case)` (a list of (what, shown, should be shown)) finds a reader disagree with the
    rule, named."""
    found = []
    for case in grid:
        for what, shown, expected in check(case):
            if shown != expected:
                found.append(f"{case}: {what} {'shown' if shown else 'hidden'}, the rule says "
                             f"{'public' if expected else 'not public'}")
    return found


def meeting_page(client, case):
    response = client.get(case.meeting.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    text = page_text(html)
    published = case.versions[-1]
    return [
        ("agenda item", case.item_word in text, case.agenda_public),
        ("attachment's title", "bilageord" in text, case.papers_public),
        ("document's title", "losord" in text, case.loose_public),
        ("minutes file's title", "filprotokoll" in text, case.minutes_file_public),
        ("minutes link", reverse("minutes:pdf", args=[published.pk]) in html, case.minutes_public),
        ("minutes' decision", case.decision_word in text, case.minutes_public),
        ("bundle link", reverse("documents:bundle", args=[case.meeting.pk]) in html, case.papers_public),
    ]


def served(response) -> bool:
    assert response.status_code in (200, 404), response.status_code
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == PDF
    return response.status_code == 200


def files(client, case):
    return [
        ("attachment's file", served(client.get(case.attachment.file.url)), case.papers_public),
        ("document's file", served(client.get(case.loose.file.url)), case.loose_public),
        ("minutes file", served(client.get(case.minutes_file.file.url)), case.minutes_file_public),
        *((f"minutes PDF v{minutes.version}", served(client.get(reverse("minutes:pdf", args=[minutes.pk]))),
           case.minutes_public and minutes.state == Minutes.State.ADJUSTED) for minutes in case.versions),
    ]


def hits(client, word) -> str:
    """The text of the search's hits for `word` (the page repeats the query itself in its form)."""
    html = client.get(reverse("portal:search"), {"q": word}).content.decode()
    return page_text(" ".join(re.findall(r'<ul class="hits">(.*?)</ul>', html, re.S)))


def search(client, grid):
    """Each kind's words begin alike (`punktord00q`, `punktord01q` …) and a word of three letters or more also finds
    the words it begins: one search per kind finds every public one of the grid (at most 16, within one page)."""
    found = {}
    for prefix in ("punktord", "bilageord", "losord", "filprotokoll", "beslutsord"):
        found[prefix] = set(re.findall(prefix + r"(\d\d)q", hits(client, prefix)))

    def check(case):
        return [
            ("agenda item in search", case.code in found["punktord"], case.agenda_public),
            ("attachment in search", case.code in found["bilageord"], case.papers_public),
            ("document in search", case.code in found["losord"], case.loose_public),
            ("minutes file in search", case.code in found["filprotokoll"], case.minutes_file_public),
            ("decision in search", case.code in found["beslutsord"], case.minutes_public),
        ]

    return check


READERS = {
    "meeting page": lambda client, grid: lambda case: meeting_page(client, case),
    "files": lambda client, grid: lambda case: files(client, case),
    "search": search,
}


@pytest.mark.parametrize("reader", READERS)
def test_every_reader_shows_exactly_what_the_rule_makes_public(client, grid, reader):
    assert disagreements(grid, READERS[reader](client, grid)) == []


def test_the_feed_links_the_minutes_exactly_when_they_are_public(client, grid):
    feed = Calendar.from_ical(client.get(reverse("meetings:feed")).content)
    events = {str(event["UID"]): str(event.get("DESCRIPTION", "")) for event in feed.walk("VEVENT")}

    def check(case):
        description = events[f"meeting-{case.meeting.pk}@sodertorn.se"]
        return [("minutes in the feed", reverse("minutes:pdf", args=[case.versions[-1].pk]) in description,
                 case.minutes_public)]

    assert disagreements(grid, check) == []


def test_the_open_data_holds_the_minutes_exactly_when_they_are_public(client, grid):
    rows = {}
    for year in {case.meeting.date.year for case in grid}:
        for row in json.loads(client.get(reverse("meetings:year_json", args=[year])).content)["meetings"]:
            rows[row["id"]] = row

    def check(case):
        row = rows[case.meeting.pk]
        decisions = " ".join(decision["title"] for decision in row["decisions"] or [])
        return [
            ("minutes in the open data", bool(row["minutes_url"]), case.minutes_public),
            ("decisions in the open data", case.decision_word in decisions, case.minutes_public),
        ]

    assert disagreements(grid, check) == []


def test_the_bundle_of_papers_is_served_exactly_when_the_papers_are_public(client, grid):
    def check(case):
        if case.past or case.cancelled:  # the bundle reads neither; one of each other combination renders
            return []
        response = client.get(reverse("documents:bundle", args=[case.meeting.pk]))
        assert response.status_code in (200, 404)
        return [("bundle", response.status_code == 200, case.papers_public)]

    assert disagreements(grid, check) == []


def test_the_public_kallelse_names_the_attachments_only_once_they_are_public(client, grid):
    texts = {}
    for case in grid:
        if case.agenda and not case.past and not case.cancelled and not case.minutes:
            pdf = PdfReader(io.BytesIO(client.get(reverse("documents:agenda", args=[case.meeting.pk])).content))
            texts[case.documents] = " ".join(page.extract_text() for page in pdf.pages)
    assert "bilageord" in texts[True]
    assert "bilageord" not in texts[False]


def test_staff_read_every_file_and_adjusted_minutes_and_see_everything_in_the_admin(client, grid, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("granskare", "granskare@example.se", "x" * 16))

    def check(case):
        adjusted_versions = [minutes for minutes in case.versions if minutes.state == Minutes.State.ADJUSTED]
        return [
            ("attachment's file to staff", served(client.get(case.attachment.file.url)), True),
            ("minutes file to staff", served(client.get(case.minutes_file.file.url)), True),
            *(("adjusted minutes to staff", served(client.get(reverse("minutes:pdf", args=[minutes.pk]))), True)
              for minutes in adjusted_versions),
        ]

    assert disagreements(grid, check) == []
    hidden = next(case for case in grid if not (case.agenda or case.documents or case.past))
    text = page_text(client.get(reverse("admin:meetings_meeting_change", args=[hidden.meeting.pk])).content.decode())
    assert hidden.item_word in text
    assert "bilageord" in text and "losord" in text and "filprotokoll" in text
