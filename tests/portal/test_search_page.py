"""One search box across meetings, agenda items, programme goals and documents."""

import datetime
import re
from html import unescape

import pytest
from django.db import connection
from django.utils import timezone

from apps.bodies.models import Body
from apps.meetings.models import AgendaItem, Document, Meeting
from apps.programme.models import FocusArea, Goal, Programme, SubGoal

postgresql_only = pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="Swedish full-text search needs PostgreSQL"
)


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def search(client, words, language="en"):
    prefix = "/en" if language == "en" else ""
    return client.get(f"{prefix}/sok/", {"q": words})


@pytest.fixture
def content(db):
    network = Body.objects.create(name="Planeringschefsnätverket", short_name="Planeringscheferna",
                                  slug="planeringschefer", kind=Body.Kind.NETWORK)
    committee = Body.objects.create(name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén",
                                    slug="samarbetskommitten", kind=Body.Kind.COMMITTEE)
    meeting = Meeting.objects.create(
        body=committee, date=datetime.date(2017, 2, 2), place="Tyresö kommunhus", documents_published=True,
        agenda_published_at=timezone.make_aware(datetime.datetime(2017, 1, 26, 9)),
    )
    item = AgendaItem.objects.create(meeting=meeting, number=3, title="Tvärförbindelse Södertörn",
                                     presenter="Planeringschefsnätverket")
    Document.objects.create(meeting=meeting, agenda_item=item, title="Lägesrapport om kollektivtrafiken",
                            file="meetings/2017/lagesrapport.pdf")
    hidden = Meeting.objects.create(body=network, date=datetime.date(2017, 3, 1), documents_published=False)
    AgendaItem.objects.create(meeting=hidden, number=1, title="Hemlig dagordningspunkt om tvärförbindelsen")
    Document.objects.create(meeting=hidden, title="Opublicerad kollektivtrafikrapport", file="meetings/2017/x.pdf")
    programme = Programme.objects.create(name="Södertörns utvecklingsprogram 2035", slug="2035", valid_from=2019)
    area = FocusArea.objects.create(programme=programme, name="Infrastruktur", slug="infrastruktur")
    goal = Goal.objects.create(
        focus_area=area, title="En stark infrastruktur är en förutsättning för hållbar utveckling", owner=network
    )
    SubGoal.objects.create(goal=goal, text="Prioriterade infrastrukturprojekt genomförs")
    return {"meeting": meeting, "item": item, "goal": goal}


def test_the_search_page_has_one_labelled_search_box(client, db):
    html = client.get("/en/sok/").content.decode()
    assert '<label for="search-q">Search meetings, agenda items, programme goals and documents</label>' in html
    assert '<input id="search-q" type="search" name="q"' in html
    assert 'role="search"' in html


def test_an_empty_search_explains_how_to_search(client, db):
    response = search(client, "   ")
    assert response.status_code == 200
    assert "Write one or more words." in page_text(response)


def test_meetings_are_found_by_the_name_of_their_body(client, content):
    text = page_text(search(client, "samarbetskommitté"))
    assert "Meetings Södertörnskommunernas samarbetskommitté – Thursday 2 February 2017" in text


def test_meetings_are_found_by_their_place(client, content):
    assert "Tyresö kommunhus" in page_text(search(client, "Tyresö"))


def test_agenda_items_of_published_agendas_are_found_and_link_to_their_meeting(client, content):
    response = search(client, "tvärförbindelse")
    text = page_text(response)
    assert "Agenda items 3. Tvärförbindelse Södertörn" in text
    assert f'href="/en/moten/mote/{content["meeting"].pk}/#punkt-3"' in response.content.decode()
    assert "Hemlig dagordningspunkt" not in text


def test_programme_goals_and_sub_goals_are_found(client, content):
    text = page_text(search(client, "infrastruktur"))
    assert "Programme goals En stark infrastruktur är en förutsättning för hållbar utveckling" in text
    assert "owned by Planeringschefsnätverket" in text


def test_sub_goals_are_found(client, content):
    text = page_text(search(client, "infrastrukturprojekt"))
    assert "Sub-goals and actions Prioriterade infrastrukturprojekt genomförs" in text
    # Demonstration data announces itself in one banner, not on each row.
    assert "sample data" not in text


def test_only_published_documents_are_found(client, content):
    text = page_text(search(client, "kollektivtrafiken"))
    assert "Documents Lägesrapport om kollektivtrafiken" in text
    assert "Opublicerad kollektivtrafikrapport" not in page_text(search(client, "Opublicerad"))


def test_all_words_must_match(client, content):
    assert "Tvärförbindelse Södertörn" not in page_text(search(client, "tvärförbindelse Nynäshamn"))


def test_a_search_without_hits_says_so(client, content):
    text = page_text(search(client, "zyxwvuts"))
    assert "0 hits for “zyxwvuts”" in text
    assert "Nothing matched." in text


def test_a_too_long_search_is_refused_with_an_explanation(client, content):
    response = search(client, "infrastruktur " * 40)
    assert response.status_code == 400
    assert "The search text is too long. Use at most 200 characters" in page_text(response)


def test_punctuation_and_operators_in_a_search_do_no_harm(client, content):
    for words in ['"Tvärförbindelse', "-", "a & b | !c", "'); DROP TABLE x; --", "<script>", "%", "_"]:
        response = search(client, words)
        assert response.status_code == 200
        assert "<script>" not in response.content.decode().split("<main")[1]


def test_the_search_is_in_swedish_by_default(client, content):
    text = page_text(search(client, "tvärförbindelse", language="sv"))
    assert "1 träff på ”tvärförbindelse” Ärenden 3. Tvärförbindelse Södertörn" in text


@postgresql_only
def test_swedish_words_are_found_in_their_other_forms(client, content):
    text = page_text(search(client, "infrastrukturen"))
    assert "En stark infrastruktur är en förutsättning" in text


@postgresql_only
def test_the_best_match_comes_first(client, content):
    Goal.objects.create(focus_area=content["goal"].focus_area, title="Utbildning",
                        description="Nämner infrastruktur en gång")
    text = page_text(search(client, "infrastruktur")).split("Programme goals")[1]
    assert text.index("En stark infrastruktur") < text.index("Utbildning")


def test_the_search_uses_the_database_it_runs_on(db):
    assert connection.vendor in {"postgresql", "sqlite"}


# What people type, on the portal's own data (issue 12): the seed, and the demonstration data where the seed has
# no such text.

def section(response, heading):
    """The text of the hits under the heading `heading` (one of KINDS, or its Swedish name), heading left out."""
    html = response.content.decode()
    found = re.search(rf'<section aria-labelledby="(hits-[a-z-]+)">\s*<h2 id="\1">{re.escape(heading)}</h2>(.*?)</section>',
                      html, re.S)
    assert found, f"no hits under {heading}: {headings(response)}"
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", found.group(2))).split())


KINDS = ["Municipalities", "Bodies", "People", "Meetings", "Agenda items", "Decisions", "Development programmes",
         "Focus areas", "Programme goals", "Sub-goals and actions", "Yearly plans", "Documents"]


def headings(response):
    return re.findall(r'<h2 id="hits-[a-z-]+">([^<]+)</h2>', response.content.decode())


def test_a_municipality_is_found_with_the_meetings_it_hosts(client, seed):
    response = search(client, "Nykvarn")
    assert section(response, "Municipalities") == "Nykvarn Municipality code 0140"
    # Hosted by Södertälje and Nykvarn, 7 September 2017.
    assert "Södertörn Conference – Thursday 7 September 2017" in section(response, "Meetings")


def test_huddinge_finds_the_municipality_its_meetings_and_the_texts_that_name_it(client, seed):
    response = search(client, "Huddinge")
    assert headings(response)[:2] == ["Municipalities", "Bodies"]
    assert "Huddinge Municipality code 0126" in section(response, "Municipalities")
    # The committee's description: its secretariat is hosted by Huddinge Municipality.
    assert "Cooperation Committee of the Södertörn Municipalities" in section(response, "Bodies")
    # "Januari 2018 (Huddinge)" in the 2017 calendar.
    assert section(response, "Meetings") == (
        "Cooperation Committee of the Södertörn Municipalities – January 2018 (date not fixed)")


def test_the_beginning_of_a_word_is_enough(client, seed):
    assert "Nykvarn Municipality code 0140" in section(search(client, "Nykv"), "Municipalities")


def test_planeringskonferens_finds_the_planning_conferences(client, seed):
    text = section(search(client, "planeringskonferens"), "Meetings")
    assert "Samarbetskommittén: planning conference – 16–17 August 2017" in text
    assert "Ledningsgruppen: planning conference – 6–7 April 2017" in text
    # In Swedish, their kind is their title: "planeringskonferens" in every form finds them.
    text = section(search(client, "planeringskonferensen", language="sv"), "Möten")
    assert "Ledningsgruppen: planeringskonferens" in text


def test_a_person_is_found_by_name_with_the_bodies_they_sit_in(client, seed):
    response = search(client, "Camilla Broo")
    assert section(response, "People") == "Camilla Broo, Kommundirektör, Huddinge Member, Management Group"
    assert 'href="/en/organ/ledningsgruppen/"' in response.content.decode()
    assert "Broo" in section(search(client, "broo"), "People")


def test_a_person_without_a_role_on_any_public_page_is_not_found(client, seed):
    assert "People" not in headings(search(client, "Strandberg"))


def test_kollektivtrafik_finds_the_agenda_items_about_it(client, demo):
    text = section(search(client, "kollektivtrafik"), "Agenda items")
    assert "Kollektivtrafiken på Södertörn – tvärförbindelser och stombussar" in text


def test_words_the_search_ignores_are_not_required(client, seed):
    text = page_text(search(client, "Nykvarn och"))
    assert "Nykvarn Municipality code 0140" in text
    assert "0 hits for “och”" in page_text(search(client, "och"))


def test_hits_are_grouped_by_kind_in_a_fixed_order(client, demo):
    found = headings(search(client, "infrastruktur"))
    assert found == [kind for kind in KINDS if kind in found]
    assert {"Bodies", "Development programmes", "Focus areas", "Programme goals", "Yearly plans"} <= set(found)


def test_the_english_page_shows_the_english_name_and_marks_swedish_text(client, demo):
    response = search(client, "Management")
    assert "Management Group" in section(response, "Bodies")
    goal = Goal.objects.filter(focus_area__programme__slug="utvecklingsprogram-2035").first()
    html = search(client, goal.title_sv.split()[2]).content.decode()
    assert f'<span lang="sv">{goal.title_sv}</span>' in html
    # The Swedish page shows the Swedish name, unmarked.
    html = search(client, "ledningsgruppen", language="sv").content.decode()
    assert ">Ledningsgruppen</a>" in html
    assert 'lang="sv">' not in html.split("<main", 1)[1]


# The text of published PDF documents, read when they are uploaded.

def pdf_with(text):
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def upload(meeting, title, content, **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return Document.objects.create(
        meeting=meeting, title=title, file=SimpleUploadedFile("bilaga.pdf", content, "application/pdf"), **fields
    )


def test_the_text_of_a_published_pdf_is_found(client, content, media):
    upload(content["meeting"], "Bilaga 1", pdf_with("Förslag om trängselskatt på Essingeleden"))
    text = section(search(client, "trängselskatten"), "Documents")
    assert "Bilaga 1" in text


def test_a_pdf_replaced_by_file_save_is_read_again(client, content, media):
    from django.core.files.base import ContentFile

    document = upload(content["meeting"], "Bilaga 1", pdf_with("Spårväg syd"))
    document.file.save("bilaga-2.pdf", ContentFile(pdf_with("Tunnelbana till Flemingsberg")))
    assert "Bilaga 1" in section(search(client, "Flemingsberg"), "Documents")
    assert "Documents" not in headings(search(client, "spårväg"))


def test_the_text_of_an_unpublished_pdf_is_not_found(client, content, media):
    hidden = Meeting.objects.get(documents_published=False)
    upload(hidden, "Bilaga 2", pdf_with("Hemlig trängselskatt"))
    # An attachment to an item on an agenda not yet published is not public either.
    meeting = content["meeting"]
    meeting.agenda_published_at = timezone.now() + datetime.timedelta(days=3)
    meeting.save()
    upload(meeting, "Bilaga 3", pdf_with("Trängselskatt i förväg"), agenda_item=content["item"])
    assert "Documents" not in headings(search(client, "trängselskatt"))


def test_a_damaged_pdf_is_stored_and_found_by_its_title(client, content, media):
    document = upload(content["meeting"], "Skannad bilaga", b"%PDF-1.7\n\x00\x01 inte en riktig pdf")
    document.refresh_from_db()
    assert document.text == ""
    assert "Skannad bilaga" in section(search(client, "skannad"), "Documents")


def test_a_search_of_too_many_words_is_refused_with_a_message(client, content):
    response = search(client, "ett två tre fyra fem sex sju åtta nio tio elva")
    assert response.status_code == 400
    assert "Use at most 10 words: a few words are enough, and every word must match." in page_text(response)
    # The same word twice is one word.
    assert search(client, "infrastruktur " * 11).status_code == 200
