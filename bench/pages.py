"""The public pages bench/run measures, one of each kind, read from the data bench/build_data.py made.

    .venv/bin/python bench/pages.py > pages.json    # [[name, path], …] for bench/http_bench.py

Addresses come from reverse(), so a renamed URL changes the bench too; the objects are the fullest of
their kind (the meeting with the longest published agenda, the largest municipality), not the first.
"""

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sodertorn.settings")

YEAR = 2017  # the year the seed data describes


def public_pages():
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone, translation

    from apps.meetings.models import Meeting
    from apps.municipalities.models import Municipality

    meeting = (
        Meeting.objects.filter(agenda_published_at__lte=timezone.now(), date__year__lte=YEAR)
        .annotate(n=Count("items")).order_by("-n", "-date").first()
    )
    municipality = Municipality.objects.annotate(n=Count("hosted_meetings")).order_by("-n").first()
    with translation.override("sv"):
        pages = [
            ("Home", reverse("portal:home")),
            ("Programme", reverse("programme:index")),
            ("Programme version", reverse("programme:version", args=["utvecklingsprogram-2035"])),
            ("Calendar year", reverse("meetings:year", args=[YEAR])),
            ("Calendar month", reverse("meetings:month", args=[YEAR, 3])),
            ("Meeting", reverse("meetings:detail", args=[meeting.pk])),
            ("Municipality", reverse("municipalities:detail", args=[municipality.slug])),
            ("Body", reverse("bodies:detail", args=["samarbetskommitten"])),
            ("Budget year", reverse("budgets:detail", args=[YEAR])),
            ("Rotation", reverse("rotations:detail", args=["radslaget"])),
            ("Key figures", reverse("keyfigures:detail", args=["invanare"])),
            ("Yearly plan", reverse("plans:detail", args=[YEAR])),
            # The worst case: a word in every agenda item, so every item is ranked.
            ("Search, everywhere", reverse("portal:search") + "?q=samverkan"),
            # A subject of one item in ten.
            ("Search, a subject", reverse("portal:search") + "?q=kollektivtrafik"),
            ("iCal feed (all)", reverse("meetings:feed")),
            ("Open data JSON", reverse("meetings:year_json", args=[YEAR])),
        ]
    with translation.override("en"):
        pages.append(("Home, English", reverse("portal:home")))
    return pages


if __name__ == "__main__":
    import django

    django.setup()
    json.dump(public_pages(), sys.stdout, ensure_ascii=False)
