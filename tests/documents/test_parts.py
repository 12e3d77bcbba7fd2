"""A long document rendered in parts, a process per part, and joined (apps/documents/parts.py) must be the document
rendered in one process: the same pages to the pixel, one structure tree that a screen reader can follow, the same
bookmarks and links, and a footer that counts the pages of the whole."""

import io
import multiprocessing
import subprocess
import sys
import threading
import time

import pikepdf
import pytest
from django.template import Context, Template
from pypdf import PdfReader

from apps.documents import parts, render

from .pdfs import page_images

CHART = (
    "data:image/svg+xml;utf8,<svg xmlns='http://www.w3.org/2000/svg' width='300' height='80'>"
    "<path d='M0 70L150 20L300 40' stroke='%230b5cad' fill='none'/><text x='0' y='78'>2014</text></svg>"
)
# Chapters of different lengths, so that the parts have different numbers of pages.
TEMPLATE = """{% extends "documents/base.html" %}{% load document_tags %}
{% block title %}Delad rapport{% endblock %}{% block running_title %}Delad rapport 2023{% endblock %}
{% block style %}<style>.chapter { break-before: page; }</style>{% endblock %}
{% block content %}
<h1>Delad rapport 2023</h1>
<p>Se <a href="#kapitel-1">kapitel 1</a>.</p>
{% for number, paragraphs in chapters %}{% part_break %}
<section class="chapter" id="kapitel-{{ number }}">
  <h2>Kapitel {{ number }}</h2>
  <img src="{{ chart }}" alt="Diagram till kapitel {{ number }}">
  <table><caption>Värden i kapitel {{ number }}</caption>
    <tr><th scope="col">Område</th><th scope="col">2014</th><th scope="col">2023</th></tr>
    <tr><th scope="row">Botkyrka</th><td>37,40</td><td>{{ number }}2,80</td></tr>
  </table>
  {% for paragraph in paragraphs %}<p>Stycke {{ paragraph }} i kapitel {{ number }}: Södertörns kommuner samverkar
  om infrastruktur, utbildning och näringsliv, och följer upp målen varje år.</p>{% endfor %}
</section>{% endfor %}
{% endblock %}"""


@pytest.fixture(scope="module")
def html():
    chapters = [(number, range(number * 7)) for number in range(1, 8)]
    return Template(TEMPLATE).render(Context({"chapters": chapters, "chart": CHART, "secretariat": "Sekretariatet"}))


@pytest.fixture(scope="module")
def whole(html):
    return render.html_to_pdf(html)


@pytest.fixture(scope="module")
def joined(html):
    return parts.html_to_pdf(html, 2)


def open_pdf(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def page_texts(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_the_parts_make_the_same_pages_as_one_process(whole, joined, tmp_path):
    one, split = page_images(whole, tmp_path, "one"), page_images(joined, tmp_path, "split")
    assert len(one) > 8  # more pages than chapters: some chapters run over a page
    assert split == one


def test_the_footer_counts_the_pages_of_the_whole_and_the_title_runs_from_page_two(joined):
    texts = page_texts(joined)
    for number, text in enumerate(texts, start=1):
        assert f"Sida {number} av {len(texts)}" in text
        assert ("Delad rapport 2023 Södertörnssamarbetet" in text) == (number > 1), text
    assert texts[1].count("Sida ") == 1  # drawn once, not by the part and again by the frame


def test_header_and_footer_are_pagination_artifacts(joined):
    for page in open_pdf(joined).pages:
        assert b"/Artifact <</Type /Pagination>> BDC" in page.obj.Contents[-1].read_bytes()


def marked_content(page: pikepdf.Page) -> list[int]:
    return [
        int(operands[1].MCID)
        for operands, operator in pikepdf.parse_content_stream(page)
        if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) and "/MCID" in operands[1]
    ]


def kids(element) -> list:
    return list(element.K) if isinstance(element.K, pikepdf.Array) else [element.K]


def test_every_marked_text_leads_to_its_element_in_the_one_structure_tree(joined):
    pdf = open_pdf(joined)
    tree = pdf.Root.StructTreeRoot
    numbers = tree.ParentTree.Nums
    parents = {int(key): value for key, value in zip(numbers[::2], numbers[1::2], strict=True)}
    assert int(tree.ParentTreeNextKey) == max(parents) + 1
    document = tree.K[0]
    assert len(tree.K) == 1 and document.S == "/Document"
    for page in pdf.pages:
        ids = marked_content(page)
        assert ids, "a page without tagged content"
        elements = parents[int(page.obj.StructParents)]
        for mcid in ids:
            element = elements[mcid]
            assert element.Pg.objgen == page.obj.objgen
            assert mcid in [int(kid) for kid in kids(element) if isinstance(kid, int)]
            while "/P" in element and element.P.get("/Type") != "/StructTreeRoot":
                element = element.P  # up to the document element, through every part's elements
            assert element.objgen == document.objgen


def structure(data: bytes) -> list[str]:
    """The headings and figures, in the order of the structure tree, as a screen reader meets them."""
    found = []

    def walk(element):
        if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
            return
        if element.S in ("/H1", "/H2", "/Table", "/Link"):
            found.append(str(element.S))
        if element.S == "/Figure":
            found.append(str(element.Alt))
        for kid in kids(element):
            walk(kid)

    pdf = open_pdf(data)  # kept while its objects are read
    walk(pdf.Root.StructTreeRoot.K[0])
    return found


def test_the_structure_tree_reads_as_in_one_process(whole, joined):
    expected = structure(whole)
    assert expected.count("/H2") == 7 and "Diagram till kapitel 7" in expected
    assert structure(joined) == expected


def outline(data: bytes) -> list[tuple[str, int]]:
    pdf = open_pdf(data)
    with pdf.open_outline() as bookmarks:
        found = []
        items = list(bookmarks.root)
        while items:
            item = items.pop(0)
            found.append((item.title, pdf.pages.index(pikepdf.Page(item.destination[0]))))
            items[:0] = item.children
        return found


def link_targets(data: bytes) -> dict[str, int]:
    """Each id a link may lead to, and the page (from 0) it leads to."""
    pdf = open_pdf(data)
    names = pdf.Root.Names.Dests.Names
    return {str(name): pdf.pages.index(pikepdf.Page(target[0])) for name, target in zip(names[::2], names[1::2])}


def test_bookmarks_and_links_lead_to_the_same_pages(whole, joined):
    assert [title for title, _page in outline(whole)] == ["Delad rapport 2023", *(f"Kapitel {n}" for n in range(1, 8))]
    assert outline(joined) == outline(whole)
    targets = link_targets(whole)
    assert targets["kapitel-7"] == dict(outline(whole))["Kapitel 7"] > 8
    assert link_targets(joined) == targets
    assert list(link_targets(joined)) == sorted(link_targets(joined))  # a name tree is looked up by halving
    assert first_link(joined) == "kapitel-1"


def first_link(data: bytes) -> str:
    """Where the link on the first page leads to."""
    pdf = open_pdf(data)
    link = next(annotation for annotation in pdf.pages[0].obj.get("/Annots", []) if annotation.Subtype == "/Link")
    return str(link.get("/Dest") or link.A.D)


def test_a_link_into_another_part_keeps_the_document_whole(html, tmp_path):
    """WeasyPrint would drop a link to an id it does not lay out: such a document is rendered in one process."""
    linked = html.replace('href="#kapitel-1"', 'href="#kapitel-7"')
    data = parts.html_to_pdf(linked, 2)
    assert first_link(data) == "kapitel-7"
    assert page_images(data, tmp_path, "linked") == page_images(render.html_to_pdf(linked), tmp_path, "whole")


def test_a_part_break_before_what_does_not_begin_a_page_is_found_by_the_comparison(html, whole, tmp_path):
    """The test above is only as good as its power to see a wrong cut: without the page breaks, it sees one."""
    unbroken = html.replace(".chapter { break-before: page; }", "")
    assert page_images(parts.html_to_pdf(unbroken, 2), tmp_path, "a") != page_images(
        render.html_to_pdf(unbroken), tmp_path, "b"
    )


def test_a_render_process_that_dies_leaves_the_document_to_this_process(html, whole, tmp_path, caplog):
    result = {}
    rendering = threading.Thread(target=lambda: result.update(pdf=parts.html_to_pdf(html, 2)))
    rendering.start()
    deadline = time.monotonic() + 30
    while not multiprocessing.active_children():
        assert time.monotonic() < deadline, "no render process started"
        time.sleep(0.005)
    multiprocessing.active_children()[0].kill()  # as the kernel does to a process that runs out of memory
    rendering.join()
    assert "A render process died; rendering the document in one process" in caplog.text
    assert page_images(result["pdf"], tmp_path, "again") == page_images(whole, tmp_path, "whole")
    assert not multiprocessing.active_children()  # none left behind


def test_the_render_processes_start_warm_wherever_the_portal_was_started(tmp_path):
    """Their server loads WeasyPrint (render_worker.py) by the module's name: from another directory than the
    portal's it found nothing and each process loaded WeasyPrint anew, 0.8 s more per part."""
    probe = "import sys; sys.exit(0 if 'apps.documents.render_worker' in sys.modules else 3)"
    script = (
        f"import sys; sys.path.insert(0, {parts.ROOT!r}); from apps.documents import parts; parts.start(2); "
        f"process = parts._context().Process(target=exec, args=({probe!r},)); process.start(); process.join(); "
        "sys.exit(process.exitcode)"
    )
    assert subprocess.run([sys.executable, "-c", script], check=False, cwd=tmp_path, timeout=60).returncode == 0


def test_an_error_in_a_part_is_raised_where_the_document_was_asked_for(html):
    with pytest.raises(TypeError, match="Expected exactly one source"):
        parts._render_at_once([None, html])  # the first part fails at once, the second is not waited for
    assert not multiprocessing.active_children()


def test_no_render_process_outlives_its_document(html):
    parts.html_to_pdf(html, 2)
    assert not multiprocessing.active_children()


def test_with_one_process_or_no_parts_the_document_is_rendered_here_with_its_own_footer(html, whole):
    for data in (parts.html_to_pdf(html, 1), parts.html_to_pdf(html.replace(parts.PART_BREAK, ""), 2)):
        assert page_texts(data) == page_texts(whole)
        assert all(b"/Pagination" not in page.obj.Contents.read_bytes() for page in open_pdf(data).pages)


@pytest.mark.parametrize("count", [1, 2, 3, 4])
def test_the_parts_keep_the_order_and_are_of_about_the_same_length(count):
    chunks = ["a" * 10, "b" * 30, "c" * 10, "d" * 10, "e" * 20, "f" * 20]
    groups = parts._groups(chunks, count)
    assert [chunk for group in groups for chunk in group] == chunks
    assert len(groups) == count
    lengths = [sum(map(len, group)) for group in groups]
    assert max(lengths) - min(lengths) <= 30
    # A run that has nearly its share leaves the next chunk to the next run.
    assert [len("".join(group)) for group in parts._groups(["a" * 100] * 4 + ["end"], 2)] == [200, 203]
