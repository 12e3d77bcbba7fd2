"""Turning a document template into a PDF with WeasyPrint, and keeping the result in the cache.

Every document is Swedish, A4 and tagged (PDF/UA-1); title, author and language come from the
template's <title>, <meta name="author"> and <html lang>.
"""

import hashlib
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as django_cache
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header, quote_etag
from weasyprint import HTML, Document
from weasyprint.urls import URLFetcher

PDF_VARIANT = "pdf/ua-1"
# Cached documents are kept a while; a change in the data or the layout gives a new key anyway.
CACHE_TIMEOUT = 60 * 60 * 24 * 7
TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates" / "documents"
APP_DIR = Path(__file__).resolve().parent


def html_to_document(html: str) -> Document:
    """The laid-out pages, before they are written: each page knows the anchors (ids) it holds."""
    # The templates carry their styles inline and need no file or address: fetching is refused outright,
    # so text typed into the admin can never make the renderer read a local file or call out.
    fetcher = URLFetcher(allowed_protocols=())
    return HTML(string=html, url_fetcher=fetcher).render(pdf_variant=PDF_VARIANT)


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


def cache_key(kind: str, ident, data_version) -> str:
    """The key of a document: what it is, which object, and the version of the data it is made from."""
    stamp = hashlib.sha256(repr(data_version).encode()).hexdigest()[:24]
    return f"documents:{kind}:{ident}:{layout_version()}:{stamp}"


def cached_pdf(key: str, build) -> tuple[bytes, bool]:
    """The PDF under `key` and whether the cache held it; `build()` renders it only when it did not."""
    pdf = django_cache.get(key)
    if pdf is not None:
        return pdf, True
    pdf = build()
    django_cache.set(key, pdf, CACHE_TIMEOUT)
    return pdf, False


def pdf_response(request, key: str, filename: str, build) -> HttpResponse:
    """The PDF under `key`, rendered by `build()` only when the cache does not hold it yet.

    The key doubles as ETag, so a browser that already has this version gets a 304 without a render.
    The header X-Document-Cache says whether the PDF came from the cache ("hit") or was rendered ("miss").
    """
    etag = quote_etag(key)
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return not_modified
    pdf, hit = cached_pdf(key, build)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["ETag"] = etag
    response["X-Document-Cache"] = "hit" if hit else "miss"
    # A draft agenda is for the secretariat only: no shared cache may keep it; browsers revalidate by ETag.
    patch_cache_control(response, private=True, no_cache=True)
    return response
