"""Key figures imported from a CSV file laid out like Kolada's exports, matched on the municipality code."""

from decimal import Decimal
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.keyfigures.models import Indicator, KeyFigure

SAMPLE = Path(__file__).with_name("kolada_sodertorn.csv")


def post(client, content: bytes, **data):
    return client.post(
        reverse("admin:keyfigures_keyfigure_kolada"),
        {"file": SimpleUploadedFile("kolada.csv", content, "text/csv"), **data}, follow=True,
    )


def values(year=2018):
    return {
        (figure.indicator.kolada_id, figure.municipality.name): figure.value
        for figure in KeyFigure.objects.filter(year=year).select_related("indicator", "municipality")
    }


def test_secretary_imports_key_figures_from_a_kolada_export(secretary_client, portal):
    Indicator.objects.filter(slug="eftergymnasial").update(kolada_id="N15419")
    listing = secretary_client.get(reverse("admin:keyfigures_keyfigure_changelist")).content.decode()
    assert reverse("admin:keyfigures_keyfigure_kolada") in listing

    page = post(secretary_client, SAMPLE.read_bytes()).content.decode()
    assert "5 nya, 0 ändrade, 0 oförändrade, 3 överhoppade" in page
    assert values() == {
        ("N01951", "Botkyrka"): 93245, ("N01951", "Huddinge"): 110003, ("N01951", "Haninge"): 87980,
        ("N15419", "Botkyrka"): Decimal("33.80"), ("N15419", "Huddinge"): Decimal("47.25"),
    }


def test_importing_the_same_export_again_changes_nothing(secretary_client, portal):
    Indicator.objects.filter(slug="eftergymnasial").update(kolada_id="N15419")
    post(secretary_client, SAMPLE.read_bytes())
    page = post(secretary_client, SAMPLE.read_bytes()).content.decode()
    assert "0 nya, 0 ändrade, 5 oförändrade" in page


def test_an_unknown_municipality_code_is_reported_and_nothing_is_written(secretary_client, portal):
    content = ("kpi;municipality_id;municipality;period;gender;value\n"
               "N01951;0127;Botkyrka;2018;T;93245\n"
               "N01951;0180;Stockholm;2018;T;962154\n").encode()
    page = post(secretary_client, content).content.decode()
    assert "Rad 3: okänd kommunkod 0180" in page
    assert "Okända kommunkoder: 0180" in page
    assert values() == {}


def test_an_unknown_key_figure_is_reported(secretary_client, portal):
    content = "kpi;municipality_id;period;gender;value\nN99999;0127;2018;T;1\n".encode()
    page = post(secretary_client, content).content.decode()
    assert "inget nyckeltal har Kolada-id ”N99999”" in page
    assert values() == {}


def test_a_file_without_a_kpi_column_imports_for_the_chosen_indicator(secretary_client, portal):
    indicator = Indicator.objects.get(slug="eftergymnasial")
    content = "Kommun-id,Kommun,År,Värde\n0126,Huddinge,2018,\"47,3\"\n".encode()
    post(secretary_client, content, indicator=indicator.pk)
    assert KeyFigure.objects.get(indicator=indicator, year=2018).value == Decimal("47.30")


def test_a_latin_1_file_gets_a_clear_message(secretary_client, portal):
    content = "kpi;municipality_id;municipality;period;gender;value\nN01951;0181;Södertälje;2018;T;1\n"
    page = post(secretary_client, content.encode("latin-1")).content.decode()
    assert "inte i UTF-8" in page
    assert values() == {}


def test_official_cannot_use_the_kolada_import(official_client, portal):
    assert official_client.get(reverse("admin:keyfigures_keyfigure_kolada")).status_code == 403
