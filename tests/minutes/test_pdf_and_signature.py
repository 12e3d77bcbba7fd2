"""The minutes as PDF: what they say, read back with pypdf; the record of the justering; the PAdES signature made
with the tests' own certificate and validated with pyHanko; and new versions of locked minutes."""

import io

import pytest
from django.core import checks
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import SignatureCoverageLevel, validate_pdf_signature
from pyhanko_certvalidator import ValidationContext
from pypdf import PdfReader

from apps.minutes import services
from apps.minutes.models import Minutes, Paragraph, Signatory

from .conftest import change_page, prepared

pytestmark = pytest.mark.django_db


def adjusted(meeting, **kwargs):
    """Minutes sent for justering and confirmed by the chair and both adjusters."""
    minutes = prepared(meeting, **kwargs)
    services.send_for_justering(minutes)
    for signatory in minutes.signatories.all():
        services.confirm(signatory, Signatory.Via.LINK)
    minutes.refresh_from_db()
    return minutes


def stored(minutes) -> bytes:
    with minutes.pdf.open("rb") as file:
        return file.read()


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().replace("•", " ").split()) for page in pages)


def test_the_adjusted_minutes_record_the_attendance_the_decisions_and_who_confirmed_when(held_meeting):
    minutes = adjusted(held_meeting)
    text = text_of(stored(minutes))

    assert "PROTOKOLL" in text and "Paragrafer § 1–10" in text
    assert "Ersättare Tyresö Ersättare, tjänstgör för Ledamot Tyresö" in text
    assert "Frånvarande Ledamot Salem, ledamot, Salem" in text
    assert "§ 4 Budget 2027" in text
    assert "Beslut Samarbetskommittén beslutar i ärendet budget 2027." in text
    chair = minutes.signatories.get(kind=Signatory.Kind.CHAIR)
    # Times are written the Swedish way, "0.21" and "9.05" as well as "14.30", in the table and in the sentence.
    assert f"Ordförande Ledamot Botkyrka {date_format(timezone.localtime(chair.confirmed_at), 'j F Y G.i')}" in text
    assert "Justerare Ledamot Haninge" in text and "Justerare Ledamot Huddinge" in text
    adjusted_at = timezone.localtime(minutes.adjusted_at)
    assert f"Protokollet justerades {date_format(adjusted_at, 'j F Y')} kl. {date_format(adjusted_at, 'G.i')}" in text
    assert "Utkast" not in text


def test_the_pdf_is_tagged_swedish_and_titled(held_meeting):
    pdf = PdfReader(io.BytesIO(stored(adjusted(held_meeting))))
    root = pdf.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "sv"
    assert pdf.metadata.title.startswith("Protokoll: Södertörnskommunernas samarbetskommitté")


def test_a_draft_is_marked_as_not_adjusted_and_seen_only_by_staff(client, admin_client, held_meeting):
    minutes = prepared(held_meeting)
    assert client.get(reverse("minutes:pdf", args=[minutes.pk])).status_code == 404
    response = admin_client.get(reverse("minutes:pdf", args=[minutes.pk]))
    assert response.status_code == 200
    assert "Utkast – protokollet är inte justerat." in text_of(b"".join(response.streaming_content))


def test_without_a_certificate_the_confirmation_record_stands_alone(held_meeting):
    minutes = adjusted(held_meeting)
    assert not minutes.signed
    assert PdfFileReader(io.BytesIO(stored(minutes))).embedded_signatures == []


def test_with_a_certificate_the_pdf_is_signed_and_the_signature_validates(held_meeting, signing_certificate):
    from asn1crypto import x509

    minutes = adjusted(held_meeting)
    assert minutes.signed
    pdf = stored(minutes)
    assert "Filen är signerad elektroniskt (PAdES) av Södertörnssekretariatet" in text_of(pdf)

    signature = PdfFileReader(io.BytesIO(pdf)).embedded_signatures[0]
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=[x509.Certificate.load(signing_certificate)]))
    assert status.intact and status.valid and status.trusted
    assert status.bottom_line
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signing_cert.subject.native["common_name"] == "Södertörnssekretariatet"
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES


def test_a_changed_signed_pdf_no_longer_validates(held_meeting, signing_certificate):
    from asn1crypto import x509

    pdf = bytearray(stored(adjusted(held_meeting)))
    # Change one character of the text stream at the start of the file, inside the signed range.
    position = pdf.index(b"stream", 200) + 20
    pdf[position] = pdf[position] ^ 1

    signature = PdfFileReader(io.BytesIO(bytes(pdf)), strict=False).embedded_signatures[0]
    status = validate_pdf_signature(
        signature, ValidationContext(trust_roots=[x509.Certificate.load(signing_certificate)]))
    assert not status.intact
    assert not status.bottom_line


def test_a_wrong_certificate_password_is_found_by_the_system_check(settings, signing_certificate):
    settings.MINUTES_SIGNING_PASSWORD = "fel"
    errors = [error for error in checks.run_checks() if error.id == "minutes.E001"]
    assert len(errors) == 1 and "cannot be opened" in errors[0].msg


def test_editing_adjusted_minutes_is_refused_with_a_message(admin_client, held_meeting):
    minutes = adjusted(held_meeting)
    response = admin_client.post(change_page(minutes), {"chair": "", "secretary": ""}, follow=True)
    assert "Protokollet är justerat och låst" in response.content.decode()
    with pytest.raises(services.MinutesError, match="justerat och låst"):
        services.add_paragraph(minutes, "Ny fråga")
    assert minutes.paragraphs.count() == 10


def test_a_new_version_needs_a_reason(admin_client, held_meeting):
    minutes = adjusted(held_meeting)
    page = admin_client.post(reverse("admin:minutes_minutes_new_version", args=[minutes.pk]), {"reason": "  "})
    assert "Skriv varför en ny version av det justerade protokollet görs." in page.content.decode()
    assert Minutes.objects.count() == 1


def test_a_new_version_replaces_the_published_one_only_when_it_is_adjusted_and_both_stay(client, admin_client,
                                                                                          held_meeting):
    first = adjusted(held_meeting)
    response = admin_client.post(reverse("admin:minutes_minutes_new_version", args=[first.pk]),
                                 {"reason": "Fel belopp i § 4."})
    second = Minutes.objects.get(version=2)
    assert response["Location"] == change_page(second)
    budget = second.paragraphs.get(section__number=4)
    budget.decision = "Budgeten fastställs till 945 000 kr."
    budget.save()
    first.refresh_from_db()
    assert first.published and not second.published

    for signatory in services.send_for_justering(second):
        services.confirm(signatory, Signatory.Via.LINK)
    first.refresh_from_db()
    second.refresh_from_db()

    assert second.published and not first.published
    assert [p.section.number for p in second.paragraphs.select_related("section")] == list(range(1, 11))
    new_text = text_of(stored(second))
    assert "Version 2 – ersätter version 1" in new_text and "Fel belopp i § 4." in new_text
    assert "Budgeten fastställs till 945 000 kr." in new_text
    old = client.get(reverse("minutes:pdf", args=[first.pk]))
    assert "Samarbetskommittén beslutar i ärendet budget 2027." in text_of(b"".join(old.streaming_content))
    assert Paragraph.objects.get(minutes=first, section__number=4).decision.startswith("Samarbetskommittén")
    panel = admin_client.get(change_page(second)).content.decode()
    assert "Version 1" in panel and "Version 2" in panel and "Fel belopp i § 4." in panel


def test_a_missing_pdf_file_is_a_404_not_an_error(client, held_meeting):
    minutes = adjusted(held_meeting)
    minutes.pdf.delete(save=False)
    minutes.pdf.save("borta.pdf", ContentFile(b""), save=True)
    minutes.pdf.storage.delete(minutes.pdf.name)
    assert client.get(reverse("minutes:pdf", args=[minutes.pk])).status_code == 404
