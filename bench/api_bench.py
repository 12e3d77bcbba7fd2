"""What the read API costs on the bench's data: a page of 100 meetings (time and queries, the page cache empty each
time), a full harvest of every list, and a harvest with modified_since after one change.

    DATABASE_URL=postgres://… .venv/bin/python bench/api_bench.py      # after bench/build_data.py

In one process with Django's test client, as bench/django_bench.py measures the pages. Exits 1 when the page of
100 meetings misses its goal (median under 50 ms) or the harvest after one change returns anything but the one
changed meeting, or an answer does not validate against the OpenAPI description.
"""

import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sodertorn.settings")
# A harvester asks many pages in a row; the limit per client address of the page cache is not what is measured.
os.environ.setdefault("RATELIMIT_ENABLE", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.api.resources import RESOURCES  # noqa: E402
from apps.meetings.models import Meeting  # noqa: E402

PAGE_TARGET_MS = 50
TIMES = 30


def path_of(url):
    return url[len(settings.SITE_URL):]


def get(client, path):
    cache.clear()  # the page cache empty: the view really runs
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code, response.content[:300])
    return response


def page_of_meetings(client):
    total = Meeting.objects.public().count()
    pages = max(1, total // 100)
    times, cpu, database, queries = [], [], [], set()
    for n in range(TIMES):
        path = f"/api/v1/meetings/?limit=100&page={1 + (n * 7) % pages}"
        with CaptureQueriesContext(connection) as captured:
            started, started_cpu = time.perf_counter(), time.process_time()
            response = get(client, path)
            times.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - started_cpu) * 1000)
        queries.add(len(captured))
        database.append(sum(float(query["time"]) for query in captured.captured_queries) * 1000)
        assert len(response.json()["data"]) == 100
    times.sort()
    median, p95 = statistics.median(times), times[int(len(times) * 0.95) - 1]
    print(f"  page of 100 meetings ({total} public meetings): median {median:.1f} ms, p95 {p95:.1f} ms, "
          f"queries {sorted(queries)}, {TIMES} requests, {len(response.content) // 1024} KiB")
    print(f"    of which waiting for the {min(queries)} queries: median {statistics.median(database):.1f} ms; "
          f"this process's own CPU time: median {statistics.median(cpu):.1f} ms")
    # The machine is shared: a page whose cost the README records, timed alongside, says how loaded it was.
    meeting = Meeting.objects.public().order_by("pk")[len(times)].pk
    beside = []
    for _n in range(TIMES // 3):
        started = time.perf_counter()
        get(client, f"/moten/mote/{meeting}/")
        beside.append((time.perf_counter() - started) * 1000)
    print(f"    beside it, a meeting's page (/moten/mote/{meeting}/): median {statistics.median(beside):.1f} ms")
    return median


def harvest(client, since=None, limit=1000, check=None):
    """Every list, page after page by links.next; the objects found per list, the requests and the seconds. With
    `check`, each page is validated against the OpenAPI description's schema of its list, outside the time."""
    found, requests, checking = {}, 0, 0.0
    started = time.perf_counter()
    for name in RESOURCES:
        url = f"/api/v1/{name}/?limit={limit}" + (f"&modified_since={quote(since.isoformat())}" if since else "")
        found[name] = []
        while url:
            page = get(client, url).json()
            requests += 1
            found[name] += page["data"]
            url = path_of(page["links"]["next"]) if "next" in page["links"] else None
            if check is not None:
                before = time.perf_counter()
                check(name, page)
                checking += time.perf_counter() - before
    return found, requests, time.perf_counter() - started - checking


def schema_check(client):
    """Validates a page of a list against the served OpenAPI description (as tests/api does); counts the errors."""
    from jsonschema import Draft202012Validator, FormatChecker

    description = get(client, "/api/v1/openapi.json").json()
    validators = {
        name: Draft202012Validator({**description, "$ref": f"#/components/schemas/{resource.type}List"},
                                   format_checker=FormatChecker())
        for name, resource in RESOURCES.items()
    }
    errors = []

    def check(name, page):
        errors.extend(f"{name}: {error.message[:200]}" for error in validators[name].iter_errors(page))

    return check, errors


def main():
    client = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["localhost"])[0].lstrip(".") or "localhost")
    print("The read API (bench/api_bench.py), the page cache emptied before every request")
    median = page_of_meetings(client)

    check, errors = schema_check(client)
    everything, requests, seconds = harvest(client, check=check)
    count = sum(len(objects) for objects in everything.values())
    print(f"  full harvest, every list by 1000: {count} objects in {requests} requests, {seconds:.1f} s; "
          f"validated against the OpenAPI description: {len(errors)} errors {errors[:3]}")
    print("    " + ", ".join(f"{name} {len(objects)}" for name, objects in everything.items()))

    since = timezone.now()
    meeting = Meeting.objects.public().order_by("-pk").first()
    meeting.place = "Bench: moved to another room"
    meeting.save()
    changed, requests, seconds = harvest(client, since)
    got = {name: [obj["id"] for obj in objects] for name, objects in changed.items() if objects}
    print(f"  harvest with modified_since after one change (meeting {meeting.pk}): {requests} requests, "
          f"{seconds * 1000:.0f} ms, returned {got}")
    only_the_meeting = got == {"meetings": [f"{settings.SITE_URL}/api/v1/meetings/{meeting.pk}/"]}
    ok = median < PAGE_TARGET_MS and only_the_meeting and not errors
    print(f"  goals: median under {PAGE_TARGET_MS} ms {'PASS' if median < PAGE_TARGET_MS else 'FAIL'}, only the "
          f"changed object {'PASS' if only_the_meeting else 'FAIL'}, every answer as described "
          f"{'PASS' if not errors else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
