"""Turning a document template into a PDF with WeasyPrint, and keeping the result in the cache.

Every document is Swedish, A4 and tagged (PDF/UA-1); title, author and language come from the
template's <title>, <meta name="author"> and <html lang>.

A PDF takes from a tenth of a second to several seconds to render, so each version of a document is rendered
once, whatever the number of workers and servers asking for it at the same moment: by the first to take its
lock in the shared cache (apps/core/locks.py). While it renders, the others asking for the document on the
portal get the version before it at once, if the cache still holds one of the same variant; otherwise they
wait for the new one. After a change the background task (tasks.py) renders the new version, usually before
anyone asks. Every render is logged (logger "apps.documents.pdf", level INFO) with its key and time.
"""

import hashlib
import logging
import time
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as django_cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, quote_etag
from weasyprint import CSS, HTML, Document
from weasyprint.css.counters import CounterStyle
from weasyprint.html import UA, UA_FORM_STYLESHEET
from weasyprint.urls import URLFetcher

from apps.core import locks

logger = logging.getLogger(__name__)

PDF_VARIANT = "pdf/ua-1"
# Cached documents are kept a while; a change in the data or the layout gives a new key anyway.
CACHE_TIMEOUT = 60 * 60 * 24 * 7
# How long a request waits for another's render of a document the cache holds no version of.
RENDER_WAIT = 30
TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates" / "documents"
APP_DIR = Path(__file__).resolve().parent


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


def html_to_document(html: str) -> Document:
    """The laid-out pages, before they are written: each page knows the anchors (ids) it holds."""
    # The templates carry their styles and images inline (charts as data: addresses) and need no file or address:
    # every other way of fetching is refused, so text typed into the admin can never make the renderer read a
    # local file or call out.
    fetcher = URLFetcher(allowed_protocols=("data",))
    return _HTML(string=html, url_fetcher=fetcher).render(pdf_variant=PDF_VARIANT)


def write_pdf(document: Document) -> bytes:
    return document.write_pdf(pdf_variant=PDF_VARIANT)


def html_to_pdf(html: str) -> bytes:
    return write_pdf(html_to_document(html))


def render_html(template_name: str, context: dict) -> str:
    with translation.override("sv"):
        return render_to_string(template_name, {"secretariat": settings.SECRETARIAT_NAME, **context})


def render_pdf(template_name: str, context: dict) -> bytes:
    return html_to_pdf(render_html(template_name, context))


@cache
def layout_version() -> str:
    """A digest of the templates, the code, the sender and the portal's address (which a kallelse prints), so a new
    layout is never served from an old cache."""
    digest = hashlib.sha256(f"{settings.SECRETARIAT_NAME}\n{settings.SITE_URL}".encode())
    for path in sorted([*TEMPLATE_DIR.rglob("*"), *APP_DIR.rglob("*.py")]):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def cache_key(kind: str, ident, data_version, variant: str = "") -> str:
    """The key of a document: what it is, which object, its variant (who may read it: a draft for the
    secretariat and the public's notice are different documents), and the version of the data it is made
    from. Versions of one variant replace each other; a request may be given the previous one while the new
    one renders, so a variant must never hold what another may not read."""
    stamp = hashlib.sha256(repr(data_version).encode()).hexdigest()[:24]
    return f"documents:{kind}:{ident}:{variant}:{layout_version()}:{stamp}"


def latest_key(key: str) -> str:
    """Where the key of the latest rendered version of `key`'s document and variant is kept."""
    return "documents-latest:" + key.rsplit(":", 2)[0].removeprefix("documents:")


def _rendered(key: str, build) -> bytes:
    started = time.perf_counter()
    pdf = build()
    logger.info("Rendered %s in %.2f s", key, time.perf_counter() - started)
    return pdf


def _cached(key: str, build, *, previous: bool) -> tuple[bytes, str, locks.How]:
    """The PDF under `key` (rendered by `build()` in one process at a time), the key of the version given, and
    how it was got. With `previous`, while another process renders it the version before is given instead."""
    served = key

    def version_before():
        nonlocal served
        before = django_cache.get(latest_key(key))
        pdf = django_cache.get(before) if before and before != key else None
        if pdf is not None:
            served = before
        return pdf

    pdf, how = locks.cached_or_built(
        key, lambda: _rendered(key, build), timeout=CACHE_TIMEOUT, wait=RENDER_WAIT,
        instead=version_before if previous else None,
    )
    if how == locks.How.BUILT:
        try:
            django_cache.set(latest_key(key), key, CACHE_TIMEOUT)
        except locks.CACHE_ERRORS:
            logger.warning("The cache failed: %s is not marked as the latest version", key, exc_info=True)
    return pdf, served, how


def cached_pdf(key: str, build) -> tuple[bytes, bool]:
    """The PDF under `key` and whether the cache held it; `build()` renders it only when it did not, in one
    process at a time. Never an earlier version: for what is sent by e-mail."""
    pdf, _served, how = _cached(key, build, previous=False)
    return pdf, how in (locks.How.HIT, locks.How.WAITED)


def pdf_response(request, key: str, filename: str, build) -> HttpResponse:
    """The PDF under `key`, rendered by `build()` only when the cache does not hold it yet.

    The key doubles as ETag, so a browser that already has this version gets a 304 without a render.
    The header X-Document-Cache says whether the PDF came from the cache ("hit"), was rendered ("miss"), or is
    the version before, given while another request renders this one ("previous"; its own key is the ETag, so
    the browser asks again next time).
    """
    etag = quote_etag(key)
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    pdf, served, how = _cached(key, build, previous=True)
    if served != key and (not_modified := get_conditional_response(request, etag=quote_etag(served))) is not None:
        return not_modified  # the browser has the version before, which is all there is for the moment
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["ETag"] = quote_etag(served)
    response["X-Document-Cache"] = {
        locks.How.HIT: "hit", locks.How.WAITED: "hit", locks.How.INSTEAD: "previous",
    }.get(how, "miss")
    # A draft agenda is for the secretariat only: no shared cache may keep it; browsers revalidate by ETag.
    patch_cache_control(response, private=True, no_cache=True)
    return response
