"""Planning next year: continuing a host rotation, drafting a body's meetings from this year's, and the days a
planner should look at again."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from apps.bodies.models import Body
from apps.meetings.models import Meeting
from apps.meetings.services import Pattern, draft_year, meeting_flags, same_day_in
from apps.rotations.models import RotationYear
from apps.rotations.services import RotationError, continue_rotation

from .data import RADSLAG_ORDER

D = datetime.date


@pytest.fixture
def radslag_2017_2024(portal):
    rotation = portal["rotation"]
    for offset, name in enumerate(RADSLAG_ORDER[1:], start=1):
        RotationYear.objects.create(rotation=rotation, year=2017 + offset, municipality=portal["municipalities"][name])
    return rotation


def hosts_by_year(rotation):
    return dict(rotation.years.values_list("year", "municipality__name"))


def test_a_rotation_continues_in_the_same_order_after_its_last_year(radslag_2017_2024):
    added = continue_rotation(radslag_2017_2024, 8)
    assert [row.year for row in added] == list(range(2025, 2033))
    hosts = hosts_by_year(radslag_2017_2024)
    assert [hosts[year] for year in range(2025, 2033)] == RADSLAG_ORDER
    assert hosts[2025] == "Nykvarn"


def test_a_rotation_without_years_cannot_be_continued(portal):
    portal["rotation"].years.all().delete()
    with pytest.raises(RotationError, match="inga år att fortsätta från"):
        continue_rotation(portal["rotation"], 3)


def test_secretary_continues_a_rotation_from_the_admin_after_saying_how_many_years(secretary_client,
                                                                                   radslag_2017_2024):
    url = reverse("admin:rotations_rotation_changelist")
    chosen = {"action": "continue_rotations", ACTION_CHECKBOX_NAME: [radslag_2017_2024.pk]}
    question = secretary_client.post(url, chosen)
    assert question.status_code == 200
    assert 'name="years"' in question.content.decode()
    assert not RotationYear.objects.filter(year=2025).exists()

    done = secretary_client.post(url, {**chosen, "apply": "1", "years": "3"}, follow=True)
    assert "2025 Nykvarn, 2026 Huddinge, 2027 Salem" in done.content.decode()
    assert hosts_by_year(radslag_2017_2024)[2027] == "Salem"


def next_year_date(day, pattern=Pattern.NTH_WEEKDAY):
    return same_day_in(day, day.year + 1, pattern)


def drafted_meetings(body, year):
    """Draft `year` for one body: its drafted meetings with their flags."""
    [plan] = draft_year([body], year)
    return plan.drafted


def test_the_same_day_next_year_keeps_the_weekday_of_the_month_or_the_week_number():
    assert next_year_date(D(2017, 2, 2)) == D(2018, 2, 1)  # first Thursday in February
    assert next_year_date(D(2017, 9, 7), Pattern.WEEK_NUMBER) == D(2018, 9, 6)  # Thursday of week 36
    assert next_year_date(D(2016, 12, 29)) == D(2017, 12, 28)  # December 2017 has no fifth Thursday
    assert next_year_date(D(2015, 12, 31), Pattern.WEEK_NUMBER) == D(2016, 12, 29)  # 2016 has no week 53
    assert same_day_in(D(2017, 3, 23), 2027) == D(2027, 3, 25)  # the fourth Thursday of March, ten years on


def test_next_years_meetings_are_drafted_with_the_same_days_and_hours_as_drafts(portal):
    committee = portal["bodies"]["committee"]
    old = list(Meeting.objects.filter(body=committee, date__year=2017).prefetch_related("hosts"))
    new = [item.meeting for item in drafted_meetings(committee, 2018)]
    assert [m.date for m in new] == [next_year_date(m.date) for m in old]
    assert all(m.date.weekday() == 3 for m in new)
    assert {(m.start_time, m.end_time) for m in new} == {(datetime.time(12), datetime.time(15))}
    assert {(m.status, m.is_draft) for m in new} == {(Meeting.Status.PLANNED, True)}


def test_without_a_rotation_the_hosts_are_those_that_hosted_least_and_longest_ago(portal):
    committee = portal["bodies"]["committee"]
    towns = list(portal["municipalities"].values())  # 2017: towns 0–5 hosted once each, in this order
    new = [item.meeting for item in drafted_meetings(committee, 2018)]
    assert [[host.name for host in m.hosts.all()] for m in new] == [
        [towns[6].name], [towns[7].name], [towns[0].name], [towns[1].name], [towns[2].name], [towns[3].name]]
    later = [item.meeting for item in drafted_meetings(committee, 2019)]
    assert [host.name for m in later for host in m.hosts.all()] == [
        towns[4].name, towns[5].name, towns[6].name, towns[7].name, towns[0].name, towns[1].name]


def test_drafted_meetings_follow_the_bodys_rotation(portal, radslag_2017_2024):
    council = portal["bodies"]["council"]
    Meeting.objects.create(body=council, date=D(2024, 10, 10), kind=Meeting.Kind.COUNCIL)
    [drafted] = drafted_meetings(council, 2025)
    assert [host.name for host in drafted.meeting.hosts.all()] == ["Nykvarn"]


def test_drafting_a_year_again_skips_the_days_the_body_already_meets_on(portal):
    committee = portal["bodies"]["committee"]
    draft_year([committee], 2018)
    [again] = draft_year([committee], 2018)
    assert again.drafted == []
    assert len(again.skipped) == 6
    assert Meeting.objects.filter(body=committee, date__year=2018).count() == 6


def test_holidays_other_weekdays_and_two_meetings_on_one_day_are_flagged(portal):
    management = portal["bodies"]["management"]  # meets on Fridays
    Meeting.objects.filter(body=management).delete()
    Meeting.objects.create(body=management, date=D(2016, 6, 24))  # 4th Friday → midsommarafton 2017, 23 June
    Meeting.objects.create(body=management, date=D(2016, 9, 14))  # a Wednesday
    Meeting.objects.create(body=management, date=D(2016, 7, 22))  # 4th Friday
    Meeting.objects.create(body=management, date=D(2016, 7, 29))  # 5th Friday: July 2017 has four
    Meeting.objects.create(body=management, date=D(2016, 4, 7), end_date=D(2016, 4, 8),
                           kind=Meeting.Kind.PLANNING_CONFERENCE)  # Thursday–Friday
    flags = {item.meeting.date: item.flags for item in drafted_meetings(management, 2017)}
    assert flags[D(2017, 6, 23)] == ["2017-06-23 är en helgdag (Midsommarafton)"]
    assert flags[D(2017, 9, 13)] == ["inte en fredag, organets vanliga mötesdag"]
    assert flags[D(2017, 7, 28)] == ["organet har ett annat möte samma dag"]
    assert flags[D(2017, 4, 6)] == []


def test_swedish_sundays_are_not_holidays_to_flag(portal):
    council = portal["bodies"]["council"]
    sunday = Meeting(body=council, date=D(2017, 10, 15))
    assert meeting_flags(sunday) == []


def test_secretary_drafts_next_years_meetings_from_the_bodies_list(secretary_client, portal):
    url = reverse("admin:bodies_body_changelist")
    committee = portal["bodies"]["committee"]
    chosen = {"action": "plan_a_year", ACTION_CHECKBOX_NAME: [committee.pk]}
    question = secretary_client.post(url, chosen)
    assert 'name="pattern"' in question.content.decode()
    done = secretary_client.post(url, {**chosen, "apply": "1", "year": "2018", "pattern": "nth_weekday"},
                                 follow=True)
    assert "6 möten för Södertörnskommunernas samarbetskommitté har lagts in för 2018" in done.content.decode()
    assert Meeting.objects.filter(body=committee, date__year=2018, status=Meeting.Status.PLANNED).count() == 6
    assert done.request["PATH_INFO"] == reverse("admin:meetings_meeting_changelist")


def test_the_meetings_list_shows_what_to_check(secretary_client, portal):
    committee = portal["bodies"]["committee"]
    Meeting.objects.create(body=committee, date=D(2018, 5, 10))  # Kristi himmelsfärdsdag, a Thursday
    page = secretary_client.get(reverse("admin:meetings_meeting_changelist"), {"date__year": 2018})
    assert "2018-05-10 är en helgdag (Kristi himmelsfärdsdag)" in page.content.decode()


def test_a_body_without_a_usual_weekday_has_no_weekday_flag(portal):
    body = Body.objects.create(name="Klimatstrateger", short_name="Klimat", slug="klimat", kind=Body.Kind.NETWORK)
    assert meeting_flags(Meeting(body=body, date=D(2017, 9, 13))) == []
