"""An attack the portal must hold up under (issue 13), against gunicorn started by bench/run.

    CACHE_URL=redis://… python bench/abuse_bench.py BASE_URL SECONDS WEB_LOG WORKER_LOG [ACCESS_LOG]

For SECONDS, 16 connections send what a crawler or an attacker would: searches for a new word each time with a
cache-busting parameter, and requests for the kallelse PDFs of four meetings, one of which the secretariat
changes every CHANGE_EVERY seconds (a new version of that PDF each time, queued for the background worker).
Beside it, /health/ and a cached page are asked one request at a time, and their latency is recorded.

Two phases: from one client address, as the portal's per-client limit (UNCACHED_RATE) sees one attacker; then
with every request claiming another address (X-Forwarded-For; gunicorn runs with BEHIND_PROXY=1), as requests
from many machines would, where only the render locks, the search's statement_timeout and the workers'
number bound the cost. There is no nginx in front: its limit_req (README) would hold one address to 10 requests
a second before gunicorn saw them, so the first phase asks more of the portal than production would.

Every render is logged by the portal ("Rendered <key> in …", logger apps.documents.pdf at INFO, in WEB_LOG from
gunicorn and WORKER_LOG from `manage.py db_worker`): a key rendered twice is a version rendered twice.
Goals: /health/ p99 under 100 ms and no 5xx answer while under attack, and no PDF version rendered twice.
Where /health/ waits: ACCESS_LOG, gunicorn's access log with each request's time inside a worker (%(D)s), gives
that time for the probe's requests; the rest of what the probe waited was spent before a worker took the request
(the listen queue, a gthread worker's queue for a free thread, its turn at the interpreter lock), or on a busy
machine the probe itself waited for a core.
Exits 1 when a 5xx or a second render of a version is seen (the latency goal is reported, not enforced: it
depends on the machine).
"""

import datetime
import os
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sodertorn.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.meetings.models import Meeting  # noqa: E402

HERE = Path(__file__).resolve().parent
CONNECTIONS = 16
THREADS = 2
CHANGE_EVERY = 5  # seconds between changes to a meeting's agenda
PROBE_EVERY = 0.02  # seconds between the side-by-side requests of each prober
HEALTH_P99_GOAL_MS = 100
CACHED_PAGE = "/program/"
RENDERED = re.compile(r"Rendered (documents:(\S+?):(\S+?):\S*) in ([\d.]+) s")


def meetings_to_attack(count=4):
    """Meetings ahead with the longest published agendas: their kallelse is what members print. When the data
    has none ahead (BENCH_QUICK's ends in 2020), the latest ones: the background worker leaves an old meeting's
    kallelse to the first request, so every render is then a request's, under its lock."""
    published = (
        Meeting.objects.filter(agenda_published_at__lte=timezone.now()).annotate(n=Count("items")).filter(n__gt=0)
    )
    ahead = published.filter(date__gte=timezone.localdate() - datetime.timedelta(days=14))
    return list(ahead.order_by("-n", "date")[:count]) or list(published.order_by("-date", "-n")[:count])


def visitor_request(url, address):
    """A request from another visitor than the attacker: its own address, as the proxy in front reports it."""
    return urllib.request.Request(url, headers={"X-Forwarded-For": address})


class Prober(threading.Thread):
    """Asks for one address, one request at a time, recording each answer's status and latency; as a visitor
    of its own (`address`), not the attacker's."""

    def __init__(self, url, address):
        super().__init__(daemon=True)
        self.url = url
        self.address = address
        self.latencies, self.statuses = [], Counter()
        self.stopping = threading.Event()

    def run(self):
        while not self.stopping.is_set():
            started = time.perf_counter()
            try:
                with urllib.request.urlopen(visitor_request(self.url, self.address), timeout=60) as response:
                    response.read()
                    status = response.status
            except urllib.error.HTTPError as error:
                status = error.code
            except OSError:
                status = "socket error"
            self.latencies.append((time.perf_counter() - started) * 1000)
            self.statuses[status] += 1
            self.stopping.wait(PROBE_EVERY)

    def summary(self):
        latencies = sorted(self.latencies)
        p99 = percentile(latencies, 0.99)
        median = statistics.median(latencies) if latencies else float("nan")
        return len(latencies), median, p99, max(latencies, default=float("nan")), self.statuses


class Changer(threading.Thread):
    """The secretariat at work: every CHANGE_EVERY seconds the next meeting's first item gets a new title."""

    def __init__(self, meetings):
        super().__init__(daemon=True)
        self.meetings = meetings
        self.changes = Counter()
        self.stopping = threading.Event()

    def run(self):
        number = 0
        while not self.stopping.wait(CHANGE_EVERY):
            meeting = self.meetings[number % len(self.meetings)]
            item = meeting.items.order_by("number").first()
            item.title = f"Ärende {item.number}: ändrat {number}"
            item.save()  # signals: a new data version, the kallelse queued for the worker
            self.changes[meeting.pk] += 1
            number += 1
        connection.close()


def wrk(base, seconds, paths, spread):
    command = [
        "wrk", f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "30s", "-H", "Accept-Encoding: gzip",
        "-s", str(HERE / "wrk.lua"), base + "/", "--", uuid.uuid4().hex[:8], *paths,
    ]
    env = {**os.environ, "WRK_MODE": "abuse", "WRK_SPREAD": "1" if spread else "0"}
    out = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    line = next(line for line in out.splitlines() if line.startswith("RESULT "))
    return {key: int(value) for key, value in (field.split("=") for field in line.split()[1:])}


def renders(*logs):
    """[(key, kind, ident, seconds, where)] of every render logged."""
    found = []
    for where, log in logs:
        for match in RENDERED.finditer(Path(log).read_text(errors="replace")):
            found.append((match[1], match[2], match[3], float(match[4]), where))
    return found


def load_average():
    return Path("/proc/loadavg").read_text().split()[0]


def inside_workers(access_log, offset, address):
    """Milliseconds each /health/ request from `address` spent inside a gunicorn worker, logged after `offset`."""
    if not access_log:
        return []
    with open(access_log, "rb") as log:
        log.seek(offset)
        lines = log.read().decode(errors="replace").splitlines()
    return sorted(
        int(line.rsplit(" ", 1)[1]) / 1000 for line in lines if line.startswith(f'{address} "GET /health/ ')
    )


def percentile(values, fraction):
    return values[min(len(values) - 1, int(len(values) * fraction))] if values else float("nan")


def phase(base, seconds, meetings, spread, logs, access_log):
    paths = [reverse("documents:agenda", args=[meeting.pk]) for meeting in meetings]
    before = len(renders(*logs))
    offset = Path(access_log).stat().st_size if access_log else 0
    load_before = load_average()
    health, page = Prober(base + "/health/", "192.0.2.10"), Prober(base + CACHED_PAGE, "192.0.2.11")
    urllib.request.urlopen(visitor_request(base + CACHED_PAGE, "192.0.2.11")).read()  # cached before the attack
    changer = Changer(meetings)
    for thread in (health, page, changer):
        thread.start()
    result = wrk(base, seconds, paths, spread)
    for thread in (health, page, changer):
        thread.stopping.set()
    for thread in (health, page, changer):
        thread.join()
    time.sleep(3)  # the worker's last renders
    done = renders(*logs)[before:]

    label = "many addresses (X-Forwarded-For)" if spread else "one address"
    seconds_run = result["duration_us"] / 1e6
    print(f"\n  Attack from {label}: wrk -t{THREADS} -c{CONNECTIONS} -d{seconds}s, searches for new words with "
          f"?cb=… and the kallelse of {len(paths)} meetings; one changed every {CHANGE_EVERY} s. Load average "
          f"{load_before} before, {load_average()} after.")
    rate = result["requests"] / seconds_run
    print(f"    attack requests:        {result['requests']} in {seconds_run:.0f} s ({rate:.0f}/s),"
          f" p50 {result['p50_us'] / 1000:.0f} ms, p99 {result['p99_us'] / 1000:.0f} ms")
    print(f"    answered 429:           {result['s429']}")
    print(f"    answered 5xx:           {result['s5xx']}")
    socket_errors = sum(result[key] for key in ("connect", "read", "write", "timeout"))
    print(f"    socket errors:          {socket_errors}")
    failed = bool(result["s5xx"])
    for name, prober in ((" /health/", health), (f" {CACHED_PAGE} (cached)", page)):
        count, median, p99, worst, statuses = prober.summary()
        others = {status: n for status, n in statuses.items() if status != 200}
        print(f"   {name:<24} {count} requests side by side: p50 {median:.1f} ms, p99 {p99:.1f} ms, "
              f"max {worst:.0f} ms" + (f"; not 200: {others}" if others else ""))
        failed |= any(isinstance(status, str) or status >= 500 for status in others)
        if name == " /health/":
            inside = inside_workers(access_log, offset, health.address)
            if inside:
                print(f"    of which inside a worker: p50 {percentile(inside, 0.5):.1f} ms, p99 "
                      f"{percentile(inside, 0.99):.1f} ms; the rest it waited before a worker took it (or the probe "
                      f"itself waited for a core)")
            goal = p99 < HEALTH_P99_GOAL_MS
            print(f"    /health/ p99 under {HEALTH_P99_GOAL_MS} ms: {'yes' if goal else 'NO'}")

    pdfs = [entry for entry in done if entry[1] == "agenda"]
    by_key = Counter(key for key, *_rest in pdfs)
    twice = {key: n for key, n in by_key.items() if n > 1}
    where = Counter(entry[4] for entry in pdfs)
    mean = statistics.mean(entry[3] for entry in pdfs) if pdfs else 0
    print(f"    changes made:           {sum(changer.changes.values())} (to {len(changer.changes)} meetings)")
    print(f"    kallelse renders:       {len(pdfs)} of {len(by_key)} versions ({where['worker']} by the background "
          f"worker, {where['web']} by a request), {mean:.2f} s each on average")
    print(f"    versions rendered twice: {len(twice)}" + (f" {twice}" if twice else ""))
    failed |= bool(twice)
    return failed


def main():
    base, seconds, web_log, worker_log = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
    access_log = sys.argv[5] if len(sys.argv) > 5 else None
    logs = (("web", web_log), ("worker", worker_log))
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/health/").read()
            break
        except OSError:
            time.sleep(0.2)
    meetings = meetings_to_attack()
    if not meetings:
        sys.exit("No meeting with a published agenda to attack: build the data first.")
    print(f"gunicorn with {os.environ.get('GUNICORN_WORKERS', '4 workers')} and one db_worker, sharing "
          f"{os.environ.get('CACHE_URL')}; UNCACHED_RATE {settings.UNCACHED_RATE} per client.")
    failed = phase(base, seconds, meetings, False, logs, access_log)
    failed |= phase(base, seconds, meetings, True, logs, access_log)
    verdict = "FAILED: a 5xx answer or a version rendered twice" if failed else "OK: no 5xx, no version rendered twice"
    print(f"\n  {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
