"""The documents are rendered with WeasyPrint's own stylesheet for HTML narrowed where it made every element carry
six pseudo-elements (apps/documents/pdf.py): the pages must come out exactly as with WeasyPrint's sheet."""

import base64
import subprocess

import pytest
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.html import UA
from weasyprint.urls import URLFetcher

from apps.documents.render import PDF_VARIANT, _lean_user_agent_sheet, html_to_pdf

from .pdfs import page_images

CHART = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" role="img">'
    '<path d="M10 100L150 40L290 60" stroke="#0b5cad" fill="none"/>'
    '<path d="M150 40m-4.5 0c0 -2.5 2.0 -4.5 4.5 -4.5c2.5 0 4.5 2.0 4.5 4.5c0 2.5 -2.0 4.5 -4.5 4.5z"/>'
    '<text x="10" y="115">2014</text><text x="260" y="115">2023</text></svg>'
)
DOCUMENT = f"""<!doctype html><html lang="sv"><head><title>Prov</title><style>
@page {{ size: A5; margin: 15mm; @bottom-center {{ content: counter(page) }} }}
body {{ font-family: "DejaVu Sans"; font-size: 10pt; }}
td {{ text-align: right; border-bottom: 0.3pt solid #c8d3dd; }}
</style></head><body>
<h1>Föredragningslista</h1>
<ol><li>Mötets öppnande</li><li>Val av justerare<ol><li>Botkyrka</li><li>Haninge</li></ol></li>
<li>Övriga frågor<ul><li>Nästa möte<ul><li>Salem</li></ul></li></ul></li></ol>
<ol style="list-style-type: lower-alpha; text-transform: uppercase"><li>Bilaga</li></ol>
<img src="data:image/svg+xml;base64,{base64.b64encode(CHART.encode()).decode()}" alt="Diagram">
<table><caption>Andel (%)</caption><thead><tr><th scope="col">Område</th><th scope="col">2014</th>
<th scope="col">2023</th></tr></thead><tbody><tr><th scope="row">Nykvarn</th><td>43,40</td><td>48,20</td></tr>
<tr><th scope="row">Södertörn</th><td>41,00</td><td>–</td></tr></tbody></table>
</body></html>"""


def text(pdf: bytes, tmp_path) -> str:
    path = tmp_path / "text.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", path, "-"], capture_output=True, check=True, text=True).stdout


def test_the_pages_are_drawn_as_with_weasyprints_own_sheet(tmp_path):
    weasyprints = HTML(string=DOCUMENT, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf(
        pdf_variant=PDF_VARIANT)
    ours = html_to_pdf(DOCUMENT)
    theirs_pages, our_pages = page_images(weasyprints, tmp_path, "theirs", 60), page_images(ours, tmp_path, "ours", 60)
    assert len(our_pages) == len(theirs_pages) == 1
    assert our_pages == theirs_pages
    # The structure a screen reader reads is the same too: the list items and table cells are tagged as before.
    assert PdfReader(tmp_path / "ours.pdf").trailer["/Root"]["/MarkInfo"]["/Marked"]


def test_lists_keep_their_numbers_and_bullets(tmp_path):
    lines = [" ".join(line.split()) for line in text(html_to_pdf(DOCUMENT), tmp_path).splitlines()]
    for expected in ("1. Mötets öppnande", "2. Val av justerare", "1. Botkyrka", "2. Haninge", "3. Övriga frågor",
                     "◦ Nästa möte", "▪ Salem", "a. BILAGA"):  # a marker is never transformed
        assert expected in lines


def test_a_footnote_of_class_footnote_is_numbered_and_placed_at_the_foot_of_the_page(tmp_path):
    document = ('<!doctype html><html lang="sv"><title>t</title><body><p>Beslutet gäller från 1 januari'
                '<span class="footnote" style="float: footnote">Enligt kommunstyrelsens beslut.</span>.</p>'
                '</body></html>')
    lines = [" ".join(line.split()) for line in text(html_to_pdf(document), tmp_path).splitlines() if line.strip()]
    assert lines[0] == "Beslutet gäller från 1 januari1."
    assert lines[-1] == "1. Enligt kommunstyrelsens beslut."


@pytest.mark.parametrize("rule", ["::marker {", "::footnote-call {", "::note-callback {"])
def test_a_weasyprint_whose_sheet_has_changed_is_refused_rather_than_narrowed_blindly(rule):
    with pytest.raises(RuntimeError, match="no single rule"):
        _lean_user_agent_sheet(UA.replace(f"\n{rule}", f"\n/* moved */ {rule}"))
