"""Beyond the rate of uncached requests (apps/core/cache.py), the read API answers 429 in JSON, as its other
errors, with Retry-After: a harvester can read why and when to come back. The portal's pages keep the HTML page."""

import json

import pytest
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate as validate_spec

from apps.api.openapi import description
from tests.shared_cache import redis_cache, redis_url  # noqa: F401

API = "/api/v1/"


@pytest.fixture(autouse=True)
def three_a_minute(settings, redis_cache):  # noqa: F811
    settings.RATELIMIT_ENABLE = True
    settings.UNCACHED_RATE = "3/m"


def pages_of_meetings(client, count):
    """`count` different pages of the list, none of them in the cache yet."""
    return [client.get(f"{API}meetings/", {"limit": limit}) for limit in range(1, count + 1)]


def test_beyond_the_rate_the_api_answers_429_in_json_saying_when_to_retry(client, seed):
    assert [response.status_code for response in pages_of_meetings(client, 3)] == [200, 200, 200]
    refused = client.get(f"{API}meetings/", {"limit": 50})
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/json; charset=utf-8"
    retry_after = int(refused["Retry-After"])
    assert 1 <= retry_after <= 60
    body = json.loads(refused.content)
    assert body["retryAfter"] == retry_after
    assert "Too many requests" in body["error"] and f"{retry_after} second" in body["error"]
    assert refused["Access-Control-Allow-Origin"] == "*"
    # A script on another site may read when to come back, not only the body.
    assert "Retry-After" in refused["Access-Control-Expose-Headers"]
    assert "no-store" in refused["Cache-Control"]


def test_the_429_answer_is_as_the_openapi_description_says(client, seed):
    pages_of_meetings(client, 3)
    refused = client.get(f"{API}meetings/4711/")
    assert refused.status_code == 429
    document = description()
    validate_spec(document)
    operation = document["paths"]["/meetings/{id}/"]["get"]
    assert "Retry-After" in operation["responses"]["429"]["headers"]
    schema = operation["responses"]["429"]["content"]["application/json"]["schema"]
    errors = list(Draft202012Validator({**document, **schema}).iter_errors(refused.json()))
    assert not errors, [error.message for error in errors]


def test_an_unknown_address_under_the_api_is_refused_in_json_too(client, seed):
    pages_of_meetings(client, 3)
    refused = client.get(f"{API}sammantraden/")
    assert refused.status_code == 429 and refused.json()["retryAfter"] >= 1


def test_a_public_page_beyond_the_rate_still_gets_the_portals_html_429_page(client, seed):
    pages_of_meetings(client, 3)
    refused = client.get("/sok/", {"q": "möte"})
    assert refused.status_code == 429
    assert refused["Content-Type"].startswith("text/html")
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert "För många förfrågningar" in refused.content.decode()
