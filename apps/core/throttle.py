"""Failed admin logins, counted per username and per client address, refused after too many.

The counts live in the cache (CACHE_URL, shared by every app server in production) and expire WINDOW
seconds after the first failure they count. A successful login is not counted and resets nothing, so
someone guessing passwords who owns one account cannot wipe an address's count with it.

It fails closed: each attempt is counted before its password is checked, and given back when the password was
right, so an attempt the cache cannot count (Redis stopped, or full) is refused without checking its password.
"""

import hashlib
import logging

from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .locks import CACHE_ERRORS

logger = logging.getLogger(__name__)

LIMIT = 5
WINDOW = 15 * 60
MESSAGE = _("Too many failed login attempts. Wait 15 minutes and try again.")
UNAVAILABLE = _("Logging in is not possible just now. Try again in a few minutes.")


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


def forgive(address: str, username: str) -> None:
    """Takes back the failure counted for an attempt whose password was right."""
    for key in cache_keys(address, username):
        try:
            cache.decr(key)
        except ValueError:  # the window closed meanwhile
            pass


class ThrottledLoginForm(AdminAuthenticationForm):
    error_messages = {**AdminAuthenticationForm.error_messages, "throttled": MESSAGE, "unavailable": UNAVAILABLE}

    def clean(self):
        address = client_address(self.request)
        username = self.cleaned_data.get("username") or ""
        try:
            if is_blocked(address, username):
                raise ValidationError(self.error_messages["throttled"], code="throttled")
            record_failure(address, username)
        except CACHE_ERRORS:
            logger.error("The cache failed: a login is refused, since its attempt cannot be counted", exc_info=True)
            raise ValidationError(self.error_messages["unavailable"], code="unavailable") from None
        cleaned = super().clean()
        try:
            forgive(address, username)
        except CACHE_ERRORS:
            logger.warning("The cache failed: a successful login stays counted as a failure", exc_info=True)
        return cleaned
