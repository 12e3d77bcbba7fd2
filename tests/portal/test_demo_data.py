"""The seed data holds the source documents' facts only; demonstration data comes with `seed --demo`, and then
one banner on every public page says so."""

import datetime
import json
import re
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone

from apps.bodies.models import Body, Role
from apps.budgets.models import FeeShare
from apps.keyfigures.models import Indicator
from apps.meetings.models import AgendaItem, Meeting
from apps.municipalities.models import Municipality, Population
from apps.portal.context_processors import DEMO_DATA_KEY, has_demo_data
from apps.portal.demo import load_demo
from apps.portal.models import DemoData
from apps.programme.models import Goal

SEED = Path(settings.BASE_DIR) / "fixtures" / "seed.json"
# Words of notes for developers, not for the public.
NOTES = ["exempeldata", "påhittad", "påhittade", "källan", "sample", "illustrat"]
BANNER = "Demonstrationsdata: en del av innehållet på den här webbplatsen är inte verkligt."


def page_text(response):
    html = response.content.decode()
    html = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def strings(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def test_the_seed_data_holds_no_note_for_developers_and_no_sample_flag():
    rows = json.loads(SEED.read_text(encoding="utf-8"))
    found = [(word, text[:80]) for text in strings(rows) for word in NOTES if word in text.casefold()]
    assert found == []
    assert not any("is_sample" in row["fields"] for row in rows)


def test_the_seed_data_holds_nothing_the_sources_do_not_say(seed):
    # No agenda texts, goals of 2035, people's addresses, venues, populations, key figures or fee shares.
    assert not AgendaItem.objects.exists()
    assert not Meeting.objects.filter(agenda_published_at__isnull=False).exists()
    assert not Municipality.objects.exclude(venue="").exists()
    assert not Body.objects.get(slug="samarbetskommitten").roles.exists()
    assert not Goal.objects.filter(focus_area__programme__slug="utvecklingsprogram-2035").exists()
    assert not Indicator.objects.exists()
    assert not FeeShare.objects.exists()
    assert not Population.objects.exists()
    assert not DemoData.objects.exists()


def test_the_seed_command_loads_no_demonstration_data_unless_asked(db):
    call_command("seed", verbosity=0)
    assert Municipality.objects.count() == 8
    assert not DemoData.objects.exists()
    assert not AgendaItem.objects.exists()


def test_the_seed_command_with_demo_loads_the_demonstration_data_once(db, capsys):
    call_command("seed", "--demo")
    call_command("seed", "--demo")
    out = capsys.readouterr().out
    assert "Loaded the demonstration data." in out
    assert "The demonstration data is loaded already." in out
    assert DemoData.objects.count() == 1
    assert Meeting.objects.filter(date__year=timezone.localdate().year).exists()


@pytest.mark.parametrize("page", ["/", "meeting", "/program/", "/en/", "/tillganglighet/", "/moten/"])
def test_with_demonstration_data_every_public_page_has_the_banner_once(client, demo, page):
    if page == "meeting":
        page = Meeting.objects.filter(items__isnull=False).first().get_absolute_url()
    text = page_text(client.get(page))
    english = "Demonstration data: some of the content on this site is not real."
    banner = english if page.startswith("/en/") else BANNER
    assert text.count(banner) == 1
    assert 'role="note"' in client.get(page).content.decode()


@pytest.mark.parametrize("page", ["/", "meeting", "/program/", "/en/"])
def test_without_demonstration_data_no_page_has_the_banner(client, seed, page):
    if page == "meeting":
        page = Meeting.objects.order_by("date").first().get_absolute_url()
    text = page_text(client.get(page))
    assert "Demonstrationsdata" not in text
    assert "Demonstration data" not in text


@pytest.mark.parametrize("page", [
    "/", "/program/utvecklingsprogram-2035/", "/program/utvecklingsprogram-2013/", "/nyckeltal/",
    "/nyckeltal/invanare/", "/kommuner/nykvarn/", "/budget/2017/", "/moten/2017/",
])
def test_no_page_with_demonstration_data_calls_it_sample_data_or_invented(client, demo, page):
    text = page_text(client.get(page)).casefold()
    assert [word for word in ["exempeldata", "påhittad", "källan"] if word in text] == []


def test_a_cold_cache_learns_from_the_database_whether_there_is_demonstration_data(seed):
    cache.delete(DEMO_DATA_KEY)
    assert has_demo_data() is False
    load_demo()
    cache.delete(DEMO_DATA_KEY)
    assert has_demo_data() is True
    DemoData.objects.all().delete()
    assert has_demo_data() is False


def test_demonstration_meetings_are_dated_from_the_day_they_are_loaded(seed):
    load_demo(today=datetime.date(2031, 5, 20))
    committee = Meeting.objects.filter(body__slug="samarbetskommitten", kind=Meeting.Kind.ORDINARY)
    this_year = committee.filter(date__year=2031)
    assert this_year.count() == 6
    assert {m.status for m in this_year if m.date < datetime.date(2031, 5, 20)} == {Meeting.Status.HELD}
    following = list(committee.filter(date__year=2032).order_by("date"))
    assert [m.is_month_only for m in following] == [False, False, False, True, True, True]
    next_meeting = this_year.filter(date__gte=datetime.date(2031, 5, 20)).order_by("date").first()
    assert next_meeting.status == Meeting.Status.CONFIRMED
    assert next_meeting.items.count() >= 3
    assert next_meeting.agenda_published_at is None
    assert {m.date.weekday() for m in committee.dated().filter(date__year__gte=2031)} == {3}


def test_the_demonstration_committee_can_be_called_from_all_eight_municipalities(demo):
    committee = Body.objects.get(slug="samarbetskommitten")
    roles = list(Role.objects.called_to(committee, timezone.localdate() + datetime.timedelta(days=30)))
    members = [r for r in roles if r.kind in (Role.Kind.CHAIR, Role.Kind.VICE_CHAIR, Role.Kind.MEMBER)]
    substitutes = [r for r in roles if r.kind == Role.Kind.SUBSTITUTE]
    assert len({r.municipality_id for r in members}) == len({r.municipality_id for r in substitutes}) == 8
    assert all(r.person.email.endswith("@example.se") for r in members + substitutes)
    secretary = next(r.person for r in roles if r.kind == Role.Kind.SECRETARY)
    assert secretary.phone and secretary.email.endswith("@example.se")
    assert not Municipality.objects.filter(venue="").exists()
