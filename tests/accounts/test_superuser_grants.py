"""Only a superuser makes a superuser or an administrator: a member of Administratörer, editing anyone through the
admin (themselves included), cannot set the superuser flag, give the administrators' group, or change a superuser's
account; a superuser can."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from .conftest import ADMINISTRATORS, SECRETARIAT, form_data


@pytest.fixture
def administrator_client(client, administrator):
    client.force_login(administrator)
    return client


def change(client, user, **changes):
    url = reverse("admin:auth_user_change", args=[user.pk])
    return client.post(url, form_data(client.get(url), "user_form", **changes))


def group(name):
    return Group.objects.get(name=name)


def test_an_administrator_cannot_make_someone_a_superuser(administrator_client, secretary):
    response = change(administrator_client, secretary, is_superuser="on", first_name="Sara")
    assert response.status_code == 302
    secretary.refresh_from_db()
    assert secretary.first_name == "Sara"  # the rest of the form was saved
    assert not secretary.is_superuser


def test_an_administrator_cannot_make_themselves_a_superuser(administrator_client, administrator):
    change(administrator_client, administrator, is_superuser="on")
    administrator.refresh_from_db()
    assert not administrator.is_superuser


def test_an_administrator_cannot_give_the_administrators_group(administrator_client, secretary):
    groups = [str(group(SECRETARIAT).pk), str(group(ADMINISTRATORS).pk)]
    response = change(administrator_client, secretary, groups=groups)
    assert response.status_code == 200
    assert "Välj ett giltigt alternativ" in response.content.decode()
    secretary.refresh_from_db()
    assert list(secretary.groups.values_list("name", flat=True)) == [SECRETARIAT]


def test_the_administrators_group_is_not_offered_to_an_administrator(administrator_client, secretary):
    form = administrator_client.get(reverse("admin:auth_user_change", args=[secretary.pk])).context["adminform"].form
    assert ADMINISTRATORS not in {choice.name for choice in form.fields["groups"].queryset}
    assert "is_superuser" not in form.fields


def test_an_administrator_editing_themselves_keeps_their_own_membership(administrator_client, administrator):
    response = change(administrator_client, administrator, last_name="Andersson")
    assert response.status_code == 302
    administrator.refresh_from_db()
    assert administrator.last_name == "Andersson"
    assert list(administrator.groups.values_list("name", flat=True)) == [ADMINISTRATORS]


def test_an_administrator_cannot_give_a_permission_they_lack(administrator_client, administrator, secretary):
    # An administrator who lacks one permission, say because a superuser took it from the group.
    withheld = Permission.objects.get(codename="delete_user")
    group(ADMINISTRATORS).permissions.remove(withheld)
    response = change(administrator_client, secretary, user_permissions=[str(withheld.pk)])
    assert response.status_code == 200
    secretary.refresh_from_db()
    assert not secretary.user_permissions.exists()


def test_an_administrator_cannot_change_a_superusers_account(administrator_client, editor):
    url = reverse("admin:auth_user_password_change", args=[editor.pk])
    response = administrator_client.post(url, {"password1": "övertagen-lösen-1", "password2": "övertagen-lösen-1",
                                               "usable_password": "true"})
    assert response.status_code == 403
    change(administrator_client, editor, is_active=None)
    editor.refresh_from_db()
    assert editor.check_password("lösenord-123")
    assert editor.is_active


def test_a_superuser_can_make_an_administrator_and_a_superuser(editor_client, secretary):
    response = change(editor_client, secretary, is_superuser="on", groups=[str(group(ADMINISTRATORS).pk)])
    assert response.status_code == 302
    secretary.refresh_from_db()
    assert secretary.is_superuser
    assert list(secretary.groups.values_list("name", flat=True)) == [ADMINISTRATORS]
