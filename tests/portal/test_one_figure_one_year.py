"""The same figure carries the same year on every page: the inhabitants of the municipalities (the population on
the municipality pages, the key figure "Invånare") in the demonstration data."""

import re
from html import unescape

from apps.keyfigures.models import KeyFigure
from apps.municipalities.models import Population


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_the_inhabitants_are_of_the_same_year_as_population_and_as_key_figure(client, demo):
    populations = {(p.municipality.name, p.year, p.inhabitants) for p in Population.objects.select_related(
        "municipality")}
    key_figures = {(k.municipality.name, k.year, int(k.value)) for k in KeyFigure.objects.select_related(
        "municipality").filter(indicator__slug="invanare")}
    assert populations == key_figures
    assert "Tillsammans hade de 483 300 invånare år 2017." in page_text(client.get("/kommuner/"))
    key_figure_page = page_text(client.get("/nyckeltal/invanare/"))
    assert "Kommun 2017" in key_figure_page
    assert "Huddinge 109 000" in key_figure_page
    assert re.search(r"Invånare .*? 2017, 8 kommuner", page_text(client.get("/nyckeltal/")))
