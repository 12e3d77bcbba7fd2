import re

import pytest
from django.urls import reverse

from .pdfs import pages, text


@pytest.fixture
def response(client, programme_2035):
    return client.get(reverse("documents:programme", args=[programme_2035.slug]))


def test_programme_is_named_after_its_version(response):
    assert response["Content-Disposition"] == 'inline; filename="utvecklingsprogram-2035.pdf"'


def test_programme_gives_vision_and_overall_goal(response):
    content = text(response)
    assert "Vision Södertörn driver Stockholmsregionen. Med starkt näringsliv, tillgänglighet" in content
    assert "Övergripande mål Stärkt infrastruktur och effektiv samordning" in content


def test_programme_shows_the_focus_areas_standing_on_the_cross_cutting_theme(response):
    content = text(response)
    assert "Programmet har fyra fokusområden. Hållbar utveckling är ett genomgående perspektiv" in content
    assert "Hållbar utveckling – genomgående perspektiv Genomsyrar alla fokusområden." in content


def test_programme_gives_goals_with_their_owner_networks_and_sub_goals(response):
    content = text(response)
    assert (
        "Mål: En stark infrastruktur är en förutsättning för hållbar utveckling "
        "Ansvarigt nätverk: Planeringschefsnätverket Delmål "
        "De prioriterade infrastrukturprojekten på Södertörn genomförs. "
        "Klimatpåverkan från resor och transporter minskar. (Klimatstrateger)"
    ) in content


def test_programme_says_which_boards_have_adopted_it(response):
    content = text(response)
    assert "Antaget av 1 av 3 kommuner" in content
    assert "Haninge Antaget" in content
    assert "Nykvarn Inget beslut registrerat" in content


def test_table_of_contents_gives_the_page_each_chapter_starts_on(response):
    texts = pages(response)
    contents = texts[0]
    for chapter in ["Vision och övergripande mål", "Fokusområden", "Hållbar utveckling – genomgående perspektiv",
                    "Beslut i kommunerna"]:
        listed = int(re.search(re.escape(chapter) + r" ?\.+ ?(\d+)", contents).group(1))
        actual = next(number for number, page in enumerate(texts, start=1) if number > 1 and chapter in page)
        assert listed == actual, chapter


def test_unknown_programme_is_not_found(client, db):
    assert client.get(reverse("documents:programme", args=["utvecklingsprogram-3035"])).status_code == 404
