import datetime

from apps.meetings.models import Meeting


def test_every_dated_2017_committee_meeting_is_a_thursday(seed):
    meetings = Meeting.objects.filter(
        body__slug="samarbetskommitten", kind=Meeting.Kind.ORDINARY, date__year=2017
    ).dated()
    assert meetings.count() == 6
    assert {meeting.date.weekday() for meeting in meetings} == {3}


def test_every_2017_management_group_meeting_is_a_friday_except_the_planning_conference(seed):
    meetings = Meeting.objects.filter(body__kind="management_group", date__year=2017)
    ordinary = meetings.filter(kind=Meeting.Kind.ORDINARY)
    assert ordinary.count() == 6
    assert {meeting.date.weekday() for meeting in ordinary} == {4}
    conference = meetings.get(kind=Meeting.Kind.PLANNING_CONFERENCE)
    assert (conference.date, conference.end_date) == (datetime.date(2017, 4, 6), datetime.date(2017, 4, 7))
    assert (conference.date.weekday(), conference.end_date.weekday()) == (3, 4)


def test_the_2018_committee_meetings_are_known_only_to_the_month(seed):
    month_only = Meeting.objects.filter(date__year=2018, date_precision=Meeting.Precision.MONTH).with_related()
    assert [(m.date.month, [h.name for h in m.hosts.all()]) for m in month_only] == [
        (1, ["Huddinge"]), (3, ["Haninge"]), (4, ["Nykvarn"])
    ]


def test_the_sodertorn_conference_is_hosted_by_two_municipalities(seed):
    conference = Meeting.objects.get(body__kind="conference", date=datetime.date(2017, 9, 7))
    assert sorted(host.name for host in conference.hosts.all()) == ["Nykvarn", "Södertälje"]


def test_the_committee_planning_conference_runs_over_two_days_in_nynashamn(seed):
    conference = Meeting.objects.get(kind=Meeting.Kind.PLANNING_CONFERENCE, body__slug="samarbetskommitten")
    assert (conference.date, conference.end_date) == (datetime.date(2017, 8, 16), datetime.date(2017, 8, 17))
    assert [host.name for host in conference.hosts.all()] == ["Nynäshamn"]
