"""/health/, answered before every other middleware (apps/core/views.py), still as strict about its Host."""

from django.test import Client


def test_the_health_check_answers_ok_without_touching_the_database(client):
    # Without the db fixture, pytest-django makes any use of the database an error.
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert response["Content-Type"] == "text/plain"
    assert client.head("/health/").status_code == 200


def test_the_health_check_refuses_a_host_the_portal_does_not_answer_to(db):
    response = Client(HTTP_HOST="evil.example").get("/health/")
    assert response.status_code == 400
    assert response.content != b"ok"


def test_only_the_health_check_itself_is_answered_early(db, client):
    assert client.get("/health/x/").status_code == 404
    # A post goes through the whole stack, as before: without a CSRF token it is refused.
    assert Client(enforce_csrf_checks=True).post("/health/").status_code == 403
