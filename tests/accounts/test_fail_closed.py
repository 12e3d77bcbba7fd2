"""A failed login that cannot be recorded refuses the login, its password right or not: with the table of failed
attempts refusing writes (a trigger in PostgreSQL, as a full disk or a lost privilege would), nobody gets in and
nobody can guess on uncounted. Flushing, filling or stopping Redis changes nothing (tests/deploy/test_shared_cache.py)."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client
from django.urls import reverse

UNAVAILABLE = "Det går inte att logga in just nu. Försök igen om några minuter."


@pytest.fixture
def secretary(transactional_db, django_user_model):
    """Staff, without a group: a transactional test's database has none of the migrations' rows."""
    return django_user_model.objects.create_user("sekreterare", password="sekreterarens-lösen", is_staff=True)


@pytest.fixture
def attempts_refuse_writes(transactional_db):
    with connection.cursor() as cursor:
        cursor.execute("""
            CREATE FUNCTION refuse_write() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION 'axes_accessattempt refuses writes'; END $$;
            CREATE TRIGGER refuse_write BEFORE INSERT OR UPDATE ON axes_accessattempt
            FOR EACH ROW EXECUTE FUNCTION refuse_write();
        """)
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER refuse_write ON axes_accessattempt; DROP FUNCTION refuse_write();")


def log_in(password):
    client = Client()
    response = client.post(reverse("admin:login"), {"username": "sekreterare", "password": password})
    return response, client


@pytest.mark.django_db(transaction=True)
def test_with_failures_unrecordable_the_right_password_is_refused(secretary, attempts_refuse_writes):
    response, client = log_in("sekreterarens-lösen")
    assert response.status_code == 200
    assert UNAVAILABLE in response.content.decode()
    assert SESSION_KEY not in client.session


@pytest.mark.django_db(transaction=True)
def test_with_failures_unrecordable_a_wrong_password_gets_the_same_answer(secretary, attempts_refuse_writes):
    for _ in range(10):
        response, client = log_in("fel-lösenord-42")
        assert response.status_code == 200
        assert UNAVAILABLE in response.content.decode()
        assert SESSION_KEY not in client.session


@pytest.mark.django_db(transaction=True)
def test_once_failures_can_be_recorded_again_the_right_password_logs_in(secretary, attempts_refuse_writes):
    assert UNAVAILABLE in log_in("sekreterarens-lösen")[0].content.decode()
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE axes_accessattempt DISABLE TRIGGER refuse_write")
    response, client = log_in("sekreterarens-lösen")
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(secretary.pk)
