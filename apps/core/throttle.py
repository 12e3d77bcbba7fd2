"""Failed logins, counted by django-axes in the database and refused after too many (settings: AXES_*).

The counts live in PostgreSQL, where nothing evicts them: filling, flushing or stopping the shared cache cannot
give someone guessing passwords a fresh count. Two limits, counted within AXES_COOLOFF_TIME of the last failure:
AXES_FAILURE_LIMIT failures for one username lock that username from every address, and the much higher
LOGIN_FAILURES_PER_ADDRESS failures from one address lock that address, so that one person's typos do not lock out
a whole municipal office behind one address. A successful login resets nothing, so someone who owns one account
cannot wipe an address's count with it.

It fails closed: a login is let in only where its failure could have been recorded (see
make_sure_a_failure_can_be_recorded), so that guessing cannot go on uncounted while the count cannot be written.
"""

import uuid

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db import transaction
from django.db.models import Sum
from django.shortcuts import render
from django.utils import timezone


def client_address(request) -> str:
    """The visitor's IP address; behind our proxy, the one it saw and appended to X-Forwarded-For."""
    if settings.BEHIND_PROXY:
        # Earlier entries are whatever the client chose to send; the last one is our proxy's.
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").rsplit(",", 1)[-1].strip()
        if forwarded:
            return forwarded
    return request.META.get("REMOTE_ADDR", "")


def username_counted(request, credentials) -> str | None:
    """The username a failure is counted for, whatever its case and surrounding spaces."""
    credentials = credentials or {}
    username = credentials.get("username", request.POST.get("username") if request is not None else None)
    return username.strip().casefold() if username else None


class PortalAxesHandler(AxesDatabaseHandler):
    """Axes' database handler with a limit of its own for each lockout parameter: axes compares one count, the
    highest of the username's and the address's, with one limit (AXES_FAILURE_LIMIT); here the address has the
    higher LOGIN_FAILURES_PER_ADDRESS."""

    def failures_by_parameter(self, request, credentials=None) -> tuple[int, int]:
        by_username, by_address = (
            attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            for attempts in self.get_user_attempts(request, credentials)
        )
        return by_username, by_address

    def is_locked(self, request, credentials=None) -> bool:
        by_username, by_address = self.failures_by_parameter(request, credentials)
        return by_username >= settings.AXES_FAILURE_LIMIT or by_address >= settings.LOGIN_FAILURES_PER_ADDRESS

    def get_failures(self, request, credentials=None) -> int:
        # What axes compares with AXES_FAILURE_LIMIT after recording a failure: the username's count, or the limit
        # itself once the address has reached its own.
        if self.is_locked(request, credentials):
            return settings.AXES_FAILURE_LIMIT
        return self.failures_by_parameter(request, credentials)[0]


def make_sure_a_failure_can_be_recorded(request, credentials) -> None:
    """Raises the database's error if a failed attempt could not be recorded just now. Called for an attempt
    whose password was right, which axes does not record: writes what a failure writes, and takes it back."""
    with transaction.atomic():
        AccessAttempt.objects.create(
            username=get_client_username(request, credentials), ip_address=client_address(request) or None,
            user_agent=f"probe {uuid.uuid4()}", http_accept="", path_info=request.path[:255], get_data="",
            post_data="", failures_since_start=1, attempt_time=timezone.now(),
        )
        transaction.set_rollback(True)


def locked_out(request, original_response=None, credentials=None):
    """Axes' answer to a refused login: the portal's page saying why and for how long, 429 with Retry-After."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(request, "admin/locked_out.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
