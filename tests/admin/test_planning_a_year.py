"""Planning a year from the seed data in one go: every body's meetings drafted from its latest year, the days to
look at again marked in the list the secretary lands on, nothing public until the drafts are confirmed."""

import datetime
import json
import re
from html import unescape

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.test import Client
from django.urls import reverse

from apps.bodies.models import Body
from apps.meetings.models import Meeting
from apps.meetings.services import draft_year, is_bridge_day, maundy_thursday

D = datetime.date
PLAN = "admin:meetings_meeting_plan"
# What the seed holds (shared/seeds/000, the 2017 calendar): the committee's and the management group's six
# meetings and planning conference, one conference, one rådslag, one key figure day. The committee's three
# meetings of 2018 are known only to their months, so its latest year of meetings is 2017.
SEED_2017 = {
    "samarbetskommitten": 7, "ledningsgruppen": 7, "sodertornskonferensen": 1, "sodertorns-radslag": 1,
    "nyckeltal-sodertorn": 1,
}


def text_of(response):
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", response.content.decode())).split())


def messages_of(response):
    """The messages above the page, as the secretary reads them."""
    html = response.content.decode()
    return [" ".join(unescape(re.sub(r"<[^>]+>", " ", m)).split())
            for m in re.findall(r'<li class="(?:success|info|warning|error)">(.*?)</li>', html, re.S)]


def plan(client, year, bodies=None, pattern="nth_weekday"):
    bodies = bodies if bodies is not None else list(Body.objects.values_list("pk", flat=True))
    return client.post(reverse(PLAN), {"year": year, "bodies": bodies, "pattern": pattern}, follow=True)


def per_body(year, **filters):
    counts = {}
    for slug in Meeting.objects.filter(date__year=year, **filters).values_list("body__slug", flat=True):
        counts[slug] = counts.get(slug, 0) + 1
    return counts


def test_the_planning_page_names_each_body_with_the_year_it_drafts_from(secretary_client, seed):
    page = secretary_client.get(reverse(PLAN), {"year": 2027})
    text = text_of(page)
    assert page.status_code == 200
    assert "Södertörnskommunernas samarbetskommitté: 7 möten 2017" in text
    assert "Södertörns rådslag: 1 möte 2017" in text
    assert "Klimatstrateger: inga möten att utgå från" in text
    assert 'value="2027"' in page.content.decode()


def test_the_meeting_list_offers_the_planning_page(secretary_client, seed):
    page = secretary_client.get(reverse("admin:meetings_meeting_changelist"))
    assert f'href="{reverse(PLAN)}">Planera ett år</a>' in page.content.decode()


def test_drafting_2027_for_every_body_from_the_seed_is_one_action(secretary_client, seed):
    assert not Meeting.objects.filter(date__year=2027).exists()
    done = plan(secretary_client, 2027)

    assert per_body(2027) == SEED_2017
    assert per_body(2027) == per_body(2027, is_draft=True, status=Meeting.Status.PLANNED)
    assert done.request["PATH_INFO"] == reverse("admin:meetings_meeting_changelist")
    said = messages_of(done)
    assert "7 möten för Södertörnskommunernas samarbetskommitté har lagts in för 2027 utifrån 2017." in said
    assert "1 möte för Södertörns rådslag har lagts in för 2027 utifrån 2017." in said
    assert ("Planeringschefsnätverket, Näringslivschefsnätverket, YH-nätverket, Klimatstrateger har inga möten "
            "före 2027 att utgå från.") in said
    # The list the secretary lands on shows exactly the drafts, with what to check.
    text = text_of(done)
    assert "17 möten" in text
    html = done.content.decode()
    for pk in Meeting.objects.filter(date__year=2027).values_list("pk", flat=True):
        assert reverse("admin:meetings_meeting_change", args=[pk]) in html
    # 2017's fourth Thursday of March is skärtorsdagen in 2027, and the rådslag (the fifth Thursday of March
    # 2017, which March 2027 lacks) falls on the same day as the committee.
    assert "2027-03-25 är skärtorsdagen, i praktiken en halv ledig dag" in text
    assert "krockar med Rådslaget samma dag" in text
    assert "krockar med Samarbetskommittén samma dag" in text


def test_drafted_meetings_keep_weekdays_and_hours_and_the_radslag_follows_its_rotation(secretary_client, seed):
    plan(secretary_client, 2027)
    committee = Meeting.objects.filter(body__slug="samarbetskommitten", date__year=2027, kind="ordinary")
    assert {m.date.weekday() for m in committee} == {3}
    assert {(m.start_time, m.end_time) for m in committee} == {(datetime.time(12), datetime.time(15))}
    conference = Meeting.objects.get(body__slug="ledningsgruppen", date__year=2027, kind="planning_conference")
    assert (conference.date, conference.end_date) == (D(2027, 4, 1), D(2027, 4, 2))  # Thursday–Friday
    radslag = Meeting.objects.get(body__slug="sodertorns-radslag", date__year=2027)
    # The rotation 2017–2024 continued: 2025 Nykvarn, 2026 Huddinge, 2027 Salem.
    assert [host.name for host in radslag.hosts.all()] == ["Salem"]


def test_without_a_rotation_the_committee_does_not_get_last_years_hosts_again(secretary_client, seed):
    plan(secretary_client, 2027)
    hosts_2017 = [
        [host.name for host in m.hosts.all()]
        for m in Meeting.objects.filter(body__slug="samarbetskommitten", date__year=2017).order_by("date")
    ]
    hosts_2027 = [
        [host.name for host in m.hosts.all()]
        for m in Meeting.objects.filter(body__slug="samarbetskommitten", date__year=2027).order_by("date")
    ]
    assert hosts_2027 != hosts_2017
    # Seven meetings, seven different hosts, each of them among those that had hosted the committee least.
    assert len({names[0] for names in hosts_2027}) == 7


def test_drafts_are_not_public_until_confirmed(secretary_client, seed):
    client = Client()  # an anonymous visitor: the `client` fixture is the secretary's
    plan(secretary_client, 2027)
    drafts = list(Meeting.objects.filter(date__year=2027))
    links = [f"/moten/mote/{meeting.pk}/" for meeting in drafts]
    assert client.get(links[0]).status_code == 404
    pages = [
        client.get("/moten/2027/"), client.get("/"), client.get("/organ/samarbetskommitten/"),
        client.get("/kommuner/salem/"), client.get("/sok/", {"q": "rådslag"}),
    ]
    for page in pages:
        assert not any(link in page.content.decode() for link in links), page.request["PATH_INFO"]
    feed = client.get("/moten/kalender.ics").content.decode()
    assert not any(f"meeting-{meeting.pk}@" in feed for meeting in drafts)
    assert json.loads(client.get("/moten/2027.json").content)["meetings"] == []
    # The kallelse and the papers of a draft: for the secretariat only.
    for name in ("documents:agenda", "documents:bundle"):
        assert client.get(reverse(name, args=[drafts[0].pk])).status_code == 404
    assert secretary_client.get(reverse("documents:agenda", args=[drafts[0].pk])).status_code == 200


def test_confirming_the_drafts_makes_them_public(secretary_client, seed):
    client = Client()
    plan(secretary_client, 2027)
    drafts = list(Meeting.objects.filter(date__year=2027).values_list("pk", flat=True))
    done = secretary_client.post(
        reverse("admin:meetings_meeting_changelist"),
        {"action": "confirm_meetings", ACTION_CHECKBOX_NAME: drafts}, follow=True,
    )
    assert "17 möten har bekräftats och är offentliga." in messages_of(done)
    assert per_body(2027, is_draft=False, status=Meeting.Status.CONFIRMED) == SEED_2017
    assert client.get(f"/moten/mote/{drafts[0]}/").status_code == 200
    assert len(json.loads(client.get("/moten/2027.json").content)["meetings"]) == 17


def test_planning_the_same_year_again_adds_nothing_and_says_which_days_were_taken(secretary_client, seed):
    plan(secretary_client, 2027)
    again = plan(secretary_client, 2027, [Body.objects.get(slug="sodertorns-radslag").pk])
    assert Meeting.objects.filter(date__year=2027).count() == 17
    assert "Södertörns rådslag har redan möte 2027-03-25: inget mer lades in de dagarna." in messages_of(again)


def test_a_year_with_some_meetings_already_gets_only_the_missing_ones(secretary_client, seed):
    committee = Body.objects.get(slug="samarbetskommitten")
    Meeting.objects.create(body=committee, date=D(2027, 2, 4))  # the first Thursday of February, entered by hand
    plan(secretary_client, 2027, [committee.pk])
    assert Meeting.objects.filter(body=committee, date__year=2027).count() == 7
    assert Meeting.objects.filter(body=committee, date=D(2027, 2, 4)).count() == 1


def test_planning_refuses_a_year_out_of_range_or_no_body_and_writes_nothing(secretary_client, seed):
    body = Body.objects.first().pk
    for data, error in [
        ({"year": "tjugo", "bodies": [body]}, "Fyll i ett heltal."),
        ({"year": "1800", "bodies": [body]}, "1990"),
        ({"year": "2027"}, "Välj minst ett organ."),
        ({"year": "2027", "bodies": [body], "pattern": "varannan"}, "varannan"),
    ]:
        page = secretary_client.post(reverse(PLAN), {"pattern": "nth_weekday", **data})
        assert page.status_code == 200
        errors = " ".join(unescape(re.sub(r"<[^>]+>", " ", e)) for e in re.findall(
            r'<ul class="errorlist".*?</ul>', page.content.decode(), re.S))
        assert error in errors
    assert not Meeting.objects.filter(is_draft=True).exists()


def test_an_official_may_not_plan(official_client):
    assert official_client.get(reverse(PLAN)).status_code == 403


def test_the_days_to_look_at_again_in_2027():
    assert maundy_thursday(2027) == D(2027, 3, 25)
    assert is_bridge_day(D(2027, 5, 7))  # the Friday after Kristi himmelsfärdsdag
    assert is_bridge_day(D(2026, 1, 5))  # the Monday before Trettondedag jul on a Tuesday
    assert not is_bridge_day(D(2027, 5, 6))  # the holiday itself
    assert not is_bridge_day(D(2027, 12, 23))  # before julafton, but after an ordinary Wednesday


@pytest.mark.parametrize("day, flag", [
    (D(2027, 5, 7), "2027-05-07 är en klämdag mellan en helgdag och en helg"),
    (D(2027, 3, 25), "2027-03-25 är skärtorsdagen, i praktiken en halv ledig dag"),
    (D(2027, 5, 6), "2027-05-06 är en helgdag (Kristi himmelsfärdsdag)"),
])
def test_the_meeting_list_marks_holidays_skartorsdagen_and_klamdagar(secretary_client, seed, day, flag):
    Meeting.objects.create(body=Body.objects.get(slug="sodertorns-radslag"), date=day)
    page = secretary_client.get(reverse("admin:meetings_meeting_changelist"), {"date__year": 2027})
    assert flag in text_of(page)


def test_drafting_directly_reports_the_same_flags_as_the_list(seed):
    plans = {plan.body.slug: plan for plan in draft_year(Body.objects.all(), 2027)}
    flags = {item.meeting.date: item.flags for item in plans["sodertorns-radslag"].drafted}
    assert flags == {D(2027, 3, 25): ["2027-03-25 är skärtorsdagen, i praktiken en halv ledig dag",
                                      "krockar med Samarbetskommittén samma dag"]}
