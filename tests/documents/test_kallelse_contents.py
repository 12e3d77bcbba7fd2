"""The kallelse holds what a board's kallelse holds: who is called, where, how to report absence, whom to ask."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import formats, timezone
from pypdf import PdfReader

from apps.bodies.models import Person, Role
from apps.documents.views import kallelse_pdf
from apps.meetings.models import Meeting, Notice

from .pdfs import text

STOCKHOLM = ZoneInfo("Europe/Stockholm")


def kallelse(client, meeting):
    return client.get(reverse("documents:agenda", args=[meeting.pk]))


def pdf_text(pdf):
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(pdf)).pages)


def role(committee, name, kind, municipality=None, **person):
    person = Person.objects.create(name=name, municipality=municipality, **person)
    return Role.objects.create(person=person, body=committee, kind=kind, municipality=municipality,
                               start=datetime.date(2015, 1, 1))


@pytest.fixture
def called(committee, municipalities, chair):
    """Beside the chair from Haninge: a member from Nykvarn, Haninge's substitute, a municipal director and the
    secretary at the secretariat."""
    role(committee, "Bo Ek", Role.Kind.MEMBER, municipalities["Nykvarn"], title="Kommunstyrelsens ordförande")
    role(committee, "Per Persson", Role.Kind.SUBSTITUTE, municipalities["Haninge"])
    role(committee, "Karin Lund", Role.Kind.ATTENDING, municipalities["Haninge"], title="Kommundirektör")
    return role(committee, "Lena Berg", Role.Kind.SECRETARY, title="Samordnare", email="lena.berg@huddinge.se",
                phone="08-535 312 00")


def issue(meeting, version, day, changes=""):
    return Notice.objects.create(
        meeting=meeting, version=version, sequence=meeting.sequence, changes=changes,
        issued_at=datetime.datetime.combine(day, datetime.time(10), tzinfo=STOCKHOLM),
    )


def test_called_members_are_listed_with_their_municipality_the_chairs_first(client, meeting, called):
    content = text(kallelse(client, meeting))
    assert (
        "Ledamöter och ersättare Namn Uppdrag Kommun "
        "Åsa Öberg Ordförande, kommunstyrelsens ordförande Haninge Per Persson Ersättare "
        "Bo Ek Ledamot, kommunstyrelsens ordförande Nykvarn"
    ) in content


def test_officials_and_the_secretary_have_lists_of_their_own(client, meeting, called):
    content = text(kallelse(client, meeting))
    assert "Tjänstepersoner Namn Titel Kommun Karin Lund Kommundirektör Haninge" in content
    assert "Sekreterare Lena Berg, samordnare" in content


def test_a_role_that_ended_before_the_meeting_is_not_called(client, meeting, called, committee):
    substitute = Role.objects.get(body=committee, kind=Role.Kind.SUBSTITUTE)
    substitute.end = datetime.date(2016, 12, 31)
    substitute.save()
    assert "Per Persson" not in text(kallelse(client, meeting))


def test_the_contact_person_is_the_bodys_secretary_with_e_mail_and_phone(client, meeting, called):
    content = text(kallelse(client, meeting))
    assert "Kontaktperson Lena Berg, samordnare lena.berg@huddinge.se, tel. 08-535 312 00" in content


def test_absence_is_reported_by_the_working_day_before_the_meeting(client, meeting, called):
    assert (
        "Förhinder anmäls senast onsdag 1 februari 2017 via länken i e-postmeddelandet eller till Lena Berg, "
        "lena.berg@huddinge.se, tel. 08-535 312 00"
    ) in text(kallelse(client, meeting))


def test_the_absence_deadline_skips_a_public_holiday(client, committee, called):
    # Monday 9 January 2017: Friday the 6th is Trettondedag jul, so the last day is Thursday the 5th.
    meeting = Meeting.objects.create(body=committee, date=datetime.date(2017, 1, 9))
    assert "Förhinder anmäls senast torsdag 5 januari 2017" in text(kallelse(client, meeting))


def test_without_a_secretary_absence_is_reported_to_the_secretariat(client, meeting):
    content = text(kallelse(client, meeting))
    assert "via länken i e-postmeddelandet eller till sekretariatet" in content
    assert "Kontaktperson" not in content


def test_diary_number_is_given_when_there_is_one(client, meeting):
    assert "Dnr" not in text(kallelse(client, meeting))
    meeting.diary_number = "KS 2026/17"
    meeting.save()
    assert "Dnr KS 2026/17" in text(kallelse(client, meeting))


def test_without_a_place_of_its_own_the_meeting_is_at_the_hosts_venue(client, meeting, municipalities):
    haninge = municipalities["Haninge"]
    haninge.venue = "Haninge kommunhus, Rudsjöterrassen 2, 136 81 Haninge"
    haninge.save()
    meeting.place = ""
    meeting.save()
    assert "Plats Haninge kommunhus, Rudsjöterrassen 2, 136 81 Haninge" in text(kallelse(client, meeting))


def test_without_place_or_venue_the_kallelse_says_the_place_is_not_decided(client, meeting):
    meeting.place = ""
    meeting.save()
    assert "Plats Inte bestämd ännu, meddelas senare" in text(kallelse(client, meeting))


def test_before_it_is_issued_the_kallelse_is_dated_today_as_a_draft(client, meeting):
    today = formats.date_format(timezone.localdate(), "j F Y")
    assert f"KALLELSE Datum {today} (utkast, ej utskickad)" in text(kallelse(client, meeting))


def test_an_issued_kallelse_is_dated_the_day_it_was_issued(client, meeting):
    issue(meeting, 1, datetime.date(2017, 1, 26))
    content = text(kallelse(client, meeting))
    assert "KALLELSE Datum 26 januari 2017" in content
    assert "utkast" not in content
    assert "Ändrad kallelse" not in content


def test_a_second_notice_makes_it_a_changed_kallelse_saying_what_changed(client, meeting):
    issue(meeting, 1, datetime.date(2017, 1, 26))
    issue(meeting, 2, datetime.date(2017, 1, 30), "Mötet börjar kl. 13.00.\nNytt ärende: Övriga frågor")
    response = kallelse(client, meeting)
    content = text(response)
    assert "ÄNDRAD KALLELSE Datum 30 januari 2017" in content
    assert "Ändrad kallelse – den ersätter kallelsen som skickades tidigare. Detta har ändrats:" in content
    assert "Mötet börjar kl. 13.00." in content
    assert "Nytt ärende: Övriga frågor" in content
    assert PdfReader(io.BytesIO(response.content)).metadata.title.startswith("Ändrad kallelse: ")


def test_issuing_a_notice_gives_a_new_document_past_the_cache(client, meeting):
    issue(meeting, 1, datetime.date(2017, 1, 26))
    kallelse(client, meeting)
    assert kallelse(client, meeting)["X-Document-Cache"] == "hit"
    issue(meeting, 2, datetime.date(2017, 1, 30), "Ny plats: Haninge kulturhus, sal 2")
    response = kallelse(client, meeting)
    assert response["X-Document-Cache"] == "miss"
    assert "Ny plats: Haninge kulturhus, sal 2" in text(response)


def test_the_kallelse_sent_out_has_its_items_and_no_draft_mark(meeting, called):
    meeting.agenda_published_at = None
    meeting.save()
    issue(meeting, 1, datetime.date(2017, 1, 26))
    content = pdf_text(kallelse_pdf(meeting))
    assert "2. Budget för sekretariatet 2017" in content
    assert "Utkast" not in content
    assert "Lena Berg" in content


def test_the_kallelse_sent_to_every_member_is_rendered_once(meeting, django_assert_num_queries):
    first = kallelse_pdf(meeting)
    with django_assert_num_queries(1):
        assert kallelse_pdf(meeting) == first
