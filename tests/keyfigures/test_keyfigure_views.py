"""Key figures: each indicator as a chart across municipalities and years, with the figures as a table."""

import re
from decimal import Decimal
from html import unescape

import pytest

from apps.keyfigures.models import Indicator, KeyFigure
from apps.municipalities.models import Municipality


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def chart(response):
    return unescape(re.search(r"<svg\b.*?</svg>", response.content.decode(), re.S).group(0))


def test_index_lists_the_indicators_with_their_years_and_sample_mark(client, demo):
    Indicator.objects.update(is_sample=True)
    text = page_text(client.get("/nyckeltal/"))
    assert "Andel invånare 25–64 år med eftergymnasial utbildning Exempeldata" in text
    assert "2015–2016, 8 kommuner · enhet: %" in text
    assert "Invånare Exempeldata" in text


def test_indicator_page_has_a_table_of_values_per_municipality_and_year(client, demo):
    text = page_text(client.get("/nyckeltal/eftergymnasial-utbildning-25-64/"))
    assert "Kommun 2015 2016" in text
    assert "Botkyrka 33,8 34,4" in text
    assert "Tyresö 46,3 47,1" in text


def test_whole_numbers_are_shown_without_decimals_and_grouped(client, demo):
    text = page_text(client.get("/nyckeltal/invanare/"))
    assert "Huddinge 109 000" in text


def test_indicator_chart_is_an_accessible_image_with_every_value_labelled(client, demo):
    svg = chart(client.get("/nyckeltal/eftergymnasial-utbildning-25-64/"))
    assert 'role="img"' in svg
    assert ('aria-label="Stapeldiagram över Andel invånare 25–64 år med eftergymnasial utbildning per kommun och år"'
            in svg)
    assert svg.count("<rect") == 16
    assert "<title>Botkyrka 2015: 33,8 %</title>" in svg
    # Every bar carries its year and its value as text, so colour is never the only clue.
    assert len(re.findall(r'<text class="chart-year"', svg)) == 16
    assert len(re.findall(r'<text class="chart-value"', svg)) == 16


def test_sample_data_is_marked_as_such(client, demo):
    Indicator.objects.update(is_sample=True)
    text = page_text(client.get("/nyckeltal/invanare/"))
    assert "Exempeldata Siffrorna visar hur nyckeltalen presenteras; de är inte officiell statistik." in text
    assert "per kommun och år (personer), exempeldata" in text


def test_real_data_is_not_marked_as_sample_data(client, demo):
    Indicator.objects.filter(slug="invanare").update(is_sample=False)
    assert "Exempeldata" not in page_text(client.get("/nyckeltal/invanare/"))


def test_a_missing_value_is_shown_as_missing(client, demo):
    KeyFigure.objects.filter(indicator__slug="eftergymnasial-utbildning-25-64", municipality__name="Salem",
                             year=2016).delete()
    text = page_text(client.get("/nyckeltal/eftergymnasial-utbildning-25-64/"))
    assert "Salem 44,7 – inget värde" in text


def test_an_indicator_without_values_has_a_page(client, db):
    Indicator.objects.create(name="Sysselsättningsgrad", slug="sysselsattning")
    response = client.get("/nyckeltal/sysselsattning/")
    assert response.status_code == 200
    assert "Inga värden är registrerade för det här nyckeltalet än." in page_text(response)


def test_negative_values_get_an_empty_bar_but_keep_their_label(client, db):
    indicator = Indicator.objects.create(name="Flyttnetto", slug="flyttnetto")
    salem = Municipality.objects.create(name="Salem", slug="salem", code="0128")
    KeyFigure.objects.create(indicator=indicator, municipality=salem, year=2016, value=Decimal("-120"))
    svg = chart(client.get("/nyckeltal/flyttnetto/"))
    assert 'width="0.0"' in svg
    assert "−120" in svg or "-120" in svg


@pytest.mark.parametrize("path", ["/nyckeltal/finns-inte/", "/nyckeltal/invanare/2017/", "/nyckeltal/%00/"])
def test_unknown_indicator_is_not_found(client, demo, path):
    assert client.get(path).status_code == 404


def grow(copies):
    """Adds `copies - 1` more indicators, municipalities and years of values to the seed."""
    if copies == 1:
        return
    municipalities = list(Municipality.objects.all()) + Municipality.objects.bulk_create(
        Municipality(name=f"Kommun {n}", slug=f"kommun-{n}", code=f"{9000 + n}") for n in range(copies)
    )
    indicator = Indicator.objects.get(slug="invanare")
    KeyFigure.objects.bulk_create(
        KeyFigure(indicator=indicator, municipality=m, year=1980 + n, value=1000 + n)
        for m in municipalities for n in range(copies)
    )
    Indicator.objects.bulk_create(Indicator(name=f"Nyckeltal {n}", slug=f"nyckeltal-{n}") for n in range(copies))


@pytest.mark.parametrize("copies", [1, 20], ids=["1x", "20x"])
@pytest.mark.parametrize(("path", "most"), [("/nyckeltal/", 1), ("/nyckeltal/invanare/", 2)])
def test_key_figure_pages_run_a_fixed_number_of_queries(
    client, demo, django_assert_max_num_queries, copies, path, most
):
    grow(copies)
    with django_assert_max_num_queries(most):
        response = client.get(path)
    assert response.status_code == 200
