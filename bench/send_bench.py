"""How long the kallelse takes to reach 30 recipients, the way production sends it.

    .venv/bin/python bench/send_bench.py [--recipients 30]

Uses the configured database (bench/run's, with its thirty years of data). Starts an SMTP server (aiosmtpd)
on loopback, makes a body of N members with e-mail addresses and a meeting of ten items, then times
- the admin's part: issuing the kallelse (publishing, recording N deliveries, queueing N tasks), what the
  secretary waits for after pressing the button;
- the worker's part: `manage.py db_worker --batch`, a process of its own as in production, until the SMTP
  server has received every mail (each with the kallelse PDF and the invitation attached).
The rows it makes are deleted afterwards.
"""

import argparse
import datetime
import os
import socket
import subprocess
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--recipients", type=int, default=30)
args = parser.parse_args()

with socket.socket() as probe:
    probe.bind(("127.0.0.1", 0))
    SMTP_PORT = probe.getsockname()[1]
os.environ["EMAIL_URL"] = f"smtp://127.0.0.1:{SMTP_PORT}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sodertorn.settings")
warnings.filterwarnings("ignore", message="No directory at")

import django  # noqa: E402

django.setup()

from aiosmtpd.controller import Controller  # noqa: E402

from apps.bodies.models import Body, Person, Role  # noqa: E402
from apps.meetings.models import AgendaItem, Meeting  # noqa: E402
from apps.municipalities.models import Municipality  # noqa: E402
from apps.notices.models import Delivery  # noqa: E402
from apps.notices.services import issue_notice  # noqa: E402


class Counter:
    def __init__(self):
        self.received = 0
        self.last_at = None

    async def handle_DATA(self, server, session, envelope):
        self.received += 1
        self.last_at = time.perf_counter()
        return "250 OK"


def main():
    counter = Counter()
    smtp = Controller(counter, hostname="127.0.0.1", port=SMTP_PORT)
    smtp.start()
    municipalities = list(Municipality.objects.all())
    body = Body.objects.create(name="Bench-kommittén", short_name="Bench", slug="bench-kommitten",
                               kind=Body.Kind.COMMITTEE)
    people = []
    try:
        for number in range(args.recipients):
            person = Person.objects.create(name=f"Ledamot {number + 1}", email=f"ledamot{number + 1}@example.se")
            people.append(person.pk)
            Role.objects.create(body=body, person=person, municipality=municipalities[number % len(municipalities)])
        meeting = Meeting.objects.create(body=body, date=datetime.date.today() + datetime.timedelta(days=20),
                                         start_time=datetime.time(12), end_time=datetime.time(15))
        meeting.hosts.set(municipalities[:1])
        for number in range(1, 11):
            AgendaItem.objects.create(meeting=meeting, number=number, title=f"Ärende {number}")

        start = time.perf_counter()
        notice = issue_notice(meeting)
        queued = time.perf_counter() - start
        worker_start = time.perf_counter()
        subprocess.run([sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
                       cwd=ROOT, check=True, env=os.environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while counter.received < args.recipients and time.monotonic() < deadline:
            time.sleep(0.05)
        delivered = (counter.last_at or time.perf_counter()) - start
        sent = notice.deliveries.filter(status=Delivery.Status.SENT).count()
        print(f"  kallelse to {args.recipients} recipients: the admin's part (publish, record, queue) "
              f"{queued * 1000:.0f} ms")
        print(f"  all delivered after {delivered:.2f} s from the button (worker process started after "
              f"{worker_start - start:.2f} s), {sent} of {args.recipients} recorded as sent, "
              f"{counter.received} received by the SMTP server")
        return 0 if sent == counter.received == args.recipients else 1
    finally:
        Meeting.objects.filter(body=body).delete()
        Role.objects.filter(body=body).delete()
        Person.objects.filter(pk__in=people).delete()
        body.delete()
        smtp.stop()


if __name__ == "__main__":
    sys.exit(main())
