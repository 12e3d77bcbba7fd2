"""The programme in both languages: the English pages show the English text the secretariat wrote, and the
Swedish text, marked lang="sv", where there is none; the admin edits both; the Swedish pages are as they were."""

import re
from html import unescape

import pytest
from django.utils import translation

from apps.programme.models import FocusArea, Goal, Programme, SubGoal
from tests.admin.forms import form_values

PROGRAMME_2035 = "/program/utvecklingsprogram-2035/"


def main(response):
    html = response.content.decode()
    return html.split("<main", 1)[1].split("</main>", 1)[0]


def text_of(html):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def test_the_english_page_shows_the_english_vision_goal_and_focus_areas(client, seed):
    html = main(client.get(f"/en{PROGRAMME_2035}"))
    assert ("<strong>Vision:</strong> Södertörn drives the Stockholm region. With a strong business sector, "
            "accessibility and sustainable development</p>") in html
    assert ("<strong>Overall goal:</strong> Stronger infrastructure and efficient coordination that support "
            "successful and sustainable development through access to work, education and business</p>") in html
    pillars = re.findall(r'<li class="programme-pillar">\s*<h3>([^<]+)</h3>', html)
    assert pillars == ["Infrastructure", "Education", "Business", "Functional coordination"]
    assert '<h3>Sustainable development <span class="theme-note">' in html


def test_text_without_english_is_shown_in_swedish_marked_as_swedish(client, seed):
    programme = Programme.objects.get(slug="utvecklingsprogram-2035")
    area = FocusArea.objects.get(programme=programme, slug="infrastruktur")
    Goal.objects.create(focus_area=area, title="En stark infrastruktur är en förutsättning för hållbar utveckling",
                        description="Tillgänglighet och minskad klimatpåverkan.")
    english = Goal.objects.create(focus_area=area, title="Robust teknisk försörjning", order=2)
    english.title_en = "Robust technical supply"
    english.save()
    html = main(client.get(f"/en{PROGRAMME_2035}"))
    assert '<h4><span lang="sv">En stark infrastruktur är en förutsättning för hållbar utveckling</span></h4>' in html
    assert '<p class="goal-description" lang="sv">Tillgänglighet och minskad klimatpåverkan.</p>' in html
    assert "<h4>Robust technical supply</h4>" in html
    # The introduction has no English yet: its paragraphs are marked as a whole.
    assert '<div class="introduction" lang="sv"><p>De åtta Södertörnskommunerna har sedan 2007' in html


def test_the_swedish_page_is_unchanged(client, seed):
    html = main(client.get(PROGRAMME_2035))
    assert "<strong>Vision:</strong> Södertörn driver Stockholmsregionen. Med starkt näringsliv" in html
    assert re.findall(r'<li class="programme-pillar">\s*<h3>([^<]+)</h3>', html) == [
        "Infrastruktur", "Utbildning", "Näringsliv", "Funktionell samordning"]
    assert "lang=" not in html
    assert "Södertörn drives" not in html


def test_the_home_page_shows_the_vision_in_the_readers_language(client, seed):
    programme = Programme.objects.get(slug="utvecklingsprogram-2035")
    programme.valid_from = 2000  # in force whatever year the test runs
    programme.valid_to = None
    programme.save()
    from apps.municipalities.models import Municipality
    from apps.programme.models import Adoption

    for municipality in Municipality.objects.all():
        Adoption.objects.update_or_create(programme=programme, municipality=municipality, defaults={
            "status": Adoption.Status.ADOPTED, "decision_date": "2019-10-01"})
    english = main(client.get("/en/"))
    assert '<p class="vision-text">Södertörn drives the Stockholm region.' in english
    assert '<span class="pillar-name">Infrastructure</span>' in english
    swedish = main(client.get("/"))
    assert '<p class="vision-text">Södertörn driver Stockholmsregionen.' in swedish


def test_the_admin_edits_both_languages(editor_client, seed):
    programme = Programme.objects.get(slug="utvecklingsprogram-2035")
    path = f"/admin/programme/programme/{programme.pk}/change/"
    html = editor_client.get(path).content.decode()
    assert '<label for="id_vision_sv">Vision (svenska):</label>' in html
    assert '<label for="id_vision_en">Vision (engelska):</label>' in html
    assert 'name="overall_goal_en"' in html and 'name="summary_en"' in html
    assert 'name="focus_areas-0-name_sv"' in html and 'name="focus_areas-0-name_en"' in html

    values = form_values(html)
    values["summary_en"] = ["Since 2007 the eight Södertörn municipalities have had a joint development programme."]
    response = editor_client.post(path, values)
    assert response.status_code == 302, text_of(main(response))
    programme.refresh_from_db()
    assert programme.summary_en.startswith("Since 2007")
    assert programme.summary_sv.startswith("De åtta Södertörnskommunerna")
    assert '<div class="introduction"><p>Since 2007 the eight' in main(editor_client.get(f"/en{PROGRAMME_2035}"))


def test_an_edit_in_the_english_admin_keeps_the_swedish_text_of_record(editor_client, seed):
    """Saved from /en/admin/, the row's own column (read by feeds and history) stays Swedish, and the history
    holds the English change with who made it."""
    programme = Programme.objects.get(slug="utvecklingsprogram-2035")
    programme.save()  # a first version in the history, as any edit in the admin makes
    path = f"/en/admin/programme/programme/{programme.pk}/change/"
    values = form_values(editor_client.get(path).content.decode())
    values["vision_en"] = ["Södertörn drives the Stockholm region."]
    assert editor_client.post(path, values).status_code == 302
    translation.activate("sv")
    record = programme.history.first()
    assert record.vision == "Södertörn driver Stockholmsregionen. Med starkt näringsliv, tillgänglighet och hållbar utveckling"
    assert record.vision_en == "Södertörn drives the Stockholm region."
    assert record.history_user.username == "redaktor"
    assert Programme.objects.filter(pk=programme.pk, vision__startswith="Södertörn driver").exists()
    # The history page names the field changed, in Swedish, and not the search words derived from it.
    history = text_of(main(editor_client.get(f"/admin/programme/programme/{programme.pk}/history/")))
    assert re.search(r"Vision \(engelska\): Söder\S* .*→ Söder", history), history
    assert "Vision (svenska)" not in history  # unchanged, and its own column with it
    assert "(tomt) → (tomt)" not in history  # the English summary, none before and none after
    assert "Sökord" not in history and "'södertörn'" not in history


def test_a_row_made_in_code_in_english_still_has_its_swedish_text(db, seed):
    area = FocusArea.objects.get(programme__slug="utvecklingsprogram-2035", slug="utbildning")
    with translation.override("en"):
        goal = Goal.objects.create(focus_area=area, title="Utbildningsnivån höjs")
        sub_goal = SubGoal.objects.create(goal=goal, text="Fler går vidare till högskolan")
    goal.refresh_from_db()
    sub_goal.refresh_from_db()
    assert goal.title_sv == "Utbildningsnivån höjs"
    assert sub_goal.text_sv == "Fler går vidare till högskolan"


@pytest.mark.parametrize("path", ["/en/program/jamfor/?fran=utvecklingsprogram-2013&till=utvecklingsprogram-2035"])
def test_the_comparison_pairs_focus_areas_by_their_swedish_names(client, seed, path):
    """2035's Infrastructure is 2013's Infrastruktur, though only one of them has an English name."""
    html = main(client.get(path))
    kept = html.split("<h3>Kept</h3>", 1)[1].split("</ul>", 1)[0]
    assert "<li>Infrastructure</li>" in kept
    assert "Infrastruktur is now" not in html
