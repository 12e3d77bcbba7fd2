"""The error pages a visitor sees with DEBUG off: in the portal's design, and the 500 page needing nothing."""

from django.conf import settings
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error


def test_with_debug_off_an_unknown_address_gets_the_404_page_in_the_portals_design(db, client):
    assert settings.DEBUG is False
    response = client.get("/moten/finns-inte/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "<h1>Sidan finns inte</h1>" in page
    assert 'class="site-header"' in page
    assert 'href="/static/css/portal.css"' in page
    assert "Traceback" not in page


def test_the_500_page_renders_without_a_request_context_or_the_database():
    # No db fixture: any query would fail the test. Django renders 500.html with an empty context.
    with translation.override("sv"):
        response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "<h1>Något gick fel</h1>" in page
    assert 'href="/static/css/portal.css"' in page
    assert 'href="/"' in page
