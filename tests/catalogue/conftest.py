import pytest
from rdflib import Graph


@pytest.fixture(autouse=True)
def site_url(settings):
    """The portal's address as the test client's requests reach it, so that every absolute address in the catalogue
    is one the client can follow."""
    settings.SITE_URL = "http://testserver"
    return settings.SITE_URL


@pytest.fixture(params=["seed", "demo"])
def data(request, db):
    """Each test runs on the seed data and again on the demonstration data on top of it."""
    request.getfixturevalue(request.param)
    return request.param


def read_catalogue(client, path="/data/katalog.rdf", syntax="xml") -> Graph:
    response = client.get(path)
    assert response.status_code == 200
    graph = Graph()
    graph.parse(data=response.content, format=syntax)
    return graph
