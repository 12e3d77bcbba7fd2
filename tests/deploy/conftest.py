import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Logging in many times over: a slow hash proves nothing here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
