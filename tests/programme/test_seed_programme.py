import datetime

from apps.programme.models import Adoption, Programme


def test_2035_programme_has_four_pillars_on_the_cross_cutting_theme(seed):
    programme = Programme.objects.get(valid_from=2019)
    assert programme.vision == (
        "Södertörn driver Stockholmsregionen. Med starkt näringsliv, tillgänglighet och hållbar utveckling"
    )
    pillars = list(programme.focus_areas.filter(is_cross_cutting=False).values_list("name", flat=True))
    assert pillars == ["Infrastruktur", "Utbildning", "Näringsliv", "Funktionell samordning"]
    assert programme.focus_areas.get(is_cross_cutting=True).name == "Hållbar utveckling"


def test_huddinges_proposal_is_sent_to_the_other_seven_municipalities(seed):
    programme = Programme.objects.get(valid_from=2019)
    huddinge = programme.adoptions.get(municipality__name="Huddinge")
    assert huddinge.status == Adoption.Status.PROPOSED
    assert str(huddinge.proposal_date) == "2019-06-26"
    others = programme.adoptions.exclude(municipality__name="Huddinge")
    assert sorted(a.municipality.name for a in others) == [
        "Botkyrka", "Haninge", "Nykvarn", "Nynäshamn", "Salem", "Södertälje", "Tyresö"
    ]


def test_2013_programme_is_the_one_in_force_in_the_seed_data(seed):
    # In force in 2017, the year of the yearly plan (seed 000); its validity ended with 2018.
    assert Programme.objects.current(today=datetime.date(2017, 6, 1)).valid_from == 2013


def test_no_version_of_the_seed_data_is_in_force_after_2018(seed):
    assert Programme.objects.current(today=datetime.date(2019, 1, 1)) is None
    assert Programme.objects.current() is None
    statuses = {p.slug: p.status for p in Programme.objects.with_status()}
    assert statuses == {
        "utvecklingsprogram-2007": Programme.Status.REPLACED,
        "utvecklingsprogram-2013": Programme.Status.EXPIRED,
        "utvecklingsprogram-2035": Programme.Status.PROPOSED,
    }
