"""HTML to PDF with WeasyPrint, and nothing else: no Django, so that the render processes (parts.py) import it
without the portal's settings.

Every document is tagged (PDF/UA-1); title, author and language come from the template's <title>,
<meta name="author"> and <html lang>.
"""

from weasyprint import CSS, HTML, Document
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA, UA_FORM_STYLESHEET
from weasyprint.urls import URLFetcher

PDF_VARIANT = "pdf/ua-1"


def _lean_user_agent_sheet(sheet: str) -> str:
    """WeasyPrint's own stylesheet for HTML, with its rules for pseudo-elements narrowed to where they act.

    WeasyPrint computes a style for every pseudo-element that a rule names for an element, and its sheet names six
    for any element: ::marker, drawn only on list items, and five for footnotes and notes, drawn only where an
    element is floated into one. Södertörns nyckeltal has 4 700 elements, so it computed 31 000 styles where 1 300
    do, an eighth of its render time (README, issue 16). Our documents have lists but no footnotes or notes:
    the markers stay on li and summary, and the footnote and note rules apply to an element of class "footnote".
    """
    narrowed = {"::marker {": "li::marker, summary::marker {"} | {
        f"::{name} {{": f".footnote::{name} {{"
        for name in ("footnote-call", "footnote-marker", "note-call", "note-marker", "note-callback")
    }
    for rule, scoped in narrowed.items():
        if sheet.count(f"\n{rule}") != 1:
            # A newer WeasyPrint changed its sheet: read it again before narrowing anything.
            raise RuntimeError(f"WeasyPrint's stylesheet has no single rule {rule!r} to narrow")
        sheet = sheet.replace(f"\n{rule}", f"\n{scoped}")
    return sheet


# WeasyPrint's reading of the sheet has registered its counter styles (decimal, disc, …) already; ours goes to a
# dictionary of its own, where they would be refused as defined twice.
LEAN_UA_STYLESHEET = CSS(string=_lean_user_agent_sheet(UA), counter_style=CounterStyle())


class _HTML(HTML):
    # WeasyPrint has no setting for its user-agent sheet; this is the method its own rendering asks for it.
    def _ua_stylesheets(self, forms=False):
        return [LEAN_UA_STYLESHEET, UA_FORM_STYLESHEET] if forms else [LEAN_UA_STYLESHEET]


def html_to_document(html: str, *, tagged: bool = True) -> Document:
    """The laid-out pages, before they are written: each page knows the anchors (ids) it holds. Untagged only for
    what is drawn as an artifact, a part's running header and footer (parts.py)."""
    # The templates carry their styles and images inline (charts as data: addresses) and need no file or address:
    # every other way of fetching is refused, so text typed into the admin can never make the renderer read a
    # local file or call out.
    fetcher = URLFetcher(allowed_protocols=("data",))
    return _HTML(string=html, url_fetcher=fetcher).render(pdf_variant=PDF_VARIANT if tagged else None)


def write_pdf(document: Document, *, tagged: bool = True) -> bytes:
    return document.write_pdf(pdf_variant=PDF_VARIANT if tagged else None)


def html_to_pdf(html: str, *, tagged: bool = True) -> bytes:
    return write_pdf(html_to_document(html, tagged=tagged), tagged=tagged)
