"""The bodies of the cooperation: what each does, when it meets and who sits in it."""

import datetime
import re
from html import unescape

import pytest
from django.utils import timezone

from apps.bodies.models import Body, Partner, Person, Role
from apps.meetings.models import Meeting
from apps.municipalities.models import Municipality
from apps.programme.models import Goal


def page_text(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def test_index_lists_the_bodies_with_their_usual_day_and_hours(client, seed):
    text = page_text(client.get("/organ/"))
    assert "Södertörnskommunernas samarbetskommitté Kommitté" in text
    assert "Träffas minst 6 gånger per år Vanlig dag Torsdag Vanlig tid 12.00–15.00" in text
    assert "Fredag Vanlig tid 8.30–13.00" in text


def test_index_lists_the_networks_of_officials_apart(client, seed):
    text = page_text(client.get("/organ/"))
    networks = text.split("Tjänstemannanätverk", 1)[1]
    assert "Planeringschefsnätverket" in networks
    assert "Klimatstrateger" in networks
    assert "Ledningsgruppen Ledningsgrupp" not in networks


def test_body_page_says_what_it_does_and_who_sits_in_it(client, seed):
    text = page_text(client.get("/organ/samarbetskommitten/"))
    assert "Syftet med samarbetskommittén är att stärka den kommunala och den regionala utvecklingen" in text
    assert "I Södertörns samarbetskommitté ingår kommunstyrelseordföranden" in text
    assert "Vanlig dag Torsdag Vanlig tid 12.00–15.00" in text


def test_body_page_lists_the_people_in_their_current_roles(client, seed):
    text = page_text(client.get("/organ/ledningsgruppen/"))
    assert "Camilla Broo Ledamot Kommundirektör Huddinge" in text


def test_a_role_that_has_ended_is_not_listed(client, seed):
    person = Person.objects.create(name="Tidigare Direktör", title="Kommundirektör")
    Role.objects.create(
        person=person, body=Body.objects.get(slug="ledningsgruppen"),
        municipality=Municipality.objects.get(name="Salem"),
        start=datetime.date(2015, 1, 1), end=datetime.date(2018, 12, 31),
    )
    assert "Tidigare Direktör" not in page_text(client.get("/organ/ledningsgruppen/"))


def test_the_councils_page_lists_its_external_partners(client, seed):
    text = page_text(client.get("/organ/sodertorns-radslag/"))
    partners = text.split("Externa parter", 1)[1]
    for name in ["Företagarna", "KTH", "Stockholms Handelskammare", "Södertörns högskola"]:
        assert name in partners


def test_a_network_page_links_to_the_body_it_reports_to_and_the_goals_it_owns(client, demo):
    response = client.get("/organ/planeringschefsnatverket/")
    text = page_text(response)
    assert "rapporterar till Ledningsgruppen" in text
    goal = Goal.objects.get(owner__slug="planeringschefsnatverket")
    assert f"{goal.title} (Infrastruktur, Södertörns utvecklingsprogram 2035)" in text
    assert 'href="/organ/ledningsgruppen/"' in response.content.decode()


def test_body_page_lists_the_next_meetings_with_links(client, seed):
    committee = Body.objects.get(slug="samarbetskommitten")
    soon = Meeting.objects.create(body=committee, date=timezone.localdate() + datetime.timedelta(days=3))
    soon.hosts.add(Municipality.objects.get(name="Tyresö"))
    response = client.get("/organ/samarbetskommitten/")
    assert f'href="{soon.get_absolute_url()}"' in response.content.decode()
    assert "Tyresö" in page_text(response).split("Nästa möten", 1)[1]


def test_a_body_without_any_description_or_members_has_a_page(client, db):
    Body.objects.create(name="Nytt nätverk", short_name="Nytt", slug="nytt", kind=Body.Kind.NETWORK)
    response = client.get("/organ/nytt/")
    assert response.status_code == 200
    assert "Inga ledamöter är registrerade än." in page_text(response)


@pytest.mark.parametrize("path", ["/organ/finns-inte/", "/organ/%C3%A5%C3%A4%C3%B6/", "/organ/1/"])
def test_unknown_body_is_not_found(client, seed, path):
    assert client.get(path).status_code == 404


def grow(copies):
    """Adds `copies - 1` times more bodies, roles, partners and meetings to the seed."""
    if copies == 1:
        return
    committee = Body.objects.get(slug="samarbetskommitten")
    municipality = Municipality.objects.first()
    Body.objects.bulk_create(
        Body(name=f"Nätverk {n}", short_name=f"N{n}", slug=f"natverk-{n}", kind=Body.Kind.NETWORK, reports_to=committee)
        for n in range(9 * copies)
    )
    people = Person.objects.bulk_create(
        Person(name=f"Person {n}", municipality=municipality) for n in range(8 * copies)
    )
    Role.objects.bulk_create(Role(person=p, body=committee, municipality=municipality) for p in people)
    partners = Partner.objects.bulk_create(Partner(name=f"Partner {n}") for n in range(4 * copies))
    committee.partners.add(*partners)
    Meeting.objects.bulk_create(
        Meeting(body=committee, date=timezone.localdate() + datetime.timedelta(days=n + 1)) for n in range(20 * copies)
    )


@pytest.mark.parametrize("copies", [1, 20], ids=["1x", "20x"])
@pytest.mark.parametrize(("path", "most"), [("/organ/", 1), ("/organ/samarbetskommitten/", 8)])
def test_body_pages_run_a_fixed_number_of_queries(client, seed, django_assert_max_num_queries, copies, path, most):
    grow(copies)
    with django_assert_max_num_queries(most):
        response = client.get(path)
    assert response.status_code == 200
