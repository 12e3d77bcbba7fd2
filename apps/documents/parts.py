"""A long document rendered a part per process, all at once, and joined into one tagged PDF.

WeasyPrint lays out and draws a document in one thread: Södertörns nyckeltal and the follow-up report of a year
with 30 indicators (30 charts, 4 000 table cells) took about 4 s each on one processor (README, issue 16). Their
templates mark with {% part_break %} the places where a page begins anyway (each key figure, each focus area). Cut
there, each part is laid out exactly as it is in the whole document (a document with a link from one part to another
stays whole, as WeasyPrint only links within what it lays out). A process per part renders the parts at once, and
pikepdf joins their pages: the structure tree, the bookmarks and the link targets of every part go
into the one document. The running header and footer ("Sida 3 av 31") need the number of pages of the whole, so the
parts are rendered without them; they are rendered last, as a frame of empty pages, and drawn onto each page as a
pagination artifact, which a screen reader skips.

The processes are forked from a server process that has WeasyPrint loaded and warm (render_worker.py), never from the
portal's own process, which may run threads (gunicorn's gthread workers). Each process renders one part and ends
without collecting its garbage, which would cost a process that lives on a few tenths of a second per document, and
no idle process is kept: one would outlive a portal process that is killed.
multiprocessing starts each process by importing the script the portal was started with under another name
(`__mp_main__`): a script that renders documents keeps its work under `if __name__ == "__main__":`.
"""

import functools
import gc
import io
import logging
import multiprocessing
import os
import re
from multiprocessing import forkserver
from pathlib import Path

import pikepdf

from . import render

logger = logging.getLogger(__name__)

PART_BREAK = "<!-- part -->"
# What the render processes' server loads, from the portal's directory.
WARM_MODULE = "apps.documents.render_worker"
ROOT = str(Path(__file__).resolve().parents[2])
# The links within a document and the ids they lead to, as the templates write them.
LINK = re.compile(r'href="#([^"]+)"')
ID = re.compile(r'\sid="([^"]+)"')
MARGIN_BOXES = (
    "top-left-corner", "top-left", "top-center", "top-right", "top-right-corner",
    "bottom-left-corner", "bottom-left", "bottom-center", "bottom-right", "bottom-right-corner",
    "left-top", "left-middle", "left-bottom", "right-top", "right-middle", "right-bottom",
)
NO_MARGIN_BOXES = " ".join(f"@{box} {{ content: none !important; }}" for box in MARGIN_BOXES)
WITHOUT_MARGIN_BOXES = f"<style>@page {{ {NO_MARGIN_BOXES} }}</style>"


def html_to_pdf(html: str, processes: int) -> bytes:
    """The PDF of `html`: in parts, at once, where the HTML marks parts and `processes` is more than one."""
    if processes < 2 or PART_BREAK not in html:
        return render.html_to_pdf(html)
    head, chunks, tail = _split(html)
    groups = ["".join(group) for group in _groups(chunks, processes)]
    if any(set(LINK.findall(group)) - set(ID.findall(group)) for group in groups):
        # WeasyPrint keeps a link only to an id in the document it lays out: the document stays whole.
        return render.html_to_pdf(html)
    part_head = head.replace("</head>", WITHOUT_MARGIN_BOXES + "</head>", 1)
    sources = [part_head + group + tail for group in groups]
    try:
        parts = [pikepdf.open(io.BytesIO(pdf)) for pdf in _render_at_once(sources)]
        pages = sum(len(part.pages) for part in parts)
        empty_pages = "<div></div>" + '<div style="break-before: page"></div>' * (pages - 1)
        # Drawn as an artifact: the frame's own tags would name content that is not in the document's tree.
        (frame,) = _render_at_once([head + empty_pages + tail], tagged=False)
    except RenderProcessDied:
        logger.exception("A render process died; rendering the document in one process")
        return render.html_to_pdf(html)
    return _join(parts, pikepdf.open(io.BytesIO(frame)))


class RenderProcessDied(Exception):
    """A render process ended without its PDF: killed, or out of memory."""


def start(processes: int) -> None:
    """Starts loading WeasyPrint into the render processes' server, so that the first document does not wait for it
    (called as the web server starts)."""
    if processes > 1:
        _context()
        forkserver.ensure_running()


@functools.cache
def _context() -> multiprocessing.context.BaseContext:
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([WARM_MODULE])
    # The server imports that module by name, and Python 3.12 and 3.13 start it with the directory the portal was
    # started in as its path, not the portal's (it silently renders cold otherwise): it is told where the code is.
    paths = [path for path in os.environ.get("PYTHONPATH", "").split(os.pathsep) if path]
    if ROOT not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join([ROOT, *paths])
    return context


def _render_at_once(sources: list[str], *, tagged: bool = True) -> list[bytes]:
    """The PDF of each HTML source, each rendered in a process of its own, all at once.

    A process per source and document, not a pool: a pool's idle processes outlive a portal process that is killed,
    where these end with their part."""
    context = _context()
    started = []
    for source in sources:
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_render_into, args=(sender, source, tagged), daemon=True)
        process.start()
        sender.close()  # so that the receiver sees the end if the process dies
        started.append((process, receiver))
    results = []
    try:
        for process, receiver in started:
            try:
                succeeded, value = receiver.recv()
            except EOFError:
                process.join()
                raise RenderProcessDied(f"exit code {process.exitcode}") from None
            if not succeeded:
                raise value
            results.append(value)
    finally:
        for process, receiver in started:
            receiver.close()
            if len(results) < len(started):
                process.kill()  # a part failed: the document is rendered otherwise, the other parts are not needed
            process.join()
    return results


def _render_into(sender, html: str, tagged: bool) -> None:
    # The process ends with its part, without collecting its garbage: the collector would spend a tenth of a second
    # of the render on what the end of the process frees anyway (memory stays within 2 MB of a render with it).
    gc.disable()
    try:
        sender.send((True, render.html_to_pdf(html, tagged=tagged)))
    except Exception as error:  # noqa: BLE001 (raised again in the asking process, as if it had rendered)
        sender.send((False, error))


def _split(html: str) -> tuple[str, list[str], str]:
    """The document up to and with its <body …> tag, the body cut at each part break, and the end."""
    start = html.index(">", html.index("<body", html.index("</head>"))) + 1
    end = html.rindex("</body>")
    return html[:start], html[start:end].split(PART_BREAK), html[end:]


def _groups(chunks: list[str], count: int) -> list[list[str]]:
    """The chunks in at most `count` runs, in order, of about the same length (a part's charts and tables, most of
    its length, are most of its time)."""
    total, done, groups = sum(map(len, chunks)), 0, [[]]
    for chunk in chunks:
        # A chunk goes to the next run when more than half of it would lie beyond this run's share.
        if groups[-1] and len(groups) < count and done + len(chunk) / 2 > total * len(groups) / count:
            groups.append([])
        groups[-1].append(chunk)
        done += len(chunk)
    return groups


def _join(parts: list[pikepdf.Pdf], frame: pikepdf.Pdf) -> bytes:
    """The parts' pages in one document, with one structure tree, one outline and one set of link targets, and the
    frame's header and footer drawn on each page."""
    whole = parts[0]
    tree = whole.Root.StructTreeRoot
    document = _document_element(tree)
    numbers = list(tree.ParentTree.Nums)
    targets = _link_targets(whole)
    for part in parts[1:]:
        # A page's and a link's key in the parent tree: the part's keys follow the document's.
        offset = max(int(key) for key in numbers[::2]) + 1
        first = len(whole.pages)
        whole.pages.extend(part.pages)  # copies each object once; what the part's tree refers to is copied below
        for page in whole.pages[first:]:
            _shift(page.obj, "/StructParents", offset)
            for annotation in page.obj.get("/Annots", ()):
                _shift(annotation, "/StructParent", offset)
        part_numbers = part.Root.StructTreeRoot.ParentTree.Nums
        for key, value in zip(part_numbers[::2], part_numbers[1::2], strict=True):
            numbers += [int(key) + offset, _copy(whole, part, value)]
        for element in _document_element(part.Root.StructTreeRoot).K:
            element = _copy(whole, part, element)
            element.P = document
            document.K.append(element)
        targets += [(name, _copy(whole, part, target)) for name, target in _link_targets(part)]
        if "/Outlines" in part.Root:
            _append_outline(whole, _copy(whole, part, part.Root.Outlines))
    tree.ParentTree = whole.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(numbers)))
    tree.ParentTreeNextKey = max(int(key) for key in numbers[::2]) + 1
    if targets:
        # A name tree's names are sorted.
        targets.sort(key=lambda target: bytes(target[0]))
        whole.Root.Names.Dests = pikepdf.Dictionary(Names=pikepdf.Array([item for pair in targets for item in pair]))
    for number, (page, frame_page) in enumerate(zip(whole.pages, frame.pages, strict=True)):
        form = whole.copy_foreign(frame_page.as_form_xobject())
        name = page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(f"/Frame{number}"))
        page.contents_add(whole.make_stream(b"q"), prepend=True)
        page.contents_add(whole.make_stream(b"Q /Artifact <</Type /Pagination>> BDC q %s Do Q EMC" % bytes(name)))
    output = io.BytesIO()
    whole.save(output, object_stream_mode=pikepdf.ObjectStreamMode.generate, deterministic_id=True)
    return output.getvalue()


def _document_element(tree: pikepdf.Dictionary) -> pikepdf.Dictionary:
    """The structure tree's root element, with its children as an array (WeasyPrint writes one Document)."""
    element = tree.K[0] if isinstance(tree.K, pikepdf.Array) else tree.K
    if not isinstance(element.K, pikepdf.Array):
        element.K = pikepdf.Array([element.K])
    return element


def _link_targets(pdf: pikepdf.Pdf) -> list[tuple]:
    """The named link targets (ids), as WeasyPrint writes them: one flat, sorted list of names and places."""
    names = pdf.Root.get("/Names", {}).get("/Dests", {}).get("/Names", [])
    return list(zip(names[::2], names[1::2], strict=True))


def _append_outline(whole: pikepdf.Pdf, outline: pikepdf.Dictionary) -> None:
    """The bookmarks of `outline` after the document's own, at the top level."""
    if "/First" not in outline:
        return
    root = whole.Root.get("/Outlines")
    if root is None or "/First" not in root:
        whole.Root.Outlines = outline
        return
    item = outline.First
    while True:
        item.Parent = root
        if "/Next" not in item:
            break
        item = item.Next
    root.Last.Next, outline.First.Prev = outline.First, root.Last
    root.Last = outline.Last
    root.Count = int(root.get("/Count", 0)) + int(outline.get("/Count", 0))


def _shift(dictionary: pikepdf.Dictionary, key: str, offset: int) -> None:
    if key in dictionary:
        dictionary[key] = int(dictionary[key]) + offset


def _copy(whole: pikepdf.Pdf, part: pikepdf.Pdf, value):
    """`value` of `part` in `whole`, with what it refers to; an object already copied (a page) is not copied again."""
    return whole.copy_foreign(value if value.is_indirect else part.make_indirect(value))
