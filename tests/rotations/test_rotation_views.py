"""Who hosts in turn: a timeline of past and coming hosts, continued past the decided years in the same order."""

import re
from html import unescape

import pytest
from django.utils import timezone

from apps.municipalities.models import Municipality
from apps.rotations.models import Rotation, RotationYear


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def timeline(response):
    """The timeline's rows as (year, host, notes) text."""
    block = response.content.decode().split('<ol class="timeline">', 1)[1].split("</ol>", 1)[0]
    rows = []
    for item in re.findall(r"<li\b.*?</li>", block, re.S):
        cells = re.findall(r"<span class=\"timeline-[a-z]+\">(.*?)</span>\s*(?=<span|</li>)", item, re.S)
        spans = [" ".join(unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in cells]
        rows.append(tuple(spans))
    return rows


def test_timeline_lists_the_decided_hosts_2017_to_2024(client, seed):
    rows = timeline(client.get("/vardskap/radslaget/"))
    decided = [(year, host) for year, host, notes in rows if "enligt turordningen" not in notes]
    assert decided == [
        ("2017", "Nykvarn"), ("2018", "Huddinge"), ("2019", "Salem"), ("2020", "Nynäshamn"),
        ("2021", "Botkyrka"), ("2022", "Tyresö"), ("2023", "Södertälje"), ("2024", "Haninge"),
    ]


def test_timeline_continues_past_the_last_decided_year_in_the_same_order(client, seed):
    rows = timeline(client.get("/vardskap/radslaget/"))
    continued = {year: (host, notes) for year, host, notes in rows if "enligt turordningen" in notes}
    assert continued["2025"][0] == "Nykvarn"
    assert continued["2026"][0] == "Huddinge"
    assert continued["2032"][0] == "Haninge"
    this_year = timezone.localdate().year
    assert max(int(year) for year, _host, _notes in rows) == max(2024, this_year) + 8


def test_timeline_marks_past_years_this_year_and_coming_years_in_words(client, seed):
    rows = {year: notes for year, _host, notes in timeline(client.get("/vardskap/radslaget/"))}
    this_year = timezone.localdate().year
    assert rows["2017"] == "tidigare år"
    assert rows[str(this_year)].startswith("i år")
    assert rows[str(this_year + 1)].startswith("kommande")


def test_this_years_row_is_marked_as_the_current_date(client, seed):
    html = client.get("/vardskap/radslaget/").content.decode()
    this_year = timezone.localdate().year
    assert re.search(rf'aria-current="date">\s*<span class="timeline-year">{this_year}</span>', html)


def test_a_gap_in_the_decided_years_is_filled_by_the_order_and_marked_so(client, seed):
    RotationYear.objects.filter(rotation__slug="radslaget", year=2020).delete()
    rotation = Rotation.objects.get(slug="radslaget")
    expected = rotation.host_for(2020, list(rotation.years.select_related("municipality")))
    rows = {year: (host, notes) for year, host, notes in timeline(client.get("/vardskap/radslaget/"))}
    assert rows["2020"] == (expected.name, "tidigare år, enligt turordningen")


def test_rotation_page_shows_the_order(client, seed):
    text = page_text(client.get("/vardskap/radslaget/"))
    assert ("Turen går mellan 8 kommuner, en varje år: Nykvarn Huddinge Salem Nynäshamn Botkyrka Tyresö "
            "Södertälje Haninge") in text


def test_index_shows_each_rotations_host_this_year_and_next(client, seed):
    this_year = timezone.localdate().year
    rotation = Rotation.objects.get(slug="radslaget")
    years = list(rotation.years.select_related("municipality"))
    text = page_text(client.get("/vardskap/"))
    assert f"Värd {this_year} {rotation.host_for(this_year, years).name}" in text
    assert f"Värd {this_year + 1} {rotation.host_for(this_year + 1, years).name}" in text


def test_a_rotation_without_years_has_a_page(client, db):
    Rotation.objects.create(name="Ny turordning", slug="ny")
    assert "Inga värdar är beslutade än." in page_text(client.get("/vardskap/ny/"))
    assert client.get("/vardskap/").status_code == 200


@pytest.mark.parametrize("path", ["/vardskap/finns-inte/", "/vardskap/2017/", "/vardskap/radslaget/2017/"])
def test_unknown_rotation_is_not_found(client, seed, path):
    assert client.get(path).status_code == 404


def grow(copies):
    """Adds `copies - 1` more rotations and a long history to the seed's rotation."""
    if copies == 1:
        return
    municipalities = list(Municipality.objects.all())
    rotation = Rotation.objects.get(slug="radslaget")
    RotationYear.objects.bulk_create(
        RotationYear(rotation=rotation, year=2016 - n, municipality=municipalities[n % 8]) for n in range(8 * copies)
    )
    rotations = Rotation.objects.bulk_create(Rotation(name=f"Turordning {n}", slug=f"tur-{n}") for n in range(copies))
    RotationYear.objects.bulk_create(
        RotationYear(rotation=r, year=2017 + i, municipality=m) for r in rotations for i, m in enumerate(municipalities)
    )


@pytest.mark.parametrize("copies", [1, 20], ids=["1x", "20x"])
@pytest.mark.parametrize("path", ["/vardskap/", "/vardskap/radslaget/"])
def test_rotation_pages_run_a_fixed_number_of_queries(client, seed, django_assert_max_num_queries, copies, path):
    grow(copies)
    with django_assert_max_num_queries(2):
        response = client.get(path)
    assert response.status_code == 200
