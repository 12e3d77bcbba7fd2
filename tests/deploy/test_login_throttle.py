"""Failed admin logins (django-axes, counted in the database): after five for one username in 15 minutes, or fifty
from one address, no more tries."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

REFUSAL = "För många misslyckade inloggningsförsök. Vänta 15 minuter och försök sedan igen."
PASSWORD = "lösenord-123"


@pytest.fixture
def colleague(db, django_user_model):
    return django_user_model.objects.create_superuser("granskare", "granskare@example.se", "annat-lösenord-456")


def log_in(username, password, address="192.0.2.1", **headers):
    """A fresh visitor's attempt; the client, to ask whether it is now logged in."""
    client = Client(REMOTE_ADDR=address, **headers)
    response = client.post(reverse("admin:login"), {"username": username, "password": password}, secure=True)
    return response, client


def fail(times, username="redaktor", address="192.0.2.1", **headers):
    """`times` failed attempts; the one that reaches a limit is answered with the refusal, those before it not."""
    for _ in range(times):
        response, _client = log_in(username, "fel-lösenord", address, **headers)
        if response.status_code == 429:
            assert REFUSAL in response.content.decode()
        else:
            assert response.status_code == 200
            assert REFUSAL not in response.content.decode()
    return response


def test_the_fifth_failure_is_answered_with_the_refusal(editor):
    assert fail(4).status_code == 200
    assert fail(1).status_code == 429


def test_after_five_failures_even_the_right_password_is_refused_with_a_swedish_message(editor):
    fail(5)
    response, client = log_in("redaktor", PASSWORD)
    assert response.status_code == 429
    assert response["Retry-After"] == str(15 * 60)
    page = response.content.decode()
    assert REFUSAL in page
    assert 'class="site-header"' in page  # the portal's page, with its header
    assert f'href="{reverse("admin:login")}"' in page
    assert SESSION_KEY not in client.session


def test_four_failures_still_let_the_right_password_in(editor):
    fail(4)
    response, client = log_in("redaktor", PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(editor.pk)


def test_successful_logins_are_not_counted(editor):
    fail(4)
    for _ in range(3):
        assert log_in("redaktor", PASSWORD)[0].status_code == 302
    assert log_in("redaktor", PASSWORD)[0].status_code == 302


def test_five_failures_for_a_username_block_it_from_every_address_and_no_other_user(editor, colleague):
    for number in range(5):
        fail(1, "redaktor", f"192.0.2.{10 + number}")
    assert log_in("redaktor", PASSWORD, "198.51.100.7")[0].status_code == 429
    assert log_in("granskare", "annat-lösenord-456", "192.0.2.10")[0].status_code == 302


def test_five_failures_from_an_address_for_other_usernames_leave_it_open(editor, colleague):
    """A whole office behind one address: one person's typos do not lock out the others."""
    for username in ["anna", "bertil", "cecilia", "david", "erik"]:
        fail(1, username, "192.0.2.66")
    assert log_in("redaktor", PASSWORD, "192.0.2.66")[0].status_code == 302


def test_fifty_failures_from_an_address_block_it_for_every_username_and_no_other_address(editor, colleague):
    for number in range(50):
        fail(1, f"person-{number}", "192.0.2.66")
    assert log_in("redaktor", PASSWORD, "192.0.2.66")[0].status_code == 429
    assert log_in("redaktor", PASSWORD, "192.0.2.67")[0].status_code == 302


def test_the_username_is_counted_whatever_its_case(editor):
    fail(3, "Redaktor")
    fail(2, "REDAKTOR ")
    assert log_in("redaktor", PASSWORD, "198.51.100.7")[0].status_code == 429


def test_the_refusal_ends_with_the_window(editor):
    fail(5)
    assert log_in("redaktor", PASSWORD)[0].status_code == 429
    # The failures are counted 15 minutes from the last one: as if those minutes had passed.
    AccessAttempt.objects.update(attempt_time=timezone.now() - datetime.timedelta(minutes=16))
    response, client = log_in("redaktor", PASSWORD)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(editor.pk)


def test_behind_the_proxy_visitors_are_told_apart_by_the_address_the_proxy_saw(editor, colleague, settings):
    settings.BEHIND_PROXY = True
    # Every request comes from the proxy, 10.0.0.2, which appends the address it saw to X-Forwarded-For.
    for number in range(50):
        fail(1, f"person-{number}", "10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    # Entries the client sends itself come first, and do not make it someone else.
    spoofing = log_in("granskare", "annat-lösenord-456", "10.0.0.2", HTTP_X_FORWARDED_FOR="198.51.100.1, 203.0.113.9")
    assert spoofing[0].status_code == 429
    other_visitor = log_in("granskare", "annat-lösenord-456", "10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.10")
    assert other_visitor[0].status_code == 302
