"""The public programme pages: the version in force as pillars on the cross-cutting theme, every version,
a comparison of two versions, adoption status and the programme as open data."""

import csv
import io
import json
import re
from html import unescape

import pytest
from django.utils import timezone

from apps.bodies.models import Body
from apps.municipalities.models import Municipality
from apps.programme.models import Adoption, FocusArea, Goal, Programme, SubGoal


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def items_under(response, heading):
    """The list items under a third-level heading, as text."""
    block = response.content.decode().split(f"<h3>{heading}</h3>", 1)[1]
    block = re.split(r"<h[23]|</section>", block, maxsplit=1)[0]
    items = re.findall(r"<li>(.*?)</li>", block, re.S)
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", item)).split()) for item in items]


def adopt_everywhere(programme, date="2019-10-01"):
    for municipality in Municipality.objects.all():
        Adoption.objects.update_or_create(
            programme=programme, municipality=municipality,
            defaults={"status": Adoption.Status.ADOPTED, "decision_date": date, "diary_number": "KS 2019/1"},
        )


def test_programme_page_shows_the_version_in_force(client, seed):
    # The seed's 2013 version was valid until 2018; here it still is this year.
    this_year = timezone.localdate().year
    Programme.objects.filter(slug="utvecklingsprogram-2013").update(valid_to=this_year)
    text = page_text(client.get("/program/"))
    assert "Södertörns utvecklingsprogram 2013" in text
    assert f"Gäller Avser åren 2013–{this_year}." in text
    assert "Södertörn är en attraktiv del av Stockholm-Mälarregionen" in text


def test_programme_page_says_honestly_that_no_version_of_the_seed_data_is_in_force_today(client, seed):
    text = page_text(client.get("/program/"))
    assert "Södertörns utvecklingsprogram 2035 Föreslagen för antagande Avser åren 2019–2022." in text
    assert ("Ingen version av programmet gäller i dag. "
            "Senast gällde Södertörns utvecklingsprogram 2013 , till och med 2018.") in text
    assert "Gäller" not in text.replace("Gäller i dag", "")


def test_a_proposal_is_said_to_cover_its_years_not_to_be_valid_in_english_too(client, seed):
    text = page_text(client.get("/en/program/"))
    assert "Proposed for adoption Covers 2019–2022." in text
    assert "No version of the programme is in force today." in text
    assert "Valid" not in text
    proposal = Programme.objects.get(slug="utvecklingsprogram-2035")
    proposal.valid_to = None
    proposal.save()
    assert "Proposed for adoption Covers the years from 2019." in page_text(
        client.get("/en/program/utvecklingsprogram-2035/"))
    assert "Föreslagen för antagande Avser åren från och med 2019." in page_text(
        client.get("/program/utvecklingsprogram-2035/"))
    assert "Years covered" in page_text(client.get("/en/program/arkiv/"))


def test_programme_page_shows_the_newest_version_when_none_is_in_force(client, seed):
    Adoption.objects.filter(programme__valid_from=2013).update(status=Adoption.Status.PENDING)
    text = page_text(client.get("/program/"))
    assert "Södertörns utvecklingsprogram 2035" in text
    assert "Ingen version har ännu antagits av alla kommunstyrelser" in text


def test_2035_programme_shows_vision_and_overall_goal(client, seed):
    text = page_text(client.get("/program/utvecklingsprogram-2035/"))
    assert ("Vision: Södertörn driver Stockholmsregionen. "
            "Med starkt näringsliv, tillgänglighet och hållbar utveckling") in text
    assert "Övergripande mål: Stärkt infrastruktur och effektiv samordning" in text


def test_2035_focus_areas_are_pillars_standing_on_the_cross_cutting_theme(client, seed):
    html = client.get("/program/utvecklingsprogram-2035/").content.decode()
    pillars = html.split('<ol class="programme-pillars">', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r"<li class=\"programme-pillar\">\s*<h3>([^<]+)</h3>", pillars) == [
        "Infrastruktur", "Utbildning", "Näringsliv", "Funktionell samordning"
    ]
    base = html.split('<div class="programme-base">', 1)[1]
    assert re.match(r"\s*<h3>Hållbar utveckling <span class=\"theme-note\">\(tvärgående tema\)</span></h3>", base)


def test_focus_area_progress_is_the_average_of_its_sub_goals(client, demo):
    text = page_text(client.get("/program/utvecklingsprogram-2035/"))
    assert "Infrastruktur Framsteg: 20 %" in text  # 40, 20 and 0 %
    assert "Näringsliv Framsteg: 80 %" in text  # 60 and 100 %
    # Nine sub-goals: (40 + 20 + 0 + 50 + 0 + 60 + 100 + 75 + 0) / 9 = 38.3
    assert "Hela programmets framsteg, medelvärdet av dess delmål: 38 %" in text


def test_actions_of_2013_carry_no_progress_figure(client, seed):
    text = page_text(client.get("/program/utvecklingsprogram-2013/"))
    assert "Insats: Vi förbättrar näringslivsklimatet på Södertörn." in text
    assert "Framsteg" not in text


def test_goal_names_the_network_that_owns_it_with_a_link(client, demo):
    response = client.get("/program/utvecklingsprogram-2035/")
    assert "Ägande nätverk: Planeringschefsnätverket" in page_text(response)
    assert 'href="/organ/planeringschefsnatverket/"' in response.content.decode()


def test_goal_without_an_owner_names_the_networks_of_its_sub_goals(client, demo):
    goal = Goal.objects.get(title__startswith="En stark infrastruktur")
    goal.owner = None
    goal.save()
    text = page_text(client.get("/program/utvecklingsprogram-2035/"))
    assert "En stark infrastruktur är en förutsättning för hållbar utveckling" in text
    assert "Ägande nätverk: Planeringschefsnätverket" in text


def test_demonstration_sub_goals_carry_no_mark_of_their_own_only_the_banner_says_so(client, demo):
    text = page_text(client.get("/program/utvecklingsprogram-2035/"))
    assert "Delmål: Södertörn har en robust teknisk försörjning. Status: ej påbörjat, 0 % klart" in text
    assert "Exempeldata" not in text
    assert text.count("Demonstrationsdata:") == 1


def test_adoption_status_shows_huddinges_proposal_and_the_seven_boards_still_to_decide(client, seed):
    text = page_text(client.get("/program/utvecklingsprogram-2035/"))
    assert "0 av 8 kommunstyrelser har antagit den här versionen." in text
    assert "Huddinge Föreslagen för kommunstyrelsen Kommunstyrelsen förslag daterat 26 juni 2019" in text
    assert text.count("Skickad för beslut") == 7


def test_adoption_status_shows_when_each_board_adopted_the_version(client, seed):
    programme = Programme.objects.get(slug="utvecklingsprogram-2035")
    adopt_everywhere(programme, "2019-10-01")
    text = page_text(client.get("/program/"))
    assert "Södertörns utvecklingsprogram 2035" in text
    assert "8 av 8 kommunstyrelser har antagit den här versionen." in text
    assert "Botkyrka Antagen Kommunstyrelsen 1 oktober 2019 KS 2019/1" in text


def test_a_municipality_without_any_decision_is_listed_as_having_none(client, seed):
    Adoption.objects.filter(programme__slug="utvecklingsprogram-2035", municipality__name="Salem").delete()
    text = page_text(client.get("/program/utvecklingsprogram-2035/"))
    assert "Salem Inget beslut registrerat" in text


def test_every_version_has_its_own_page(client, seed):
    # As if the 2013 version had no last year: it is then in force today.
    Programme.objects.filter(slug="utvecklingsprogram-2013").update(valid_to=None)
    text = page_text(client.get("/program/utvecklingsprogram-2007/"))
    assert "Södertörns utvecklingsprogram 2007" in text
    assert "Diarienummer KS 2007/270." in text
    assert ("Det här är inte den version som gäller. "
            "Den version som gäller är Södertörns utvecklingsprogram 2013") in text


def test_archive_lists_every_version_with_its_status_and_link(client, seed):
    response = client.get("/program/arkiv/")
    text = page_text(response)
    assert re.search(r"Södertörns utvecklingsprogram 2035 2019–2022 Föreslagen för antagande 0 av 8", text)
    assert "Södertörns utvecklingsprogram 2013 2013–2018 Har upphört att gälla 8 av 8" in text
    assert "2007–2012 Ersatt av Södertörns utvecklingsprogram 2013" in text
    assert 'href="/program/utvecklingsprogram-2007/"' in response.content.decode()


def test_comparison_defaults_to_2013_against_2035(client, seed):
    response = client.get("/program/jamfor/")
    text = page_text(response)
    assert response.status_code == 200
    assert "Från Södertörns utvecklingsprogram 2013 till Södertörns utvecklingsprogram 2035" in text


def test_comparison_lists_focus_areas_added_removed_renamed_and_kept(client, seed):
    response = client.get("/program/jamfor/?fran=utvecklingsprogram-2013&till=utvecklingsprogram-2035")
    assert items_under(response, "Tillkomna") == [
        "Utbildning", "Funktionell samordning", "Hållbar utveckling (tvärgående tema)"
    ]
    assert items_under(response, "Borttagna") == ["Olikhet och mångfald", "Klimat"]
    assert items_under(response, "Nytt namn") == ["Näringsliv och högskola heter nu Näringsliv"]
    assert items_under(response, "Kvar") == ["Infrastruktur"]


def test_comparison_counts_actions_replaced_by_sub_goals(client, demo):
    text = page_text(client.get("/program/jamfor/"))
    assert "Insatser 10 0" in text
    assert "Delmål 0 9" in text
    assert ("De 10 insatserna i Södertörns utvecklingsprogram 2013 "
            "ersätts av 9 delmål i Södertörns utvecklingsprogram 2035.") in text


def test_comparison_shows_the_two_visions_and_overall_goals_side_by_side(client, seed):
    text = page_text(client.get("/program/jamfor/"))
    assert re.search(
        r"Vision Södertörn är en attraktiv del av Stockholm-Mälarregionen.*? Södertörn driver Stockholmsregionen", text
    )
    assert "Övergripande mål Inget övergripande mål Stärkt infrastruktur och effektiv samordning" in text


def test_comparison_works_in_either_direction(client, seed):
    response = client.get("/program/jamfor/?fran=utvecklingsprogram-2035&till=utvecklingsprogram-2013")
    assert items_under(response, "Nytt namn") == ["Näringsliv heter nu Näringsliv och högskola"]
    assert items_under(response, "Borttagna") == [
        "Utbildning", "Funktionell samordning", "Hållbar utveckling"
    ]


def test_comparison_matches_a_renamed_focus_area_by_its_slug(client, seed):
    FocusArea.objects.filter(programme__slug="utvecklingsprogram-2035", slug="infrastruktur").update(
        name="Infrastruktur och transporter"
    )
    response = client.get("/program/jamfor/")
    assert items_under(response, "Nytt namn") == [
        "Infrastruktur heter nu Infrastruktur och transporter", "Näringsliv och högskola heter nu Näringsliv"
    ]
    assert items_under(response, "Kvar") == []


def test_comparison_with_an_unknown_version_is_a_bad_request_that_offers_the_choice_again(client, seed):
    response = client.get("/program/jamfor/?fran=utvecklingsprogram-1999&till=utvecklingsprogram-2035")
    text = page_text(response)
    assert response.status_code == 400
    assert "Jämförelsen kunde inte göras" in text
    assert '<option value="utvecklingsprogram-2013"' in response.content.decode()


def test_comparing_a_version_with_itself_asks_for_two_different_versions(client, seed):
    response = client.get("/program/jamfor/?fran=utvecklingsprogram-2035&till=utvecklingsprogram-2035")
    assert response.status_code == 400
    assert "Välj två olika versioner att jämföra." in page_text(response)


@pytest.mark.parametrize("query", ["fran=%00", "till=" + "x" * 5000, "fran=&till=", "fran=%27%3B--"])
def test_junk_in_the_comparison_query_is_a_bad_request_not_an_error(client, seed, query):
    assert client.get(f"/program/jamfor/?{query}").status_code == 400


def test_comparison_with_only_one_version_says_there_is_nothing_to_compare(client, db):
    Programme.objects.create(name="Södertörns utvecklingsprogram 2035", slug="up-2035", valid_from=2019)
    response = client.get("/program/jamfor/")
    assert response.status_code == 200
    assert "Det finns ännu inte två versioner av programmet att jämföra." in page_text(response)


def test_programme_page_without_any_programme_says_none_is_published(client, db):
    response = client.get("/program/")
    assert response.status_code == 200
    assert "Ingen version av utvecklingsprogrammet har publicerats än." in page_text(response)


@pytest.mark.parametrize("path", [
    "/program/finns-inte/", "/program/finns-inte.json", "/program/finns-inte.csv",
    "/program/utvecklingsprogram-2035.xml",
])
def test_unknown_programme_addresses_are_not_found(client, seed, path):
    assert client.get(path).status_code == 404


def test_programme_as_json_has_its_focus_areas_goals_sub_goals_and_adoptions(client, demo):
    response = client.get("/program/utvecklingsprogram-2035.json")
    data = json.loads(response.content)
    assert response["Content-Type"] == "application/json"
    assert data["vision"].startswith("Södertörn driver Stockholmsregionen")
    assert data["in_force"] is False
    assert [area["name"] for area in data["focus_areas"]] == [
        "Infrastruktur", "Utbildning", "Näringsliv", "Funktionell samordning", "Hållbar utveckling"
    ]
    infrastructure = data["focus_areas"][0]
    assert infrastructure["progress"] == 20
    assert infrastructure["goals"][0]["owner"] == "Planeringschefsnätverket"
    assert infrastructure["goals"][0]["sub_goals"][0] == {
        "kind": "sub_goal",
        "text": "Tillgängligheten till och inom Södertörn ökar samtidigt som klimatpåverkan från resor och "
                "transporter minskar.",
        "owner": "Planeringschefsnätverket",
        "status": "ongoing",
        "progress": 40,
    }
    assert data["focus_areas"][-1]["cross_cutting"] is True
    huddinge = next(a for a in data["adoptions"] if a["municipality"] == "Huddinge")
    assert huddinge["proposal_date"] == "2019-06-26"
    assert huddinge["municipality_code"] == "0126"


def test_programme_as_csv_has_one_row_per_action(client, seed):
    response = client.get("/program/utvecklingsprogram-2013.csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="utvecklingsprogram-2013.csv"' in response["Content-Disposition"]
    assert len(rows) == 10
    assert rows[0]["focus_area"] == "Näringsliv och högskola"
    assert rows[0]["goal"] == "Höj utbildningsnivån på Södertörn"
    assert rows[0]["kind"] == "action"
    assert rows[0]["progress"] == ""
    assert {row["focus_area"] for row in rows} == {
        "Näringsliv och högskola", "Olikhet och mångfald", "Klimat", "Infrastruktur"
    }


def test_the_programme_page_links_to_its_open_data(client, seed):
    html = client.get("/program/utvecklingsprogram-2035/").content.decode()
    assert 'href="/program/utvecklingsprogram-2035.json"' in html
    assert 'href="/program/utvecklingsprogram-2035.csv"' in html


def test_english_programme_page_speaks_english_around_the_swedish_data(client, seed):
    text = page_text(client.get("/en/program/utvecklingsprogram-2035/"))
    assert "0 of 8 municipal boards have adopted this version." in text
    assert "Focus areas" in text


def grow(copies):
    """Adds to the seed data `copies - 1` more of everything the programme pages list: versions, focus areas,
    goals, sub-goals and adoptions."""
    if copies == 1:
        return
    bodies = list(Body.objects.all())
    municipalities = list(Municipality.objects.all())
    versions = Programme.objects.bulk_create(
        Programme(name=f"Tillägg {n}", slug=f"tillagg-{n}", valid_from=1980 + n) for n in range(copies - 1)
    )
    Adoption.objects.bulk_create(
        Adoption(programme=version, municipality=municipality, status=Adoption.Status.ADOPTED)
        for version in versions for municipality in municipalities
    )
    for programme in Programme.objects.filter(slug__startswith="utvecklingsprogram"):
        areas = FocusArea.objects.bulk_create(
            FocusArea(programme=programme, name=f"Område {n}", slug=f"omrade-{n}", order=10 + n)
            for n in range(4 * (copies - 1))
        )
        goals = Goal.objects.bulk_create(
            Goal(focus_area=area, title=f"Mål {n}", owner=bodies[n % len(bodies)], order=n)
            for n, area in enumerate(areas) for _ in range(2)
        )
        SubGoal.objects.bulk_create(
            SubGoal(goal=goal, text=f"Delmål {n}", owner=bodies[n % len(bodies)], progress=n % 101)
            for n, goal in enumerate(goals) for _ in range(2)
        )


@pytest.mark.parametrize("copies", [1, 20], ids=["1x", "20x"])
@pytest.mark.parametrize(("path", "most"), [
    ("/program/", 8),
    ("/program/utvecklingsprogram-2035/", 8),
    ("/program/arkiv/", 3),
    ("/program/jamfor/", 4),
    ("/program/jamfor/?fran=utvecklingsprogram-2007&till=utvecklingsprogram-2013", 4),
    ("/program/utvecklingsprogram-2035.json", 6),
    ("/program/utvecklingsprogram-2013.csv", 5),
])
def test_programme_pages_run_a_fixed_number_of_queries(client, seed, django_assert_max_num_queries, copies, path, most):
    grow(copies)
    with django_assert_max_num_queries(most):
        response = client.get(path)
    assert response.status_code == 200
