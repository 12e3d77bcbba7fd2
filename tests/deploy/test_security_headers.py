"""What every answer tells the browser about keeping it safe, on the public pages and in the admin."""

from html.parser import HTMLParser

from django.contrib import admin
from django.urls import reverse

from apps.meetings.models import Meeting


def assert_safe_headers(response):
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = dict(directive.strip().split(" ", 1) for directive in response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"


class InlineCode(HTMLParser):
    """What a page holds that a policy without 'unsafe-inline' would block: inline scripts, styles, handlers."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and "src" not in attrs and attrs.get("type") != "application/json":
            self.found.append(self.get_starttag_text())
        if tag == "style":
            self.found.append(self.get_starttag_text())
        for name, value in attrs.items():
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(self.get_starttag_text())


def inline_code(response):
    parser = InlineCode()
    parser.feed(response.content.decode())
    return parser.found


def test_a_public_page_over_https_sends_every_security_header(seed, client):
    response = client.get("/", secure=True)
    assert response.status_code == 200
    assert_safe_headers(response)
    assert inline_code(response) == []


def test_a_page_from_the_page_cache_sends_them_too(seed, client):
    client.get("/moten/", secure=True)
    response = client.get("/moten/", secure=True)
    assert response["X-Page-Cache"] == "hit"
    assert_safe_headers(response)


def test_plain_http_gets_no_hsts_header_since_browsers_ignore_it_there(seed, client):
    assert "Strict-Transport-Security" not in client.get("/")


def test_plain_http_is_sent_to_https_but_the_health_check_is_not(db, client, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/moten/")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/moten/"
    health = client.get("/health/")
    assert health.status_code == 200
    assert health.content == b"ok"


def test_an_admin_change_page_works_under_the_content_security_policy(seed, editor_client):
    meeting = Meeting.objects.order_by("pk").first()
    response = editor_client.get(reverse("admin:meetings_meeting_change", args=[meeting.pk]), secure=True)
    assert response.status_code == 200
    assert b'name="_save"' in response.content
    assert_safe_headers(response)
    assert inline_code(response) == []


def test_the_admin_login_page_works_under_the_content_security_policy(db, client):
    response = client.get(reverse("admin:login"), secure=True)
    assert response.status_code == 200
    assert_safe_headers(response)
    assert inline_code(response) == []


def test_no_admin_page_needs_inline_code(seed, editor_client, rf, editor):
    blocked = {}
    request = rf.get("/admin/")
    request.user = editor
    for model, model_admin in admin.site._registry.items():
        info = model._meta.app_label, model._meta.model_name
        pages = [reverse("admin:%s_%s_changelist" % info)]
        # Records nobody adds by hand (deliveries, background tasks) have no add page.
        if model_admin.has_add_permission(request):
            pages.append(reverse("admin:%s_%s_add" % info))
        if obj := model._default_manager.order_by("pk").first():
            pages.append(reverse("admin:%s_%s_change" % info, args=[obj.pk]))
        for page in pages:
            response = editor_client.get(page, secure=True)
            assert response.status_code == 200, page
            assert "Content-Security-Policy" in response
            if found := inline_code(response):
                blocked[page] = found
    assert blocked == {}


def test_the_session_and_csrf_cookies_are_secure_and_hidden_from_scripts(db, client, editor):
    login_page = client.get(reverse("admin:login"), secure=True)
    csrf = login_page.cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"
    response = client.post(
        reverse("admin:login"), {"username": "redaktor", "password": "lösenord-123"}, secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] and session["httponly"] and session["samesite"] == "Lax"
