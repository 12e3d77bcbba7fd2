"""A body's name, description and composition in both languages: English on the English pages where the
secretariat wrote it, the Swedish text marked lang="sv" where not, both edited in the admin."""

import re
from html import unescape

from apps.bodies.models import Body, Partner
from tests.admin.forms import form_values


def main(response):
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


def test_the_english_body_page_shows_the_english_name_and_description(client, seed):
    html = main(client.get("/en/organ/ledningsgruppen/"))
    assert "<h1>Management Group</h1>" in html
    assert ("<div><p>Its purpose is both to prepare the meetings of the cooperation committee and to coordinate "
            "other questions of cooperation between the Södertörn municipalities.</p></div>") in html
    assert "The management group is made up of the municipal directors of the eight municipalities." in html


def test_the_swedish_body_page_is_unchanged(client, seed):
    html = main(client.get("/organ/ledningsgruppen/"))
    assert "<h1>Ledningsgruppen</h1>" in html
    assert "Syftet är dels att förbereda samarbetskommitténs möten" in html
    assert "lang=" not in html


def test_a_body_without_english_is_shown_in_swedish_marked_as_swedish(client, seed):
    Body.objects.create(name="Kulturchefsnätverket", short_name="Kulturchefer", slug="kulturchefer",
                        kind=Body.Kind.NETWORK, description="Nätverk för kommunernas kulturchefer.")
    html = main(client.get("/en/organ/kulturchefer/"))
    assert '<h1><span lang="sv">Kulturchefsnätverket</span></h1>' in html
    assert '<div lang="sv"><p>Nätverk för kommunernas kulturchefer.</p></div>' in html
    listing = main(client.get("/en/organ/"))
    assert '<a href="/en/organ/kulturchefer/"><span lang="sv">Kulturchefsnätverket</span></a>' in listing
    assert '<a href="/en/organ/ledningsgruppen/">Management Group</a>' in listing


def test_the_admin_edits_both_names(editor_client, seed):
    body = Body.objects.get(slug="klimatstrateger")
    path = f"/admin/bodies/body/{body.pk}/change/"
    html = editor_client.get(path).content.decode()
    assert '<label class="required" for="id_name_sv">Namn (svenska):</label>' in html
    assert '<label for="id_name_en">Namn (engelska):</label>' in html
    values = form_values(html)
    values["name_en"] = ["Network of Climate Strategists"]
    response = editor_client.post(path, values)
    assert response.status_code == 302, " ".join(unescape(re.sub(r"<[^>]+>", " ", main(response))).split())
    body.refresh_from_db()
    assert (body.name_sv, body.name_en, body.name) == (
        "Klimatstrateger", "Network of Climate Strategists", "Klimatstrateger")


def test_two_bodies_without_an_english_name_are_both_saved(editor_client, seed):
    """An English name left empty is no name, not an empty one that a second body would repeat."""
    for slug in ("klimatstrateger", "yh-natverket"):
        body = Body.objects.get(slug=slug)
        path = f"/admin/bodies/body/{body.pk}/change/"
        values = form_values(editor_client.get(path).content.decode())
        values["name_en"] = [""]
        assert editor_client.post(path, values).status_code == 302
    assert list(Body.objects.filter(slug__in=["klimatstrateger", "yh-natverket"]).values_list("name_en", flat=True)) \
        == [None, None]


def test_a_partner_added_from_the_body_is_in_the_history(db, seed):
    """simple_history writes the body's history with the partner's options when the relation is changed from the
    body's side; the body's history has the same fields as the body for that."""
    body = Body.objects.get(slug="sodertorns-radslag")
    body.partners.add(Partner.objects.create(name="Region Stockholm"))
    assert body.history.first().name_en == "Södertörn Council"
