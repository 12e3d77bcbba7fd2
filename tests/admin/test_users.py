"""Logins as an administrator keeps them: a role (a group) lets a person into the admin, whether given on the user's
page or in code; a person refused at the login page with the right password is told why; the user list shows each
user's role and municipality."""

import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from apps.municipalities.models import OfficialProfile

from .conftest import OFFICIALS, SECRETARIAT
from .forms import form_values

PASSWORD = "Södertörn-2017-lösen"


@pytest.fixture
def newcomer(db, django_user_model):
    """A new colleague with a login and nothing else: no role, not staff."""
    return django_user_model.objects.create_user("nyanstalld", "ny@example.se", PASSWORD)


def log_in(client, username, password=PASSWORD):
    return client.post(reverse("admin:login"), {"username": username, "password": password})


def test_giving_a_role_on_the_users_page_lets_the_person_into_the_admin(client, administrator, newcomer):
    client.force_login(administrator)
    change_url = reverse("admin:auth_user_change", args=[newcomer.pk])
    values = form_values(client.get(change_url).content.decode())
    values["groups"] = [str(Group.objects.get(name=SECRETARIAT).pk)]

    assert client.post(change_url, values).status_code == 302

    newcomer.refresh_from_db()
    assert newcomer.is_staff
    client.logout()
    assert log_in(client, "nyanstalld").status_code == 302


def test_a_role_given_in_code_either_way_makes_the_user_staff(newcomer, django_user_model):
    newcomer.groups.add(Group.objects.get(name=OFFICIALS))
    assert newcomer.is_staff
    newcomer.refresh_from_db()
    assert newcomer.is_staff

    other = django_user_model.objects.create_user("kollega", password=PASSWORD)
    Group.objects.get(name=SECRETARIAT).user_set.add(other)
    other.refresh_from_db()
    assert other.is_staff


def test_the_login_page_tells_a_person_without_a_role_why_they_are_refused(client, newcomer):
    response = log_in(client, "nyanstalld")

    assert response.status_code == 200
    assert "Kontot har ingen roll i portalen ännu; be en administratör ge dig en." in response.content.decode()


def test_the_login_page_tells_a_person_whose_account_is_closed(client, newcomer):
    newcomer.is_staff, newcomer.is_active = True, False
    newcomer.save()

    page = log_in(client, "nyanstalld").content.decode()

    assert "Kontot är avstängt; be en administratör öppna det igen." in page


def test_a_wrong_password_learns_nothing_about_the_account(client, newcomer):
    newcomer.is_active = False
    newcomer.save()

    page = log_in(client, "nyanstalld", "fel-lösenord").content.decode()

    assert "avstängt" not in page and "ingen roll" not in page
    assert "och lösenord för ett personalkonto" in page


def test_the_user_list_shows_each_users_role_and_municipality(client, portal, administrator, django_user_model):
    clerk = django_user_model.objects.create_user("handlaggare", "handlaggare@example.se", PASSWORD)
    clerk.groups.add(Group.objects.get(name=SECRETARIAT))
    OfficialProfile.objects.create(user=clerk, municipality=portal["municipalities"]["Huddinge"])
    client.force_login(administrator)

    page = client.get(reverse("admin:auth_user_changelist")).content.decode()

    row = re.search(r"<tr>(?:(?!</tr>).)*handlaggare(?:(?!</tr>).)*</tr>", page, re.DOTALL)
    assert row, "the user is not in the list"
    assert "Sekretariatet" in row.group(0) and "Huddinge" in row.group(0)
    assert "<th" in page and ">Roller<" in page and ">Kommun<" in page
