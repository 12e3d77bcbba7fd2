"""A whole municipal office behind one address: one person's typos lock that person's username, not the office."""

from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

OFFICE = "198.51.100.20"


def log_in(username, password):
    client = Client(REMOTE_ADDR=OFFICE)
    return client.post(reverse("admin:login"), {"username": username, "password": password}), client


def test_a_locked_out_user_does_not_lock_out_a_colleague_at_the_same_address(secretary, administrator, settings):
    settings.OTP_REQUIRED_FOR_ADMINS = False
    for _ in range(5):
        log_in("sekreterare", "fel-lösenord-42")
    locked, client = log_in("sekreterare", "sekreterarens-lösen")
    assert locked.status_code == 429
    assert "För många misslyckade inloggningsförsök. Vänta 15 minuter" in locked.content.decode()
    assert SESSION_KEY not in client.session

    response, colleague = log_in("administrator", "administratörens-lösen")
    assert response.status_code == 302
    assert colleague.session[SESSION_KEY] == str(administrator.pk)
