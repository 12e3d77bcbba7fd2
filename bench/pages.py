"""The public pages bench/run measures, one of each kind, read from the data bench/build_data.py made.

    .venv/bin/python bench/pages.py > pages.json    # [[name, path], …] for bench/http_bench.py

Addresses come from reverse(), so a renamed URL changes the bench too; the objects are the fullest of
their kind (the meeting with the longest published agenda, the largest municipality), not the first.
"""

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sodertorn.settings")

YEAR = 2017  # the year the seed data describes
# The costliest search the page accepts (apps/portal/search.py, MAX_WORDS): ten words, each the beginning of a word
# in every one of the 20 000 agenda items (bench/build_data.py's text), so that every word is a condition on every
# kind of hit and on the meetings' bodies, hosts and kinds, and every item matches them all.
WORST_SEARCH = "sek red läg sam åtta söd nät gjo förr möt"


def public_pages():
    from django.db.models import Count
    from django.urls import reverse
    from django.utils import timezone, translation

    from apps.keyfigures.models import Indicator
    from apps.meetings.models import Meeting
    from apps.municipalities.models import Municipality

    meeting = (
        Meeting.objects.filter(agenda_published_at__lte=timezone.now(), date__year__lte=YEAR)
        .annotate(n=Count("items")).order_by("-n", "-date").first()
    )
    municipality = Municipality.objects.annotate(n=Count("hosted_meetings")).order_by("-n").first()
    # Inhabitants when the data has it (it is demonstration data, not seed), else the first key figure.
    indicator = Indicator.objects.filter(slug="invanare").first() or Indicator.objects.order_by("pk").first()
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
            ("Key figures", reverse("keyfigures:detail", args=[indicator.slug])),
            ("Yearly plan", reverse("plans:detail", args=[YEAR])),
            # A word in every agenda item: at most RANK_AT_MOST of them are ranked.
            ("Search, everywhere", reverse("portal:search") + "?q=samverkan"),
            # A subject of one item in ten.
            ("Search, a subject", reverse("portal:search") + "?q=kollektivtrafik"),
            # A municipality: itself, the meetings it hosts, the texts that name it.
            ("Search, a town", reverse("portal:search") + "?q=Huddinge"),
            ("Search, worst case", reverse("portal:search") + "?" + urlencode({"q": WORST_SEARCH})),
            ("iCal feed (all)", reverse("meetings:feed")),
            ("iCal feed, a year", reverse("meetings:feed_year", args=[YEAR])),
            ("Open data JSON", reverse("meetings:year_json", args=[YEAR])),
        ]
    with translation.override("en"):
        pages.append(("Home, English", reverse("portal:home")))
    return pages


if __name__ == "__main__":
    import django

    django.setup()
    json.dump(public_pages(), sys.stdout, ensure_ascii=False)
