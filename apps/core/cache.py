"""Whole-page cache for anonymous visitors, emptied whenever the secretariat changes data.

Every cached page's key carries a site-wide data version; any save or delete of a portal model sets a new
version, so all pages are rebuilt on their next request. In production the cache must be shared by all
app servers (CACHE_URL), or one worker's change would not reach the others' pages.

A page is keyed by its path and the query parameters its view reads, which the view declares with
`@cache_reads("q")`; the view is then given only those, so every other parameter (`?cb=<random>`) is
served the same cached page instead of rendering it again. A page missing from the cache is rendered by
one request at a time (apps/core/locks.py), and an anonymous visitor's requests that render are limited per
client (UNCACHED_RATE), answered beyond it with the 429 page. When the cache fails, pages are served
uncached: the site keeps answering.
"""

import hashlib
import ipaddress
import logging
import uuid
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.http import QueryDict
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.cache import get_conditional_response, set_response_etag
from django_ratelimit.core import get_usage

from . import locks
from .throttle import client_address

logger = logging.getLogger(__name__)

VERSION_KEY = "pages:version"
PORTAL_APPS = {
    "municipalities", "bodies", "meetings", "programme", "plans", "budgets", "rotations", "keyfigures", "followup",
}
TIMEOUT = 60 * 60 * 24
# The admin is never cached; /health/ must answer from the app alone, even when the shared cache is down.
NOT_CACHED = ("/admin/", "/en/admin/", "/health/")
# A declared parameter's values as the key and the view see them: at most this many, each cut to this length
# (longer than any query a view accepts, so a view still sees that a value is too long).
MAX_VALUES = 4
MAX_VALUE_LENGTH = 500
# How long a request waits for the same page being rendered by another before rendering it itself.
RENDER_WAIT = 5


def cache_reads(*names, timeout=TIMEOUT):
    """Declares the query parameters a view reads: the page cache keys its pages on these alone, and the view
    is given no others. A view that declares none is keyed on its path alone. `timeout`: how long its pages are
    kept, shorter where every new value makes a new page (a search), so that no visitor can fill the cache."""

    def declare(view):
        view.cache_reads = frozenset(names)
        view.cache_timeout = timeout
        return view

    return declare


def view_of(request):
    """The view `request` goes to; None for an address no view answers."""
    try:
        return resolve(request.path_info, getattr(request, "urlconf", None)).func
    except Resolver404:
        return None


def declared(request) -> tuple[frozenset, int]:
    """The parameters the view of `request` reads, and how long its pages are kept."""
    view = view_of(request)
    return getattr(view, "cache_reads", frozenset()), getattr(view, "cache_timeout", TIMEOUT)


def normalised_query(query: QueryDict, names: frozenset) -> QueryDict:
    """The parameters of `query` named in `names`, sorted by name; each value with its white space trimmed and
    runs of it made one space, cut to MAX_VALUE_LENGTH, and at most MAX_VALUES of them."""
    kept = [
        (name, " ".join(value.split())[:MAX_VALUE_LENGTH])
        for name in sorted(names.intersection(query.keys())) for value in query.getlist(name)[:MAX_VALUES]
    ]
    return QueryDict(urlencode(kept))


def data_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        version = new_data_version()
    return version


def new_data_version(**kwargs):
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, None)
    return version


def is_portal_model(sender):
    return getattr(sender, "_meta", None) is not None and sender._meta.app_label in PORTAL_APPS


def data_changed(sender, **kwargs):
    if is_portal_model(sender) or (kwargs.get("model") is not None and is_portal_model(kwargs["model"])):
        try:
            new_data_version()
        except locks.CACHE_ERRORS:
            # The secretariat's save goes through. A cache that was only out of reach may come back with the old
            # version and its pages: empty it then (README, "Redis").
            logger.error("The cache failed: the pages could not be marked as changed", exc_info=True)


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(NOT_CACHED):
            return self.get_response(request)
        if request.user.is_authenticated:
            return self.get_response(request)
        names, timeout = declared(request)
        request.GET = normalised_query(request.GET, names)
        query = request.GET.urlencode()
        path = hashlib.sha256(f"{request.path}?{query}".encode()).hexdigest()
        # GZipMiddleware runs inside this one, so a page is compressed once, when it is stored, and kept in
        # both forms: for clients that accept gzip (every browser and calendar app) and for those that do not.
        encoding = "gzip" if re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")) else "identity"
        try:
            key = f"page:{data_version()}:{translation.get_language()}:{encoding}:{path}"
            response = cache.get(key)
        except locks.CACHE_ERRORS:
            logger.warning("The cache failed: %s is served uncached", request.path, exc_info=True)
            response = self.render(request)
            response["X-Page-Cache"] = "off"
            return response
        if response is None:
            # Only a request the cache cannot answer counts against its client's rate, and is refused beyond it
            # before it costs more than these few cache reads.
            usage = rate_limit_usage(request)
            if usage is not None and usage["should_limit"]:
                return too_many_requests(request, usage)
            response, how = locks.cached_or_built(
                key, lambda: self.render(request), timeout=timeout, wait=RENDER_WAIT, keep=self.can_store
            )
        else:
            how = locks.How.HIT
        if how in (locks.How.HIT, locks.How.WAITED):
            response["X-Page-Cache"] = "hit"
            # A calendar app or browser polling again with the ETag it has gets "304 Not Modified", not the page.
            conditional = get_conditional_response(request, etag=response.get("ETag"), response=response)
            # A script on another site that asked again with If-None-Match may read the 304 as it read the page.
            for header in ("Access-Control-Allow-Origin", "Access-Control-Expose-Headers"):
                if conditional is not response and response.has_header(header):
                    conditional[header] = response[header]
            return conditional
        response["X-Page-Cache"] = "miss" if how == locks.How.BUILT else "off"
        return response

    def render(self, request):
        response = self.get_response(request)
        if self.can_store(response) and not response.has_header("ETag"):
            set_response_etag(response)
        return response

    @staticmethod
    def can_store(response):
        # Pages that set a cookie (CSRF, messages) or say they are private belong to one visitor only.
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and "private" not in response.get("Cache-Control", "")
        )


def client(group, request) -> str:
    """Who a request comes from, for the rate limit: its address as the login throttle reads it (the proxy's view
    behind one), an IPv6 address by its /64 network, since one household or office holds a whole /64."""
    address = client_address(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address) if ip.version == 6 else str(ip)


def rate_limit_usage(request):
    """This request counted against its client's rate of rendered pages (django-ratelimit, in the shared cache).
    None when the limit is off, or when the cache cannot count: pages fail open, and the proxy's limit_req
    still stands in front (README, nginx)."""
    try:
        return get_usage(request, group="uncached-pages", key=client, rate=settings.UNCACHED_RATE, increment=True)
    except locks.CACHE_ERRORS:
        logger.warning("The cache failed: %s is not rate-limited", request.path, exc_info=True)
        return None


def too_many_requests(request, usage):
    """The 429 page; or, where the view has an answer of its own as `view.too_many_requests(retry_after)`, that
    answer (the read API's JSON error, apps/api/views.py: a harvester cannot read the page)."""
    # The end of the client's current window, at least a second.
    retry_after = max(1, usage["time_left"])
    own_answer = getattr(view_of(request), "too_many_requests", None)
    response = own_answer(retry_after) if own_answer else render(request, "429.html", status=429)
    response["Retry-After"] = str(retry_after)
    return response


def connect_signals():
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in apps.get_models():
        if is_portal_model(model):
            post_save.connect(data_changed, sender=model, dispatch_uid=f"pages-save-{model._meta.label}")
            post_delete.connect(data_changed, sender=model, dispatch_uid=f"pages-delete-{model._meta.label}")
    m2m_changed.connect(data_changed, dispatch_uid="pages-m2m")


@checks.register(checks.Tags.caches, deploy=True)
def check_shared_cache(app_configs, **kwargs):
    """The data version lives in the cache: a cache of one process would let other workers serve old pages."""
    if settings.CACHES["default"]["BACKEND"].endswith(("LocMemCache", "DummyCache")):
        return [checks.Warning(
            "CACHE_URL names a cache inside one process; with more than one gunicorn worker or server, "
            "pages stay stale after the secretariat changes data and failed logins are counted per process.",
            hint="Set CACHE_URL to a shared cache, e.g. redis://127.0.0.1:6379/1 (see README).",
            id="portal.W001",
        )]
    return []


class _UnpaddedGZip(GZipMiddleware):
    max_random_bytes = 0


class PageGZipMiddleware(GZipMiddleware):
    """Django's gzip, without its random padding (a defence against BREACH) on responses that carry no secret:
    an anonymous request without a CSRF cookie whose response sets no cookie. Those are the pages the page cache
    stores; padding gave each of them up to 100 bytes of noise and nothing to protect. Everything else, the
    admin with its CSRF tokens included, is padded as Django pads it."""

    unpadded = _UnpaddedGZip(lambda request: None)

    def process_response(self, request, response):
        user = getattr(request, "user", None)
        if (user is not None and not user.is_authenticated and settings.CSRF_COOKIE_NAME not in request.COOKIES
                and not response.cookies):
            return self.unpadded.process_response(request, response)
        return super().process_response(request, response)
