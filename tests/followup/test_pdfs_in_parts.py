"""The follow-up report and Södertörns nyckeltal are rendered in parts, a process per part (apps/documents/parts.py):
as PDFs they must be the same, page for page, as rendered in one process, and mark where a page begins anyway."""

import io

import pikepdf
import pytest
from django.core.cache import cache

from apps.documents import parts
from apps.documents.pdf import render_html
from apps.followup import reports
from apps.followup.models import FollowUp
from tests.documents.pdfs import page_images

from .test_reports import YEAR, build, report_url


def in_parts(data: bytes) -> bool:
    """Whether the running footer was drawn onto joined parts, as a pagination artifact."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        return all(b"/Pagination" in pikepdf.unparse_content_stream(pikepdf.parse_content_stream(page))
                   for page in pdf.pages)


@pytest.mark.django_db
@pytest.mark.parametrize("url", [report_url() + "pdf/", f"/uppfoljning/nyckeltal/{YEAR}/pdf/"])
def test_the_pdf_in_parts_is_the_pdf_in_one_process(client, settings, tmp_path, url):
    build(indicators=4)
    settings.PDF_PROCESSES = 2
    cache.clear()
    joined = client.get(url)
    assert joined["X-Document-Cache"] == "miss"
    assert in_parts(joined.content)
    settings.PDF_PROCESSES = 1
    cache.clear()
    whole = client.get(url).content
    assert not in_parts(whole)
    one = page_images(whole, tmp_path, "one")
    assert len(one) >= 3
    assert page_images(joined.content, tmp_path, "parts") == one


@pytest.mark.django_db
def test_each_focus_area_and_each_key_figure_begins_a_part(client):
    build(indicators=3)
    report = render_html("followup/report_pdf.html", reports.report_context(FollowUp.objects.get(year=YEAR)))
    assert report.count(parts.PART_BREAK) == 2  # two focus areas
    assert report.count(parts.PART_BREAK + '\n<section class="report-area"') == 2
    figures = render_html("followup/keyfigures_pdf.html", reports.presentation_context(YEAR))
    assert figures.count(parts.PART_BREAK + '\n<section class="key-figure"') == 3
    # the web pages carry no such marks
    assert parts.PART_BREAK not in client.get(report_url()).content.decode()
