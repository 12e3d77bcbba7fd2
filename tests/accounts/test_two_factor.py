"""Two-factor sign-in (TOTP, django-otp): a member of staff sets up an authenticator app in the admin; the login
then asks for its code; administrators and superusers must have one when OTP_REQUIRED_FOR_ADMINS is on. The codes
are computed from the device's key as an app computes them."""

import base64
import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

SETUP = reverse("admin:two_factor")
CODE_PAGE = reverse("admin:two_factor_code")


def code(device, steps_ahead=0):
    """The code the app shows now (or that many time steps later): a device accepts each time step's code once."""
    return str(totp(device.bin_key, device.step, device.t0, device.digits, device.drift + steps_ahead)).zfill(6)


def log_in(username, password, **extra):
    client = Client()
    response = client.post(reverse("admin:login"), {"username": username, "password": password, **extra})
    return response, client


@pytest.fixture
def device(secretary):
    return TOTPDevice.objects.create(user=secretary, name="Telefon", confirmed=True)


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED_FOR_ADMINS = True


def test_the_setup_page_shows_a_qr_code_and_the_key_as_text(client, secretary):
    client.force_login(secretary)
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=secretary, confirmed=False)
    assert re.search(r'<img class="two-factor-qr" src="data:image/svg\+xml;base64,[A-Za-z0-9+/=]+"', page)
    secret = re.search(r'<code class="two-factor-secret">([A-Z2-7 ]+)</code>', page).group(1)
    assert base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8)) == device.bin_key
    assert "<script" not in page.split('id="content-main"')[1]
    # Opening the page again shows the same key until it is confirmed.
    assert secret in client.get(SETUP).content.decode()


def test_a_wrong_code_does_not_turn_it_on(client, secretary):
    client.force_login(secretary)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=secretary)
    wrong = str((int(code(device)) + 1) % 1_000_000).zfill(6)
    response = client.post(SETUP, {"code": wrong})
    assert response.status_code == 200
    assert "Det är inte koden som appen visar nu" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_the_right_code_turns_it_on_and_the_login_then_asks_for_a_code(client, secretary):
    client.force_login(secretary)
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=secretary)
    response = client.post(SETUP, {"code": code(device)})
    assert response.status_code == 302
    device.refresh_from_db()
    assert device.confirmed

    response, visitor = log_in("sekreterare", "sekreterarens-lösen")
    assert response.status_code == 302
    assert response["Location"].startswith(CODE_PAGE)
    assert SESSION_KEY not in visitor.session
    assert visitor.get(reverse("admin:index")).status_code == 302  # not in on the password alone
    page = visitor.get(response["Location"])
    assert "Skriv nu den sexsiffriga kod" in page.content.decode()
    response = visitor.post(response["Location"], {"code": code(device, steps_ahead=1)})
    assert response.status_code == 302
    assert visitor.session[SESSION_KEY] == str(secretary.pk)
    assert visitor.get(reverse("admin:index")).status_code == 200


def test_a_wrong_code_at_login_does_not_log_in(device):
    response, visitor = log_in("sekreterare", "sekreterarens-lösen")
    wrong = str((int(code(device)) + 1) % 1_000_000).zfill(6)
    response = visitor.post(response["Location"], {"code": wrong})
    assert response.status_code == 200
    assert "Det är inte koden som appen visar nu" in response.content.decode()
    assert SESSION_KEY not in visitor.session
    assert visitor.get(reverse("admin:index")).status_code == 302


def test_a_code_once_used_is_not_accepted_again(device):
    response, first = log_in("sekreterare", "sekreterarens-lösen")
    now = code(device)
    assert first.post(response["Location"], {"code": now}).status_code == 302
    response, second = log_in("sekreterare", "sekreterarens-lösen")
    assert second.post(response["Location"], {"code": now}).status_code == 200
    assert SESSION_KEY not in second.session


def test_the_code_page_without_the_password_first_goes_back_to_the_login(client, device):
    response = client.post(CODE_PAGE, {"code": code(device)})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:login")
    assert SESSION_KEY not in client.session


def test_an_administrator_without_a_device_gets_only_the_setup_page(required, administrator):
    response, visitor = log_in("administrator", "administratörens-lösen")
    assert response["Location"] == SETUP
    for page in [reverse("admin:index"), reverse("admin:auth_user_changelist"), reverse("admin:password_change")]:
        response = visitor.get(page, follow=True)
        assert response.redirect_chain[-1][0] == SETUP, page
    assert "Som administratör måste du logga in med en kod" in visitor.get(SETUP).content.decode()


def test_an_administrator_is_in_once_the_device_is_set_up(required, administrator):
    _response, visitor = log_in("administrator", "administratörens-lösen")
    visitor.get(SETUP)
    device = TOTPDevice.objects.get(user=administrator)
    assert visitor.post(SETUP, {"code": code(device)}).status_code == 302
    assert visitor.get(reverse("admin:auth_user_changelist")).status_code == 200


def test_a_superuser_without_a_device_gets_only_the_setup_page(required, editor):
    response, visitor = log_in("redaktor", "lösenord-123")
    assert response["Location"] == SETUP
    assert visitor.get(reverse("admin:index"))["Location"].startswith(reverse("admin:login"))


def test_the_setup_page_can_log_out(required, administrator):
    _response, visitor = log_in("administrator", "administratörens-lösen")
    assert visitor.post(SETUP, {"logout": "1"}).status_code == 302
    assert SESSION_KEY not in visitor.session


def test_other_staff_are_not_required_to_have_a_device(required, secretary):
    response, visitor = log_in("sekreterare", "sekreterarens-lösen")
    assert response["Location"] == reverse("admin:index")
    assert visitor.get(reverse("admin:index")).status_code == 200


def test_with_the_setting_off_an_administrator_is_in_at_once(settings, administrator):
    settings.OTP_REQUIRED_FOR_ADMINS = False
    response, visitor = log_in("administrator", "administratörens-lösen")
    assert response["Location"] == reverse("admin:index")
    assert visitor.get(reverse("admin:auth_user_changelist")).status_code == 200


def test_an_administrator_can_turn_off_a_lost_phone(client, administrator, device, secretary):
    client.force_login(administrator)
    response = client.post(reverse("admin:auth_user_changelist"),
                           {"action": "turn_off_two_factor", "_selected_action": [secretary.pk]})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=secretary).exists()
    assert log_in("sekreterare", "sekreterarens-lösen")[0]["Location"] == reverse("admin:index")


def test_after_a_wrong_code_the_next_try_must_wait(device):
    response, visitor = log_in("sekreterare", "sekreterarens-lösen")
    page = response["Location"]
    wrong = str((int(code(device)) + 1) % 1_000_000).zfill(6)
    visitor.post(page, {"code": wrong})
    response = visitor.post(page, {"code": code(device)})
    assert "För många fel koder. Vänta 1 sekunder och försök igen." in response.content.decode()
    assert SESSION_KEY not in visitor.session
