"""What every public page has: a language, a skip link, landmarks, one h1 and a way to the other language."""

import datetime
import re

import pytest
from django.utils import timezone

from apps.bodies.models import Body
from apps.meetings.models import Meeting

PAGES = ["/", "/moten/", "/moten/2017/", "/moten/2017/2/", "MEETING", "/sok/?q=möte", "/tillganglighet/",
         "/moten/oppna-data/"]


@pytest.fixture
def meeting(db):
    committee = Body.objects.create(name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén",
                                    slug="samarbetskommitten", kind=Body.Kind.COMMITTEE)
    return Meeting.objects.create(body=committee, date=datetime.date(2017, 2, 2),
                                  agenda_published_at=timezone.now())


def address(page, meeting, language):
    path = f"/moten/mote/{meeting.pk}/" if page == "MEETING" else page
    if language == "en":
        path = "/en" + path
    return path


@pytest.mark.parametrize("language", ["sv", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_every_page_has_one_h1_a_skip_link_and_landmarks(client, meeting, page, language):
    response = client.get(address(page, meeting, language))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert len(re.findall(r"<h1[ >]", html)) == 1
    assert re.search(r'<a class="skip-link" href="#main">', html)
    assert '<main id="main"' in html
    for landmark in ("<header", "<nav", "<footer"):
        assert landmark in html


@pytest.mark.parametrize("page", PAGES)
def test_every_swedish_page_links_to_the_same_page_in_english(client, meeting, page):
    path = address(page, meeting, "sv")
    html = client.get(path).content.decode()
    english = "/en" + path
    assert 'hreflang="en" lang="en">In English</a>' in html
    assert f'href="{english.replace("&", "&amp;")}"' in html or f'href="{english.split("?")[0]}?' in html


def test_the_english_page_links_back_to_the_swedish_page_keeping_the_query(client, meeting):
    html = client.get("/en/moten/2017/?organ=samarbetskommitten").content.decode()
    assert '<a href="/moten/2017/?organ=samarbetskommitten" hreflang="sv" lang="sv">På svenska</a>' in html


def test_the_calendar_is_marked_as_the_current_section_in_the_menu(client, meeting):
    html = client.get("/en/moten/2017/").content.decode()
    assert re.search(r'<a href="/en/moten/" aria-current="page">Calendar</a>', html)
    assert not re.search(r'<a href="/en/" aria-current="page">', html)


def test_every_page_has_a_labelled_search_box_in_its_header(client, meeting):
    header = client.get("/en/").content.decode().split("</header>")[0]
    assert '<label for="site-search-q" class="visually-hidden">Search the portal</label>' in header
