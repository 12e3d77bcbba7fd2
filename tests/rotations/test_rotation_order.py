import pytest

from apps.municipalities.models import Municipality
from apps.rotations.models import Rotation, RotationYear

HOSTS_2017_2024 = ["Nykvarn", "Huddinge", "Salem", "Nynäshamn", "Botkyrka", "Tyresö", "Södertälje", "Haninge"]


@pytest.fixture
def radslag_rotation(db):
    rotation = Rotation.objects.create(name="Värdkommun för rådslaget", slug="radslaget")
    for offset, name in enumerate(HOSTS_2017_2024):
        municipality = Municipality.objects.create(name=name, slug=f"m{offset}", code=f"01{offset:02d}")
        RotationYear.objects.create(rotation=rotation, year=2017 + offset, municipality=municipality)
    return rotation


def test_rotation_continues_past_its_last_year_in_the_same_order(radslag_rotation):
    years = list(radslag_rotation.years.select_related("municipality"))
    assert radslag_rotation.host_for(2025, years).name == "Nykvarn"
    assert radslag_rotation.host_for(2026, years).name == "Huddinge"


def test_rotation_visits_every_municipality_once_in_eight_years(radslag_rotation):
    years = list(radslag_rotation.years.select_related("municipality"))
    assert sorted(m.name for m in radslag_rotation.cycle(years)) == sorted(HOSTS_2017_2024)
