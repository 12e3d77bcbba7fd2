"""Passwords of at least 12 characters, and not a common one (ASVS 2.1.1), through the admin's own forms."""

from django.urls import reverse

from .conftest import form_data

TOO_SHORT = "Det här lösenordet är för kort. Det måste innehålla minst 12 tecken."


def test_a_new_user_with_an_eleven_character_password_is_refused(editor_client, django_user_model):
    page = editor_client.get(reverse("admin:auth_user_add"))
    data = form_data(page, "user_form", username="ny-person", password1="ekorre-1234", password2="ekorre-1234")
    response = editor_client.post(reverse("admin:auth_user_add"), data)
    assert response.status_code == 200
    assert TOO_SHORT in response.content.decode()
    assert not django_user_model.objects.filter(username="ny-person").exists()


def test_a_new_user_with_a_twelve_character_password_is_made(editor_client, django_user_model):
    page = editor_client.get(reverse("admin:auth_user_add"))
    data = form_data(page, "user_form", username="ny-person", password1="ekorre-12345", password2="ekorre-12345")
    response = editor_client.post(reverse("admin:auth_user_add"), data)
    assert response.status_code == 302
    assert django_user_model.objects.get(username="ny-person").check_password("ekorre-12345")


def test_a_common_password_is_refused_however_long(editor_client, django_user_model):
    page = editor_client.get(reverse("admin:auth_user_add"))
    data = form_data(page, "user_form", username="ny-person", password1="startfinding",
                     password2="startfinding")
    response = editor_client.post(reverse("admin:auth_user_add"), data)
    assert "Detta lösenord är alldeles för vanligt." in response.content.decode()
    assert not django_user_model.objects.filter(username="ny-person").exists()


def test_changing_a_password_to_eleven_characters_is_refused_and_the_old_one_stays(editor_client, secretary):
    url = reverse("admin:auth_user_password_change", args=[secretary.pk])
    data = form_data(editor_client.get(url), "user_form", password1="ekorre-1234", password2="ekorre-1234")
    response = editor_client.post(url, data)
    assert response.status_code == 200
    assert TOO_SHORT in response.content.decode()
    secretary.refresh_from_db()
    assert secretary.check_password("sekreterarens-lösen")
    assert not secretary.check_password("ekorre-1234")


def test_changing_ones_own_password_to_eleven_characters_is_refused(client, secretary):
    client.force_login(secretary)
    url = reverse("admin:password_change")
    response = client.post(url, {"old_password": "sekreterarens-lösen", "new_password1": "ekorre-1234",
                                 "new_password2": "ekorre-1234"})
    assert TOO_SHORT in response.content.decode()
    secretary.refresh_from_db()
    assert secretary.check_password("sekreterarens-lösen")
