"""Whole-page cache for anonymous visitors, emptied whenever the secretariat changes data.

Every cached page's key carries a site-wide data version; any save or delete of a portal model sets a new
version, so all pages are rebuilt on their next request. In production the cache must be shared by all
app servers (CACHE_URL), or one worker's change would not reach the others' pages.
"""

import hashlib
import uuid

from django.apps import apps
from django.core import checks
from django.core.cache import cache
from django.conf import settings
from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils import translation

VERSION_KEY = "pages:version"
PORTAL_APPS = {
    "municipalities", "bodies", "meetings", "programme", "plans", "budgets", "rotations", "keyfigures",
}
TIMEOUT = 60 * 60 * 24
# The admin is never cached; /health/ must answer from the app alone, even when the shared cache is down.
NOT_CACHED = ("/admin/", "/en/admin/", "/health/")


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
        new_data_version()


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method not in ("GET", "HEAD") or request.path.startswith(NOT_CACHED):
            return self.get_response(request)
        if request.user.is_authenticated:
            return self.get_response(request)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        # GZipMiddleware runs inside this one, so a page is compressed once, when it is stored, and kept in
        # both forms: for clients that accept gzip (every browser and calendar app) and for those that do not.
        encoding = "gzip" if re_accepts_gzip.search(request.headers.get("Accept-Encoding", "")) else "identity"
        key = f"page:{data_version()}:{translation.get_language()}:{encoding}:{path}"
        response = cache.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            # A calendar app or browser polling again with the ETag it has gets "304 Not Modified", not the page.
            return get_conditional_response(request, etag=response.get("ETag"), response=response)
        response = self.get_response(request)
        if self.can_store(response):
            if not response.has_header("ETag"):
                set_response_etag(response)
            cache.set(key, response, TIMEOUT)
        response["X-Page-Cache"] = "miss"
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
