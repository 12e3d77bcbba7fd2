"""What every printed document must be: A4, Swedish, numbered, embedded fonts, tagged, with its metadata."""

import pytest
from django.conf import settings
from django.urls import reverse

from apps.meetings.models import AgendaItem

from .pdfs import pages, reader


@pytest.fixture
def long_agenda(meeting):
    """An agenda of twenty items, long enough to run over several pages."""
    for number in range(4, 21):
        AgendaItem.objects.create(
            meeting=meeting, number=number, title=f"Ärende nummer {number}", presenter="Sekretariatet",
            asked=AgendaItem.Asked.DECISION,
            description="Bakgrund till ärendet som sekretariatet har beskrivit utförligt. " * 8,
            proposed_decision=f"Förslaget i ärende {number} godkänns.",
        )
    return meeting


@pytest.fixture
def response(client, long_agenda):
    return client.get(reverse("documents:agenda", args=[long_agenda.pk]))


def test_pages_are_a4(response):
    for page in reader(response).pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (round(width * 25.4 / 72), round(height * 25.4 / 72)) == (210, 297)


def test_every_page_says_which_page_of_how_many(response):
    texts = pages(response)
    assert len(texts) > 2
    for number, page in enumerate(texts, start=1):
        assert f"Sida {number} av {len(texts)}" in page


def test_an_agenda_item_is_never_split_from_its_heading(response):
    texts = pages(response)
    for number in range(4, 21):
        heading = next(i for i, page in enumerate(texts) if f"{number}. Ärende nummer {number} " in page)
        assert f"Förslaget i ärende {number} godkänns." in texts[heading]


def test_metadata_gives_title_author_and_swedish(response):
    pdf = reader(response)
    assert pdf.metadata.title == "Kallelse: Södertörnskommunernas samarbetskommitté, torsdag 2 februari 2017"
    assert pdf.metadata.author == settings.SECRETARIAT_NAME
    assert pdf.trailer["/Root"]["/Lang"] == "sv"


def test_document_is_tagged_as_pdf_ua(response):
    pdf = reader(response)
    root = pdf.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]
    assert b"pdfuaid:part" in root["/Metadata"].get_object().get_data()


def _fonts(pdf):
    for page in pdf.pages:
        for font in page["/Resources"]["/Font"].values():
            yield font.get_object()


def test_every_font_is_dejavu_sans_and_embedded_in_the_file(response):
    """The margin boxes too: had they fallen back to the default font, a serif font would show up here."""
    fonts = list(_fonts(reader(response)))
    assert fonts
    for font in fonts:
        assert "DejaVu-Sans" in font["/BaseFont"], font["/BaseFont"]
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor


def test_swedish_letters_survive_the_round_trip(response):
    assert "Näringslivsklimatet på Södertörn" in " ".join(pages(response))
