"""Reading a PDF response back the way a person reads it: as text, page by page, or as pictures of its pages."""

import io
import subprocess

from pypdf import PdfReader


def reader(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def pages(response):
    """The text of each page, whitespace (non-breaking spaces included) folded to single spaces.

    List bullets are left out: they are drawn apart from their text, so extractors put them anywhere.
    """
    return [" ".join(page.extract_text().replace("•", " ").split()) for page in reader(response).pages]


def text(response):
    return " ".join(pages(response))


def section(response, start, end=None):
    """The text from the last `start` (after the table of contents) up to the last `end`."""
    whole = text(response)
    begin = whole.rindex(start)
    return whole[begin:whole.rindex(end)] if end else whole[begin:]


def page_images(pdf: bytes, directory, name: str, resolution: int = 40) -> list[bytes]:
    """Each page drawn by poppler as a PNG file's bytes: two PDFs that look alike give equal lists."""
    path = directory / f"{name}.pdf"
    path.write_bytes(pdf)
    subprocess.run(["pdftoppm", "-r", str(resolution), "-png", path, directory / name], check=True)
    return [image.read_bytes() for image in sorted(directory.glob(f"{name}-*.png"))]
