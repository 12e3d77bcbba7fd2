"""What a page costs inside Django: queries and time per public page, the PDFs, the big calendar feed, and the
secretariat's page for editing a meeting.

    .venv/bin/python bench/django_bench.py      # against DATABASE_URL, after bench/build_data.py

Runs in one process with the test client (no HTTP server), against the same database bench/run measures
with wrk, so the numbers explain the wrk table: a page's queries and render time are what a cache miss pays.
Exits 1 when a page does not answer 200.
"""

import os
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import unquote_plus

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sodertorn.settings")
# The superuser whose admin page is measured has no authenticator app; with DEBUG off the admin would send it to
# set one up (apps/core/sites.py) instead of showing the page.
os.environ.setdefault("OTP_REQUIRED_FOR_ADMINS", "0")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone, translation  # noqa: E402
from pages import YEAR, public_pages  # noqa: E402  (bench/pages.py, beside this file)

from apps.meetings.models import AgendaItem, Meeting  # noqa: E402

RENDERS = 3
ADMIN_PAGE_TARGET_SECONDS = 0.5  # issue 11: the meeting's admin page with 20 000 agenda items in the database
SEARCH_TARGET_SECONDS = 0.1  # issue 12: the worst-case search over the bench's data
SEARCHES = 7  # each search is timed this many times, the page cache emptied each time


def timed_get(client, path, *, clear=True):
    """One request; the caches emptied first unless told otherwise, so the view really runs."""
    if clear:
        cache.clear()
    started = time.perf_counter()
    response = client.get(path)
    return response, time.perf_counter() - started


def pages_table(client):
    print(f"  {'page':<20}{'path':<42}{'status':>7}{'queries':>9}{'ms':>8}{'KiB':>8}")
    ok = True
    for name, path in public_pages():
        with CaptureQueriesContext(connection) as queries:
            response, seconds = timed_get(client, path)
        ok &= response.status_code == 200
        print(f"  {name:<20}{path:<42}{response.status_code:>7}{len(queries):>9}{seconds * 1000:>8.0f}"
              f"{len(response.content) / 1024:>8.0f}")
    return ok


def pdf_table(client):
    meeting = (
        Meeting.objects.filter(agenda_published_at__lte=timezone.now(), date__year__lte=YEAR)
        .annotate(n=Count("items")).order_by("-n", "-date").first()
    )
    documents = [
        (f"Agenda, {meeting.n} items", reverse("documents:agenda", args=[meeting.pk])),
        ("Programme 2035", reverse("documents:programme", args=["utvecklingsprogram-2035"])),
        (f"Yearly plan {YEAR}", reverse("documents:yearly_plan", args=[YEAR])),
    ]
    print(f"  {'document':<20}{'KiB':>6}{'first render':>14}{f'median of {RENDERS}':>14}{'cached':>10}")
    ok = True
    for name, path in documents:
        first, first_seconds = timed_get(client, path)  # the first in this process: fonts and templates load
        renders = [timed_get(client, path)[1] for _ in range(RENDERS)]
        cached, cached_seconds = timed_get(client, path, clear=False)
        ok &= first.status_code == 200 and cached["X-Document-Cache"] == "hit"
        print(f"  {name:<20}{len(first.content) / 1024:>6.0f}{first_seconds:>12.2f} s"
              f"{statistics.median(renders):>12.2f} s{cached_seconds * 1000:>7.1f} ms")
    return ok


def feed_line(client):
    path = reverse("meetings:feed")
    renders = [timed_get(client, path) for _ in range(RENDERS)]
    response = renders[-1][0]
    events = response.content.count(b"BEGIN:VEVENT")
    median = statistics.median(seconds for _response, seconds in renders)
    print(f"  all-meetings feed {path} (the last twelve months and ahead): {events} events of "
          f"{Meeting.objects.count()} meetings, "
          f"{len(response.content) / 1024 / 1024:.1f} MiB, built in {median:.2f} s (median of {RENDERS})")
    return response.status_code == 200


def admin_meeting_line(client):
    """The admin's page of the meeting with the longest agenda, as a superuser sees it: its size and queries must
    not grow with the agenda items of all the other meetings (an attachment's item is chosen among its own)."""
    meeting = Meeting.objects.annotate(n=Count("items")).order_by("-n", "-date").first()
    user, _created = get_user_model().objects.get_or_create(
        username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
    )
    client.force_login(user)
    path = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    renders = []
    for _ in range(RENDERS):
        with CaptureQueriesContext(connection) as queries:
            response, seconds = timed_get(client, path)
        renders.append(seconds)
    client.logout()
    print(f"  meeting change page {path}: {meeting.n} items ({AgendaItem.objects.count()} in the database), "
          f"{len(queries)} queries, {len(response.content) / 1024:.0f} KiB, "
          f"{statistics.median(renders):.2f} s (median of {RENDERS}; target under {ADMIN_PAGE_TARGET_SECONDS} s)")
    return response.status_code == 200


def search_table(client):
    """The search pages of bench/pages.py, each requested SEARCHES times with the page cache empty: the median
    time of the whole request (the search's queries and the page), its queries, and its hits."""
    print(f"  {'search':<20}{'words':<44}{'queries':>8}{'hits':>6}{'median ms':>11}{'max ms':>8}")
    ok, worst = True, 0.0
    for name, path in public_pages():
        if not name.startswith("Search"):
            continue
        seconds = []
        for _ in range(SEARCHES):
            with CaptureQueriesContext(connection) as queries:
                response, took = timed_get(client, path)
            seconds.append(took)
        ok &= response.status_code == 200
        hits = int(re.search(rb'<p role="status">(\d+)', response.content).group(1))
        median = statistics.median(seconds)
        worst = max(worst, median)
        words = unquote_plus(path.split("q=", 1)[1])
        print(f"  {name:<20}{words:<44}{len(queries):>8}{hits:>6}{median * 1000:>11.0f}{max(seconds) * 1000:>8.0f}")
    print(f"  slowest median {worst * 1000:.0f} ms (target under {SEARCH_TARGET_SECONDS * 1000:.0f} ms), "
          f"over {AgendaItem.objects.count()} agenda items and {Meeting.objects.count()} meetings")
    return ok


def main():
    client = Client(HTTP_HOST="localhost")
    print("Queries and time per page, each requested once with the page cache empty (test client, one process):")
    ok = pages_table(client)
    translation.activate("sv")  # the last page was English, and the language stays active after a request
    print("\nPDF documents (WeasyPrint), rendered with the document cache empty, then from the cache:")
    ok &= pdf_table(client)
    print("\nCalendar feed:")
    ok &= feed_line(client)
    print("\nThe secretariat's admin:")
    ok &= admin_meeting_line(client)
    print(f"\nSearch (apps/portal/search.py), each {SEARCHES} times with the page cache empty:")
    ok &= search_table(client)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
