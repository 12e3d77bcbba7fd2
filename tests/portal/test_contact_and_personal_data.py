"""The secretariat's contact page, edited in the admin, and the page on personal data: linked from the footer of
every page and from the accessibility statement, in Swedish and English."""

import re
from html import unescape

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from apps.portal.models import SecretariatContact


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def footer(response):
    return re.search(r'<footer class="site-footer">.*?</footer>', response.content.decode(), re.S).group(0)


@pytest.fixture
def secretary(db, django_user_model):
    """A secretariat editor, with the permissions the roles migration gives the group."""
    user = django_user_model.objects.create_user("sekreterare", "sekreterare@example.se", is_staff=True)
    user.groups.add(Group.objects.get(name="Sekretariatet"))
    return user


@pytest.fixture
def official(db, django_user_model):
    user = django_user_model.objects.create_user("tjansteperson", "tp@example.se", is_staff=True)
    user.groups.add(Group.objects.get(name="Kommunala tjänstepersoner"))
    return user


CONTACT = {
    "name": "Södertörns samverkanssekretariat",
    "organisation": "Huddinge kommun",
    "address": "Södertörns samverkanssekretariat\r\nHuddinge kommun\r\n141 85 Huddinge",
    "visiting_address": "Kommunalvägen 28, Huddinge",
    "email": "sekretariatet@example.se",
    "phone": "08-46 500 500",
    "hours": "vardagar 9–16",
}


@pytest.mark.parametrize("path", ["/", "/program/", "/moten/2017/", "/kommuner/", "/budget/", "/kontakt/", "/en/"])
def test_every_page_links_the_contact_and_the_personal_data_page_from_its_footer(client, seed, path):
    links = re.findall(r'href="([^"]+)"', footer(client.get(path)))
    prefix = "/en" if path.startswith("/en/") else ""
    assert f"{prefix}/kontakt/" in links
    assert f"{prefix}/personuppgifter/" in links


def test_the_accessibility_statement_sends_a_visitor_to_the_contact_page(client, db):
    html = client.get("/tillganglighet/").content.decode()
    report = re.search(r'<section aria-labelledby="report">.*?</section>', html, re.S).group(0)
    assert '<a href="/kontakt/">kontakta sekretariatet</a>' in report


def test_the_secretariat_enters_the_contact_in_the_admin_and_the_public_page_shows_it(client, secretary, db):
    before = page_text(client.get("/kontakt/"))
    assert "Sekretariatet har ännu inte publicerat sina kontaktuppgifter här." in before

    client.force_login(secretary)
    listing = client.get(reverse("admin:portal_secretariatcontact_changelist")).content.decode()
    assert f'href="{reverse("admin:portal_secretariatcontact_add")}"' in listing
    response = client.post(reverse("admin:portal_secretariatcontact_add"), CONTACT)
    assert response.status_code == 302
    client.logout()

    response = client.get("/kontakt/")
    text = page_text(response)
    assert "Kontakta sekretariatet" in text
    assert "Södertörns samverkanssekretariat Huddinge kommun" in text
    assert "E-post sekretariatet@example.se" in text
    assert "Telefon 08-46 500 500 (vardagar 9–16)" in text
    assert "Postadress Södertörns samverkanssekretariat Huddinge kommun 141 85 Huddinge" in text
    assert "Besöksadress Kommunalvägen 28, Huddinge" in text
    html = response.content.decode()
    assert 'href="mailto:sekretariatet@example.se"' in html
    assert 'href="tel:+46846500500"' in html


def test_a_change_of_the_contact_reaches_the_cached_page_at_once(client, secretary, db):
    SecretariatContact.objects.create(**CONTACT)
    assert "sekretariatet@example.se" in page_text(client.get("/kontakt/"))
    assert client.get("/kontakt/")["X-Page-Cache"] == "hit"

    client.force_login(secretary)
    contact = SecretariatContact.current()
    changed = {**CONTACT, "email": "registrator@example.se"}
    response = client.post(reverse("admin:portal_secretariatcontact_change", args=[contact.pk]), changed)
    assert response.status_code == 302
    client.logout()

    text = page_text(client.get("/kontakt/"))
    assert "registrator@example.se" in text
    assert "sekretariatet@example.se" not in text


def test_there_is_one_contact_which_a_second_add_opens_and_nobody_deletes(client, secretary, db):
    contact = SecretariatContact.objects.create(**CONTACT)
    client.force_login(secretary)
    listing = client.get(reverse("admin:portal_secretariatcontact_changelist")).content.decode()
    assert f'href="{reverse("admin:portal_secretariatcontact_change", args=[contact.pk])}"' in listing
    response = client.post(reverse("admin:portal_secretariatcontact_add"), {**CONTACT, "email": "andra@example.se"})
    assert response["Location"] == reverse("admin:portal_secretariatcontact_change", args=[contact.pk])
    assert SecretariatContact.objects.get().email == "sekretariatet@example.se"
    assert client.get(reverse("admin:portal_secretariatcontact_delete", args=[contact.pk])).status_code == 403


def test_a_bad_phone_number_is_refused_with_a_message_and_nothing_is_saved(client, secretary, db):
    client.force_login(secretary)
    response = client.post(reverse("admin:portal_secretariatcontact_add"), {**CONTACT, "phone": "ring oss"})
    assert response.status_code == 200
    assert "Ett telefonnummer består av siffror, mellanslag och bindestreck" in response.content.decode()
    assert not SecretariatContact.objects.exists()


def test_a_municipal_official_may_read_the_contact_in_the_admin_but_not_change_it(client, official, db):
    contact = SecretariatContact.objects.create(**CONTACT)
    client.force_login(official)
    change_page = client.get(reverse("admin:portal_secretariatcontact_change", args=[contact.pk]))
    assert change_page.status_code == 200
    assert b'name="_save"' not in change_page.content
    response = client.post(reverse("admin:portal_secretariatcontact_change", args=[contact.pk]),
                           {**CONTACT, "email": "fel@example.se"})
    assert response.status_code == 403
    contact.refresh_from_db()
    assert contact.email == "sekretariatet@example.se"


def test_an_anonymous_visitor_cannot_reach_the_contact_in_the_admin(client, db):
    response = client.get(reverse("admin:portal_secretariatcontact_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_personal_data_page_says_what_is_shown_why_and_how_to_ask_for_a_correction(client, db):
    SecretariatContact.objects.create(**CONTACT)
    text = page_text(client.get("/personuppgifter/"))
    assert "Personuppgifter på webbplatsen" in text
    assert "namn och titel på ledamöter, ersättare" in text
    assert "namn, e-postadress och telefonnummer till den sekreterare som är kontaktperson" in text
    assert "allmänna handlingar enligt offentlighetsprincipen" in text
    assert "uppgift av allmänt intresse (artikel 6.1 e)" in text
    assert "Så begär du rättelse" in text
    assert "E-post sekretariatet@example.se" in text
    assert "Integritetsskyddsmyndigheten" in text


def test_the_contact_and_personal_data_pages_read_in_english(client, db):
    SecretariatContact.objects.create(**CONTACT)
    contact = page_text(client.get("/en/kontakt/"))
    assert "Contact the secretariat" in contact
    assert "Phone 08-46 500 500" in contact
    personal_data = page_text(client.get("/en/personuppgifter/"))
    assert "Personal data on the website" in personal_data
    assert "How to ask for a correction" in personal_data


def test_reading_the_public_pages_sets_no_cookies(client, seed):
    for path in ["/", "/kontakt/", "/personuppgifter/", "/program/", "/moten/2017/"]:
        assert not client.get(path).cookies, path
