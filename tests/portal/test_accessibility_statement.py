"""The accessibility statement Swedish public sector sites must publish (lag 2018:1937)."""

import re
from html import unescape


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_the_accessibility_statement_is_published_in_swedish(client, db):
    response = client.get("/tillganglighet/")
    assert response.status_code == 200
    text = page_text(response)
    assert "Tillgänglighetsredogörelse" in text
    assert "lagen (2018:1937) om tillgänglighet till digital offentlig service" in text
    assert "Webbplatsen är delvis förenlig med lagen" in text


def test_the_statement_lists_known_shortcomings_and_how_to_report_them(client, db):
    text = page_text(client.get("/en/tillganglighet/"))
    assert "Known shortcomings" in text
    assert "What to do if you cannot use part of the website" in text
    assert "How we tested the website" in text


def test_the_statement_names_digg_as_the_supervisory_authority(client, db):
    response = client.get("/tillganglighet/")
    assert "Myndigheten för digital förvaltning (Digg)" in page_text(response)
    assert 'href="https://www.digg.se/tdosanmalan"' in response.content.decode()


def test_every_page_links_to_the_statement_from_its_footer(client, db):
    footer = client.get("/en/moten/").content.decode().split("<footer")[1]
    assert 'href="/en/tillganglighet/"' in footer
