import pytest
from django.core.management import call_command


@pytest.fixture
def seed(db):
    """The seed data of fixtures/seed.json: both source documents."""
    call_command("loaddata", "seed", verbosity=0)


@pytest.fixture
def demo(seed):
    """The seed data with the demonstration data on top, as `manage.py seed --demo` loads them (scripts/serve)."""
    from apps.portal.demo import load_demo

    load_demo()


@pytest.fixture
def editor(db, django_user_model):
    return django_user_model.objects.create_superuser("redaktor", "redaktor@example.se", "lösenord-123")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def secretary_client(client, django_user_model, db):
    """Logged in as a member of the secretariat: staff with the role the roles migration makes, not a superuser, so
    the test sees what the role allows. Some folders' conftest.py give the secretary more (a name, a municipality)."""
    from django.contrib.auth.models import Group

    user = django_user_model.objects.create_user("sekreterare", "sekreterare@example.se", is_staff=True)
    user.groups.add(Group.objects.get(name="Sekretariatet"))
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached pages or documents, and with the cache knowing what a database in use has
    long told it: that it holds no demonstration data (each test's database starts without; loading it forgets
    the flag, apps/portal/apps.py). The query that learns the flag runs once per cache, not once per page."""
    from django.core.cache import cache

    from apps.portal.context_processors import DEMO_DATA_KEY

    cache.clear()
    cache.set(DEMO_DATA_KEY, False, None)


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Swedish: a request to an /en/ page leaves English active in the thread, and
    reverse() outside a request would then give English addresses to the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


class Inbox:
    """What a real SMTP server on loopback received: each message parsed as a mail program would."""

    def __init__(self):
        self.messages = []
        self.refuse = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        import email
        from email import policy

        message = email.message_from_bytes(envelope.content, policy=policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="session")
def smtp_server():
    """An SMTP server (aiosmtpd) on a free loopback port for the whole run, stopped at the end."""
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller
    controller.stop()


@pytest.fixture
def mailbox(smtp_server, settings):
    """Django's SMTP mailer pointed at the test SMTP server; the messages it received, newest last."""
    inbox = smtp_server.handler
    inbox.messages.clear()
    inbox.refuse.clear()
    use_smtp(settings, smtp_server.port)
    return inbox


def use_smtp(settings, port):
    settings.MAILERS = {"default": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": 5},
    }}
