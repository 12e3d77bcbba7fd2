"""Failed admin logins, counted per username and per client address, refused after too many.

The counts live in the cache (CACHE_URL, shared by every app server in production) and expire WINDOW
seconds after the first failure they count. A successful login is not counted and resets nothing, so
someone guessing passwords who owns one account cannot wipe an address's count with it.
"""

import hashlib

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

LIMIT = 5
WINDOW = 15 * 60
MESSAGE = _("Too many failed login attempts. Wait 15 minutes and try again.")


def client_address(request) -> str:
    """The visitor's IP address; behind our proxy, the one it saw and appended to X-Forwarded-For."""
    if settings.BEHIND_PROXY:
        # Earlier entries are whatever the client chose to send; the last one is our proxy's.
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def cache_keys(address: str, username: str) -> list[str]:
    def key(kind, value):
        return f"login-failures:{kind}:{hashlib.sha256(value.encode()).hexdigest()}"

    return [key("address", address), key("username", username.strip().casefold())]


def is_blocked(address: str, username: str) -> bool:
    return any(count >= LIMIT for count in cache.get_many(cache_keys(address, username)).values())


def record_failure(address: str, username: str) -> None:
    for key in cache_keys(address, username):
        # add() opens the window; incr() counts within it without making it longer.
        if not cache.add(key, 1, WINDOW):
            try:
                cache.incr(key)
            except ValueError:  # the window closed between the two calls
                cache.add(key, 1, WINDOW)


class ThrottledLoginForm(AdminAuthenticationForm):
    error_messages = {**AdminAuthenticationForm.error_messages, "throttled": MESSAGE}

    def clean(self):
        address = client_address(self.request)
        username = self.cleaned_data.get("username") or ""
        if is_blocked(address, username):
            raise ValidationError(self.error_messages["throttled"], code="throttled")
        try:
            return super().clean()
        except ValidationError:
            record_failure(address, username)
            raise
