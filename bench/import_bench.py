"""How long 10 000 meeting rows take to import, the way the admin imports them.

    .venv/bin/python bench/import_bench.py [--rows 10000] [--database-url postgres://…]

Builds a throwaway database (in-memory SQLite, or a test database on the given server; the configured
database is left alone), writes a CSV file of meetings with bodies by name and hosts by name or code, then
times the admin's two steps: the checked upload with its preview (a dry run that writes nothing) and the
confirmed import — once calling the resource as the admin does, once through the admin's own pages with the
preview page rendered. The target is under 30 seconds for both steps together.
"""

import argparse
import datetime
import os
import random
import re
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
parser.add_argument("--rows", type=int, default=10_000)
parser.add_argument("--database-url", default="sqlite://:memory:", help="default: in-memory SQLite")
args = parser.parse_args()

os.environ["DATABASE_URL"] = args.database_url
os.environ["DEBUG"] = "0"  # no query log
os.environ.setdefault("SECRET_KEY", "import-bench-only-secret-key-0123456789abcdef")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ["SECURE_SSL_REDIRECT"] = "0"
os.environ["STATICFILES_STORAGE"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
warnings.filterwarnings("ignore", message="No directory at")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sodertorn.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.utils import translation  # noqa: E402

TARGET_SECONDS = 30
MUNICIPALITIES = [
    ("Botkyrka", "0127"), ("Haninge", "0136"), ("Huddinge", "0126"), ("Nykvarn", "0140"),
    ("Nynäshamn", "0192"), ("Salem", "0128"), ("Södertälje", "0181"), ("Tyresö", "0138"),
]
HEADER = "id,body,kind,title,date,date_precision,end_date,start_time,end_time,hosts,place,status"


def make_reference_data():
    from apps.bodies.models import Body
    from apps.municipalities.models import Municipality

    for name, code in MUNICIPALITIES:
        Municipality.objects.create(name=name, slug=name.lower(), code=code)
    Body.objects.create(name="Södertörnskommunernas samarbetskommitté", short_name="Samarbetskommittén",
                        slug="samarbetskommitten", kind="committee", usual_weekday=3,
                        usual_start=datetime.time(12), usual_end=datetime.time(15))
    Body.objects.create(name="Ledningsgruppen", short_name="Ledningsgruppen", slug="ledningsgruppen",
                        kind="management_group", usual_weekday=4, usual_start=datetime.time(8, 30),
                        usual_end=datetime.time(13))
    Body.objects.create(name="Planeringschefsnätverket", short_name="Planeringschefer", slug="planeringschefer",
                        kind="network")


def meetings_csv(rows: int) -> bytes:
    rng = random.Random(2017)
    bodies = ["Södertörnskommunernas samarbetskommitté", "Ledningsgruppen", "Planeringschefsnätverket"]
    lines = [HEADER]
    day = datetime.date(2000, 1, 6)
    for n in range(rows):
        day += datetime.timedelta(days=rng.choice([1, 2, 3]))
        hosts = rng.sample(MUNICIPALITIES, rng.choice([0, 1, 1, 1, 2]))
        host_cell = ", ".join(name if rng.random() < 0.5 else code for name, code in hosts)
        start, end = rng.choice([("12:00:00", "15:00:00"), ("08:30:00", "13:00:00"), ("", "")])
        lines.append(",".join([
            "", bodies[n % 3], "ordinary", f"Möte {n + 1}" if n % 4 == 0 else "", day.isoformat(), "day", "",
            start, end, f'"{host_cell}"', "Kommunhuset" if n % 5 == 0 else "", "planned",
        ]))
    return ("\n".join(lines) + "\n").encode()


def run():
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    setup_test_environment()  # the test client's host name is allowed

    from apps.meetings.models import Meeting
    from apps.meetings.resources import MeetingResource
    from apps.core.forms import SpreadsheetImportForm
    from apps.core.resources import IMPORT_FORMATS, SpreadsheetCSV

    make_reference_data()
    content = meetings_csv(args.rows)
    print(f"{args.rows} meeting rows, {len(content) / 1024:.0f} KiB of CSV, on {connection.vendor}")

    started = time.perf_counter()
    # Step 1, the upload: the file is checked, read, and imported in a dry run for the preview.
    form = SpreadsheetImportForm(
        IMPORT_FORMATS, [MeetingResource], data={"format": "0", "resource": "0"},
        files={"import_file": SimpleUploadedFile("moten.csv", content, "text/csv")},
    )
    assert form.is_valid(), form.errors
    dataset = SpreadsheetCSV(encoding="utf-8-sig").create_dataset(content)
    preview = MeetingResource().import_data(
        dataset, dry_run=True, raise_errors=False, rollback_on_validation_errors=True,
    )
    assert not preview.has_errors() and not preview.has_validation_errors(), preview.invalid_rows[:3]
    preview_seconds = time.perf_counter() - started

    # Step 2, the confirmation: the same file imported for real.
    started = time.perf_counter()
    dataset = SpreadsheetCSV(encoding="utf-8-sig").create_dataset(content)
    result = MeetingResource().import_data(
        dataset, dry_run=False, raise_errors=False, rollback_on_validation_errors=True,
        retain_instance_in_row_result=True,
    )
    assert not result.has_errors() and not result.has_validation_errors()
    import_seconds = time.perf_counter() - started

    assert Meeting.objects.count() == args.rows
    print("Through the resource, as the admin calls it:")
    report(preview_seconds, import_seconds)

    # The same file through the admin's pages, preview page rendering included, into an empty table again.
    Meeting.objects.all().delete()
    Meeting.history.all().delete()
    client = Client()
    client.force_login(get_user_model().objects.create_superuser("bench", "bench@example.se", None))
    started = time.perf_counter()
    preview_page = client.post(reverse("admin:meetings_meeting_import"), {
        "format": "0", "resource": "0", "import_file": SimpleUploadedFile("moten.csv", content, "text/csv"),
    })
    preview_seconds = time.perf_counter() - started
    fields = dict(re.findall(r'name="(import_file_name|original_file_name|format|resource)" value="([^"]*)"',
                             preview_page.content.decode()))
    started = time.perf_counter()
    done = client.post(reverse("admin:meetings_meeting_process_import"), fields)
    import_seconds = time.perf_counter() - started
    assert done.status_code == 302 and Meeting.objects.count() == args.rows
    print(f"Through the admin's pages (the preview page is {len(preview_page.content) / 1024 / 1024:.1f} MiB):")
    return report(preview_seconds, import_seconds)


def report(preview_seconds: float, import_seconds: float) -> float:
    total = preview_seconds + import_seconds
    print(f"  preview (check + dry run): {preview_seconds:6.1f} s")
    print(f"  confirmed import:          {import_seconds:6.1f} s")
    print(f"  together:                  {total:6.1f} s   (target < {TARGET_SECONDS} s: "
          f"{'met' if total < TARGET_SECONDS else 'MISSED'})")
    return total


if __name__ == "__main__":
    translation.activate("sv")
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        seconds = run()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    sys.exit(0 if seconds < TARGET_SECONDS else 1)
