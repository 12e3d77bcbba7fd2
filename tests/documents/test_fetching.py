"""The PDF renderer fetches nothing: a document's images are inline (the charts as data: addresses), and an address
of a local file or another host is never read, whatever a template or a text typed into the admin holds."""

import base64
import io

from pypdf import PdfReader

from apps.documents.pdf import html_to_pdf

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="200" height="20"><text x="0" y="15">Hämtad bild</text></svg>'


def drawn(pdf: bytes) -> bool:
    """Whether the image was drawn: its text reads back from the PDF."""
    return "Hämtad bild" in "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def document(src: str) -> str:
    return f'<!doctype html><html lang="sv"><title>t</title><body><p>Text</p><img src="{src}" alt="bild"></body></html>'


def test_a_chart_given_as_a_data_address_is_drawn():
    data = "data:image/svg+xml;base64," + base64.b64encode(SVG.encode()).decode()
    assert drawn(html_to_pdf(document(data)))


def test_a_local_file_or_another_host_is_never_read(tmp_path):
    secret = tmp_path / "secret.svg"
    secret.write_text(SVG)
    for src in (secret.as_uri(), "http://127.0.0.1:9/chart.svg", "https://example.org/chart.svg"):
        assert not drawn(html_to_pdf(document(src))), src
