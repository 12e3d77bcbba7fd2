"""Turning a document template into a PDF, and keeping the result in the cache.

Every document is Swedish, A4 and tagged (PDF/UA-1), rendered by WeasyPrint (render.py); a long one whose template
marks its parts is rendered a part per process at once (parts.py).

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

from apps.core import locks

from . import parts

logger = logging.getLogger(__name__)

# Cached documents are kept a while; a change in the data or the layout gives a new key anyway.
CACHE_TIMEOUT = 60 * 60 * 24 * 7
# How long a request waits for another's render of a document the cache holds no version of.
RENDER_WAIT = 30
TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates" / "documents"
APP_DIR = Path(__file__).resolve().parent


def html_to_pdf(html: str) -> bytes:
    """The PDF of a document's HTML; one marked with parts (parts.py) is rendered a part per process, at once."""
    return parts.html_to_pdf(html, settings.PDF_PROCESSES)


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
