"""The programme pages give the whole programme: its PDF, its introduction in the paragraphs the PDF has, and an
archive in the order its caption says."""

import re
from html import unescape

from apps.programme.models import Programme
from tests.documents.pdfs import text as pdf_text


def page_text(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_each_programme_page_links_its_pdf_and_the_link_gives_the_document(client, seed):
    for slug in ["utvecklingsprogram-2035", "utvecklingsprogram-2013", "utvecklingsprogram-2007"]:
        html = client.get(f"/program/{slug}/").content.decode()
        link = re.search(r'<a href="([^"]+)" type="application/pdf">Ladda ner som PDF</a>', html)
        assert link, slug
        assert link.group(1) == f"/dokument/program/{slug}/"
    document = client.get("/dokument/program/utvecklingsprogram-2035/")
    assert "Södertörns utvecklingsprogram 2035" in pdf_text(document)


def test_the_introduction_keeps_its_paragraphs_on_the_web_as_in_the_pdf(client, seed):
    programme = Programme.objects.get(slug="utvecklingsprogram-2035")
    paragraphs = [" ".join(part.split()) for part in programme.summary.split("\n\n")]
    assert len(paragraphs) == 5
    html = client.get("/program/utvecklingsprogram-2035/").content.decode()
    introduction = re.search(r'<div class="introduction">(.*?)</div>', html, re.S).group(1)
    assert [page_text(p) for p in re.findall(r"<p>(.*?)</p>", introduction, re.S)] == paragraphs
    document = pdf_text(client.get("/dokument/program/utvecklingsprogram-2035/"))
    assert all(paragraph[:60] in document for paragraph in paragraphs)


def test_the_archive_lists_the_versions_newest_first_as_its_caption_says(client, seed):
    Programme.objects.create(name="Södertörns utvecklingsprogram 2023", slug="utvecklingsprogram-2023",
                             valid_from=2023, valid_to=2026)
    html = client.get("/program/arkiv/").content.decode()
    assert "Utvecklingsprogrammets versioner, senaste först" in html
    names = re.findall(r'<th scope="row" role="rowheader"><a href="/program/[^"]+/">([^<]+)</a>', html)
    assert names == [
        "Södertörns utvecklingsprogram 2023", "Södertörns utvecklingsprogram 2035",
        "Södertörns utvecklingsprogram 2013", "Södertörns utvecklingsprogram 2007",
    ]
    assert "<h1>Utvecklingsprogrammets alla versioner</h1>" in html


def test_the_archive_counts_adoptions_only_where_decisions_are_recorded(client, seed):
    """The seed records no board's decision on the 2007 version, which the 2013 version replaced: "0 of 8"
    would say that no board adopted it."""
    rows = {
        page_text(name): page_text(row)
        for name, row in re.findall(r'<th scope="row" role="rowheader"><a [^>]*>([^<]+)</a></th>(.*?)</tr>',
                                    client.get("/program/arkiv/").content.decode(), re.S)
    }
    assert "inga beslut registrerade" in rows["Södertörns utvecklingsprogram 2007"]
    assert "8 av 8" in rows["Södertörns utvecklingsprogram 2013"]
    assert "0 av 8" in rows["Södertörns utvecklingsprogram 2035"]  # proposed: decisions recorded, none yet adopting
