import pytest

from apps.municipalities.models import Municipality
from apps.programme.models import Adoption, Programme

NAMES = ["Botkyrka", "Haninge", "Huddinge", "Nykvarn", "Nynäshamn", "Salem", "Södertälje", "Tyresö"]


@pytest.fixture
def municipalities(db):
    return [Municipality.objects.create(name=name, slug=f"k{i}", code=f"01{i:02d}") for i, name in enumerate(NAMES)]


@pytest.fixture
def programme_2035(db):
    return Programme.objects.create(name="Södertörns utvecklingsprogram 2035", slug="up-2035", valid_from=2019)


def test_programme_is_not_in_force_while_one_board_has_not_adopted_it(municipalities, programme_2035):
    for municipality in municipalities[:7]:
        Adoption.objects.create(programme=programme_2035, municipality=municipality, status=Adoption.Status.ADOPTED)
    Adoption.objects.create(programme=programme_2035, municipality=municipalities[7], status=Adoption.Status.PENDING)
    assert programme_2035 not in Programme.objects.in_force()


def test_programme_is_in_force_once_all_eight_boards_have_adopted_it(municipalities, programme_2035):
    for municipality in municipalities:
        Adoption.objects.create(programme=programme_2035, municipality=municipality, status=Adoption.Status.ADOPTED)
    assert Programme.objects.current() == programme_2035
