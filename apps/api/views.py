"""The read API's views: the entry point, a list and one object of each kind (apps/api/resources.py), the OpenAPI
description, and the documentation page.

Every JSON answer carries an ETag and answers 304 to a matching If-None-Match, may be read by a script on any
site (CORS), and may be kept for a minute by any cache. Anonymous requests go through the page cache like every
page (apps/core/cache.py): the query parameters the views read are declared, and a change in the admin makes every
answer new.
"""

import functools
import hashlib
import json
from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control

from apps.core.cache import cache_reads
from apps.core.open_data import LICENSE

from . import openapi
from .resources import OPARL, READERS, RESOURCES, BadFilter, api_url, integer, moment, since_value, type_url

DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
FILTERS = ("modified_since", *READERS)
# Any cache may keep an answer this many seconds; after that it asks again with the ETag, which is cheap.
MAX_AGE = 60


class NotFound(Exception):
    pass


def _cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Retry-After"
    return response


def json_view(view):
    """`view` returns the data to answer with; this makes it JSON with its ETag (304 when the client has it),
    CORS and Cache-Control, answers a CORS preflight, a bad filter with 400 and a missing object with 404; and
    gives the page cache its answer for a client beyond the rate (429)."""

    @functools.wraps(view)
    def answer(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
            response["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
            response["Access-Control-Allow-Headers"] = "If-None-Match"
            response["Access-Control-Max-Age"] = "86400"
            return _cors(response)
        if request.method not in ("GET", "HEAD"):
            response = error(405, "The API only reads: use GET.")
            response["Allow"] = "GET, HEAD, OPTIONS"
            return response
        # Addresses of the portal's pages are the Swedish ones, whatever language the client asks for.
        with translation.override(settings.LANGUAGE_CODE):
            try:
                data = view(request, *args, **kwargs)
            except BadFilter as e:
                return error(400, str(e), parameter=e.parameter)
            except NotFound:
                return error(404, "There is no such object.")
        body = json.dumps(data, ensure_ascii=False).encode()
        response = HttpResponse(body, content_type="application/json; charset=utf-8")
        response["ETag"] = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
        patch_cache_control(response, public=True, max_age=MAX_AGE)
        response = get_conditional_response(request, etag=response["ETag"], response=response)
        return _cors(response)

    answer.too_many_requests = too_many_requests
    return answer


def error(status, message, **extra):
    response = HttpResponse(
        json.dumps({"error": message, **extra}, ensure_ascii=False), status=status,
        content_type="application/json; charset=utf-8",
    )
    patch_cache_control(response, no_store=True)
    return _cors(response)


def too_many_requests(retry_after):
    """The answer beyond the client's rate of requests the page cache could not answer (apps/core/cache.py, which
    adds Retry-After): an error in JSON like the others, not the portal's HTML page."""
    seconds = "1 second" if retry_after == 1 else f"{retry_after} seconds"
    return error(429, f"Too many requests from your address in a short time: wait {seconds} and try again.",
                 retryAfter=retry_after)


@cache_reads()
@json_view
def index(request):
    """The entry point: OParl's System object, with the address of every list."""
    return {
        "id": api_url(), "type": type_url("System"), "oparlVersion": OPARL, "name": "Södertörnsportalen",
        "website": f"{settings.SITE_URL}/", "license": LICENSE["url"],
        "openapi": f"{settings.SITE_URL}{reverse('api:openapi')}",
        "documentation": f"{settings.SITE_URL}{reverse('api_docs:index')}",
        "lists": {name: api_url(name) for name in RESOURCES},
    }


def read_filters(query, resource) -> dict:
    """The filters asked for, each read to the value it filters by; BadFilter for one the list does not have or
    a value it cannot use."""
    found = {}
    for name in FILTERS:
        value = query.get(name)
        if value is None:
            continue
        if name != "modified_since" and name not in resource.filters:
            allowed = ", ".join(("modified_since", *resource.filters))
            raise BadFilter(name, f"The list {resource.name} is not filtered by {name}; it takes {allowed}.")
        if not value.strip():
            raise BadFilter(name, f"{name} is empty.")
        found[name] = value.strip()
    return found


def page_numbers(query) -> tuple[int, int]:
    page = integer("page", query.get("page", "1"), 1, 10**6)
    limit = integer("limit", query.get("limit", str(DEFAULT_LIMIT)), 1, MAX_LIMIT)
    return page, limit


def list_data(query, name) -> dict:
    """One page of the list `name`, ordered by id: the public objects the filters select, and, when asked for
    modified_since, those that left the public's sight since (marked deleted; the other filters do not apply to
    them): see Resource.gone."""
    resource = RESOURCES[name]
    now = timezone.now()
    asked = read_filters(query, resource)
    page, limit = page_numbers(query)
    queryset = resource.public(now)
    for filter_name, value in asked.items():
        if filter_name != "modified_since":
            queryset = resource.filter(queryset, filter_name, READERS[filter_name](value))
    key = resource.key_field()
    offset = (page - 1) * limit
    if "modified_since" in asked:
        since = since_value(asked["modified_since"])
        queryset = resource.changed_since(queryset, since, now)
        gone = resource.gone(now)
        keys = queryset.order_by().values_list(key).union(gone.filter(at__gte=since).values_list(key))
        total = keys.count()
        page_keys = [row[0] for row in keys.order_by(key)[offset:offset + limit]]
        objects = list(resource.fetch(queryset.filter(**{f"{key}__in": page_keys}), now))
        resource.attach(objects, now)
        found = {getattr(obj, key): obj for obj in objects}
        missing = [k for k in page_keys if k not in found]
        deleted_at = dict(gone.filter(**{f"{key}__in": missing}).values_list(key, "at")) if missing else {}
        data = [
            resource.object(found[k], now) if k in found else tombstone(resource, k, deleted_at[k])
            for k in page_keys
        ]
    else:
        total = queryset.count()
        objects = list(resource.fetch(queryset.order_by(key), now)[offset:offset + limit])
        resource.attach(objects, now)
        data = [resource.object(obj, now) for obj in objects]
    pages = max(1, -(-total // limit))

    def page_url(number):
        return api_url(name, query=urlencode({**asked, "page": number, "limit": limit}))

    links = {"first": page_url(1), "self": page_url(page), "last": page_url(pages)}
    if page > 1:
        links["prev"] = page_url(min(page - 1, pages))
    if page < pages:
        links["next"] = page_url(page + 1)
    return {
        "data": data,
        "pagination": {"totalElements": total, "elementsPerPage": limit, "currentPage": page, "totalPages": pages},
        "links": links,
    }


def tombstone(resource, key, deleted_at) -> dict:
    return {"id": api_url(resource.name, key), "type": type_url(resource.type), "deleted": True,
            "modified": moment(deleted_at)}


@cache_reads("page", "limit", *FILTERS)
@json_view
def object_list(request, name):
    return list_data(request.GET, name)


@cache_reads()
@json_view
def object_detail(request, name, pk):
    """One object; one the public saw, since deleted or put out of sight, answers with its address, type, `deleted`
    and when."""
    resource = RESOURCES[name]
    now = timezone.now()
    key = resource.key_field()
    obj = resource.fetch(resource.public(now).filter(**{key: pk}), now).first()
    if obj is not None:
        resource.attach([obj], now)
        return resource.object(obj, now)
    gone = resource.gone(now).filter(**{key: pk}).first()
    if gone is None:
        raise NotFound  # never public, or no such object
    return tombstone(resource, pk, gone["at"])


@cache_reads()
@json_view
def openapi_description(request):
    return openapi.description()


@cache_reads()
@json_view
def not_found(request, rest=""):
    raise NotFound


def docs(request):
    """The API explained, in Swedish and English, with curl lines and answers taken from the data as it is."""
    example = list_data_for_docs()
    context = {
        "base": api_url(),
        "openapi_url": f"{settings.SITE_URL}{reverse('api:openapi')}",
        "resources": [
            {"name": name, "type": resource.type, "url": api_url(name),
             "filters": ("modified_since", *resource.filters), "oparl": type_url(resource.type).startswith(OPARL)}
            for name, resource in RESOURCES.items()
        ],
        "example_list": json.dumps(example, ensure_ascii=False, indent=2),
        "example_meeting": json.dumps(example["data"][0], ensure_ascii=False, indent=2) if example["data"] else "",
        "example_deleted": json.dumps(
            {"id": api_url("meetings", 4711), "type": type_url("Meeting"), "deleted": True,
             "modified": "2026-11-30T14:05:12.512904+01:00"}, ensure_ascii=False, indent=2),
        "example_error": json.dumps(
            {"error": "modified_since must be a date-time in ISO 8601, e.g. 2026-12-01T08:00:00+01:00, not "
                      "'igår'.", "parameter": "modified_since"}, ensure_ascii=False, indent=2),
        "max_limit": MAX_LIMIT, "default_limit": DEFAULT_LIMIT, "max_age": MAX_AGE,
    }
    return render(request, "api/docs.html", context)


def list_data_for_docs():
    """The first meeting as the list of meetings gives it, one to a page."""
    with translation.override(settings.LANGUAGE_CODE):
        return list_data({"limit": "1"}, "meetings")
