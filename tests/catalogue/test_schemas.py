"""Every JSON open-data file has a published JSON Schema (draft 2020-12), the catalogue and the open data page link
it, and every such file the portal serves, for every year and every programme version, validates against it."""

import copy
import json

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from apps.catalogue.schemas import SCHEMAS
from apps.meetings.views import meeting_years
from apps.programme.models import Programme

from .conftest import read_catalogue

# JSON that is not an open-data file: the read API, described by its OpenAPI document, and the schemas themselves.
NOT_OPEN_DATA_FILES = {"api", "catalogue"}


def json_views(patterns=None, namespace=""):
    """The view names ("meetings:year_json") of every address the portal serves that ends in .json."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = ":".join(filter(None, [namespace, pattern.namespace]))
            yield from json_views(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and str(pattern.pattern).endswith(".json"):
            yield f"{namespace}:{pattern.name}"


def served_schema(client, name):
    response = client.get(f"/data/schema/{name}.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/schema+json"
    return json.loads(response.content)


def validator(client, name):
    schema = served_schema(client, name)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def open_data_files():
    """Every JSON open-data file the portal serves now: the meetings of each year, each programme version."""
    files = [("moten", f"/moten/{year}.json") for year in meeting_years()]
    files += [("utvecklingsprogram", f"/program/{slug}.json")
              for slug in Programme.objects.values_list("slug", flat=True)]
    return files


def test_every_json_file_the_portal_serves_has_a_schema():
    served = {name for name in json_views() if name.split(":")[0] not in NOT_OPEN_DATA_FILES}
    assert served == {"meetings:year_json", "programme:json"}
    assert served <= {schema.url_name for schema in SCHEMAS.values()}


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_schema_is_a_valid_draft_2020_12_schema_at_its_own_address(client, name):
    schema = served_schema(client, name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"http://testserver/data/schema/{name}.json"


def test_every_json_file_validates_against_its_schema(client, data):
    files = open_data_files()
    assert len(files) >= 5
    validators = {name: validator(client, name) for name in SCHEMAS}
    for name, path in files:
        response = client.get(path)
        assert response.status_code == 200, path
        errors = [f"{path} {'/'.join(map(str, e.absolute_path))}: {e.message}"
                  for e in validators[name].iter_errors(json.loads(response.content))]
        assert errors == []


def test_the_demonstration_data_fills_what_the_schemas_allow_to_be_empty(client, demo):
    """The schemas are tried on more than empty lists: on meetings with hosts and times, and on goals."""
    meetings = [meeting for _name, path in open_data_files() if path.startswith("/moten/")
                for meeting in json.loads(client.get(path).content)["meetings"]]
    assert any(m["hosts"] and m["start_time"] for m in meetings)
    programme = json.loads(client.get("/program/utvecklingsprogram-2035.json").content)
    assert any(area["goals"] and area["goals"][0]["sub_goals"] for area in programme["focus_areas"])


@pytest.mark.parametrize("change", [
    lambda data: data["meetings"][0].update(status="postponed"),
    lambda data: data["meetings"][0].update(date="2 februari 2017"),
    lambda data: data["meetings"][0].update(start_time="12.00"),
    lambda data: data["meetings"][0].update(colour="blue"),
    lambda data: data["meetings"][0].pop("body"),
    lambda data: data["license"].update(identifier="CC-BY-4.0"),
])
def test_a_file_that_breaks_the_meetings_schema_fails(client, seed, change):
    data = json.loads(client.get("/moten/2017.json").content)
    assert validator(client, "moten").is_valid(data)
    broken = copy.deepcopy(data)
    change(broken)
    with pytest.raises(ValidationError):
        validator(client, "moten").validate(broken)


def test_a_file_that_breaks_the_programme_schema_fails(client, seed):
    data = json.loads(client.get("/program/utvecklingsprogram-2013.json").content)
    assert validator(client, "utvecklingsprogram").is_valid(data)
    data["focus_areas"][0]["goals"][0]["sub_goals"][0]["kind"] = "wish"
    assert not validator(client, "utvecklingsprogram").is_valid(data)


def test_an_unknown_schema_is_not_found(client):
    assert client.get("/data/schema/budget.json").status_code == 404


def test_the_catalogue_names_the_schema_each_json_file_conforms_to(client, seed):
    from rdflib import URIRef
    from rdflib.namespace import DCAT, DCTERMS

    graph = read_catalogue(client)
    for distribution, url in graph.subject_objects(DCAT.downloadURL):
        conforms = graph.value(distribution, DCTERMS.conformsTo)
        if str(url).endswith(".json"):
            expected = "moten" if "/moten/" in str(url) else "utvecklingsprogram"
            assert conforms == URIRef(f"http://testserver/data/schema/{expected}.json"), url


def test_the_open_data_page_links_the_catalogue_and_the_schemas(client, seed):
    for path in ("/moten/oppna-data/", "/en/moten/oppna-data/"):
        page = client.get(path).content.decode()
        for address in ("/data/katalog.rdf", "/data/katalog.ttl", "/data/schema/moten.json",
                        "/data/schema/utvecklingsprogram.json"):
            assert f'href="{address}"' in page, (path, address)
