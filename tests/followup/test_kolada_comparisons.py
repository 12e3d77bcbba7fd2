"""The Kolada import fills the Stockholm county's (Kolada's 0001, Region Stockholm) and the country's (0000,
Riket) values beside the municipalities'; a value Kolada does not have stays missing, never zero."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.keyfigures.models import ComparisonValue, KeyFigure

from .follow_up_data import build, secretary

EXPORT = """kpi;municipality_id;municipality;period;gender;value
N01951;0127;Botkyrka;2022;T;95 000
N01951;0001;Region Stockholm;2022;T;2 454 821
N01951;0000;Riket;2022;T;10 521 556
N01951;0000;Riket;2022;K;5 240 000
N01951;0126;Huddinge;2022;T;
N01951;0001;Region Stockholm;2023;T;
N01951;0000;Riket;2023;T;..
"""


@pytest.fixture
def secretary_client(db, client, django_user_model):
    build()
    client.force_login(secretary(django_user_model))
    return client


def post(client, content: str):
    return client.post(
        reverse("admin:keyfigures_keyfigure_kolada"),
        {"file": SimpleUploadedFile("kolada.csv", content.encode(), "text/csv")}, follow=True,
    )


def comparisons():
    return {(v.area, v.year): v.value for v in ComparisonValue.objects.filter(indicator__kolada_id="N01951")}


def test_the_county_and_the_country_are_imported_beside_the_municipalities(secretary_client):
    page = post(secretary_client, EXPORT).content.decode()
    assert "3 nya, 0 ändrade, 0 oförändrade, 4 överhoppade" in page
    assert comparisons() == {("county", 2022): Decimal(2454821), ("country", 2022): Decimal(10521556)}
    assert KeyFigure.objects.get(municipality__name="Botkyrka", year=2022).value == 95000


def test_a_missing_value_is_not_stored_as_zero_and_does_not_erase_an_earlier_one(secretary_client):
    post(secretary_client, EXPORT)
    assert not KeyFigure.objects.filter(municipality__name="Huddinge", year=2022).exists()
    assert not ComparisonValue.objects.filter(year=2023).exists()
    assert not ComparisonValue.objects.filter(value=0).exists()
    page = post(secretary_client, EXPORT.replace("2 454 821", "2 460 000")).content.decode()
    assert "0 nya, 1 ändrade, 2 oförändrade" in page
    assert comparisons()[("county", 2022)] == Decimal(2460000)
    record = ComparisonValue.objects.get(area="county", year=2022).history.first()
    assert record.history_user.username == "sekreterare"


def test_an_unknown_area_is_still_an_error_and_nothing_is_written(secretary_client):
    page = post(secretary_client, EXPORT + "N01951;0002;Okänd;2022;T;5\n").content.decode()
    assert "okänd kommunkod 0002" in page
    assert comparisons() == {}
