"""Who may do what in the admin: each role × each model × view, add, change and delete, through the admin's
own pages, and anonymous visitors sent to the login page."""

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from apps.municipalities.models import Population
from apps.programme.models import Adoption

from .conftest import ADMINISTRATORS, OFFICIALS, SECRETARIAT

PORTAL_APPS = {"municipalities", "bodies", "meetings", "programme", "plans", "budgets", "rotations", "keyfigures"}
PORTAL_MODELS = sorted(
    (model._meta.app_label, model._meta.model_name) for model in admin.site._registry
    if model._meta.app_label in PORTAL_APPS
)
USER_MODELS = [("auth", "user"), ("auth", "group")]
ALL_MODELS = PORTAL_MODELS + USER_MODELS
# What a municipal official may change, for their own municipality only.
OFFICIAL_ADDS = {("municipalities", "population"), ("keyfigures", "keyfigure")}
OFFICIAL_CHANGES = OFFICIAL_ADDS | {("programme", "adoption")}


def expected(role, model, action):
    """The status code of the page, and for a change page whether it offers to save."""
    if role == "administrator":
        return 200
    if model in USER_MODELS:
        return 403
    if role == "secretary":
        return 200
    # official
    if action == "changelist" or action == "change":
        return 200
    if action == "add":
        return 200 if model in OFFICIAL_ADDS else 403
    return 403


@pytest.fixture
def users(portal, secretary, official, administrator):
    return {"secretary": secretary, "official": official, "administrator": administrator}


def some_row(app_label, model_name, official=None):
    """A row to open: for the rows an official keeps, one of the official's own municipality."""
    queryset = apps.get_model(app_label, model_name)._default_manager.all()
    if official is not None and (app_label, model_name) in OFFICIAL_CHANGES:
        queryset = queryset.filter(municipality=official.official_profile.municipality)
    return queryset.order_by("pk").first()


def url(action, app_label, model_name, obj=None):
    name = f"admin:{app_label}_{model_name}_{action}"
    return reverse(name, args=[obj.pk]) if action in {"change", "delete"} else reverse(name)


@pytest.mark.parametrize("role", ["secretary", "official", "administrator"])
@pytest.mark.parametrize(("app_label", "model_name"), ALL_MODELS)
def test_each_role_sees_the_list_add_change_and_delete_pages_it_is_allowed(client, users, role, app_label,
                                                                          model_name):
    client.force_login(users[role])
    obj = some_row(app_label, model_name, users["official"])
    assert obj is not None, f"the test data lacks a {model_name}"
    model = (app_label, model_name)
    for action in ["changelist", "add", "change", "delete"]:
        response = client.get(url(action, app_label, model_name, obj))
        assert response.status_code == expected(role, model, action), (role, model, action)
    change_page = client.get(url("change", app_label, model_name, obj))
    if change_page.status_code == 200:
        may_change = role in {"secretary", "administrator"} or model in OFFICIAL_CHANGES
        assert (b'name="_save"' in change_page.content) is may_change, (role, model)


@pytest.mark.parametrize(("app_label", "model_name"), ALL_MODELS)
def test_anonymous_visitor_is_sent_to_the_login_page_from_every_admin_page(client, portal, secretary, app_label,
                                                                            model_name):
    obj = some_row(app_label, model_name)
    for action in ["changelist", "add", "change", "delete"]:
        response = client.get(url(action, app_label, model_name, obj))
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_official_sees_other_municipalities_populations_but_cannot_change_them(official_client, portal):
    botkyrka = Population.objects.get(municipality__name="Botkyrka", year=2017)
    page = official_client.get(reverse("admin:municipalities_population_change", args=[botkyrka.pk]))
    assert page.status_code == 200
    assert b'name="_save"' not in page.content
    response = official_client.post(
        reverse("admin:municipalities_population_change", args=[botkyrka.pk]),
        {"municipality": botkyrka.municipality_id, "year": 2017, "inhabitants": 1, "source": ""},
    )
    assert response.status_code == 403
    botkyrka.refresh_from_db()
    assert botkyrka.inhabitants == 91900


def test_official_keeps_their_own_municipalitys_population_up_to_date(official_client, portal):
    huddinge = Population.objects.get(municipality__name="Huddinge", year=2017)
    response = official_client.post(
        reverse("admin:municipalities_population_change", args=[huddinge.pk]),
        {"municipality": huddinge.municipality_id, "year": 2017, "inhabitants": 110003, "source": "SCB"},
    )
    assert response.status_code == 302
    huddinge.refresh_from_db()
    assert huddinge.inhabitants == 110003
    assert huddinge.history.first().history_user.username == "tjansteperson"


def test_official_can_add_a_population_only_for_their_own_municipality(official_client, portal):
    page = official_client.get(reverse("admin:municipalities_population_add"))
    choices = page.context["adminform"].form.fields["municipality"].queryset
    assert [m.name for m in choices] == ["Huddinge"]
    response = official_client.post(
        reverse("admin:municipalities_population_add"),
        {"municipality": portal["municipalities"]["Botkyrka"].pk, "year": 2018, "inhabitants": 5, "source": ""},
    )
    assert response.status_code == 200  # the form comes back with an error
    assert not Population.objects.filter(year=2018).exists()


def test_official_records_their_boards_adoption_decision(official_client, portal):
    adoption = Adoption.objects.get(municipality__name="Huddinge")
    page = official_client.get(reverse("admin:programme_adoption_change", args=[adoption.pk]))
    assert b'name="_save"' in page.content
    other = Adoption.objects.get(municipality__name="Salem")
    page = official_client.get(reverse("admin:programme_adoption_change", args=[other.pk]))
    assert b'name="_save"' not in page.content


def test_official_cannot_import_spreadsheets(official_client, portal):
    assert official_client.get(reverse("admin:keyfigures_keyfigure_import")).status_code == 403
    assert official_client.get(reverse("admin:meetings_meeting_import")).status_code == 403
    assert official_client.get(reverse("admin:meetings_meeting_export")).status_code == 200


def test_official_cannot_revert_a_meeting_through_its_history_page(official_client, portal):
    meeting = portal["meetings"][0]
    record = meeting.history.last()
    url = reverse("admin:meetings_meeting_simple_history", args=[meeting.pk, record.history_id])
    assert official_client.get(url).status_code == 200
    assert official_client.post(url, {"body": meeting.body_id, "date": "2017-01-01"}).status_code == 403


def test_every_portal_model_belongs_to_the_secretariat_role(db):
    """A model added later needs a migration giving its permissions to the groups."""
    secretariat = set(
        Group.objects.get(name=SECRETARIAT).permissions.values_list("content_type__app_label", "codename")
    )
    for app_label, model_name in PORTAL_MODELS:
        for action in ["view", "add", "change", "delete"]:
            assert (app_label, f"{action}_{model_name}") in secretariat
    officials = Group.objects.get(name=OFFICIALS).permissions
    assert not officials.filter(codename__startswith="delete_").exists()
    assert Group.objects.get(name=ADMINISTRATORS).permissions.count() == Permission.objects.count()
