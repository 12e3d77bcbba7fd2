import pytest
from django.core.management import call_command


@pytest.fixture
def seed(db):
    """The seed data of fixtures/seed.json: both source documents."""
    call_command("loaddata", "seed", verbosity=0)


@pytest.fixture
def editor(db, django_user_model):
    return django_user_model.objects.create_superuser("redaktor", "redaktor@example.se", "lösenord-123")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached pages or documents."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def default_language():
    """Each test starts in Swedish: a request to an /en/ page leaves English active in the thread, and
    reverse() outside a request would then give English addresses to the next test."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
