"""A sub-goal's progress year by year, rolled up to its goal, its focus area and the programme the way today's
progress is: the mean of the sub-goals' percentages; actions and reports without a percentage are left out."""

import datetime

import pytest
from django.utils import timezone

from apps.followup.models import FollowUp, ProgressReport
from apps.followup.services import focus_area_progress_over_time, progress_over_time, sub_goal_history
from apps.programme.models import SubGoal

from .follow_up_data import build

ONGOING, DONE = SubGoal.Status.ONGOING, SubGoal.Status.DONE


@pytest.fixture
def world(db):
    world = build()
    s = world["sub_goals"]
    for sub_goal, year, status, percentage in [
        (s["share"], 2019, ONGOING, 10), (s["share"], 2020, ONGOING, 30), (s["share"], 2021, DONE, 100),
        (s["yh"], 2019, ONGOING, 50), (s["yh"], 2020, ONGOING, None), (s["yh"], 2021, ONGOING, 70),
        (s["firms"], 2020, ONGOING, 20), (s["firms"], 2021, ONGOING, 40),
        (s["action"], 2020, DONE, 100), (s["action"], 2021, DONE, 100),
    ]:
        ProgressReport.objects.create(sub_goal=sub_goal, year=year, status=status, percentage=percentage)
    return world


def test_a_sub_goals_history_runs_from_its_first_year(world):
    history = sub_goal_history(world["sub_goals"]["share"])
    assert [(r.year, r.status, r.percentage) for r in history] == [
        (2019, ONGOING, 10), (2020, ONGOING, 30), (2021, DONE, 100)]


def test_the_programme_and_its_focus_areas_are_rolled_up_per_year(world):
    progress = progress_over_time(world["programme"])
    assert progress.years == [2019, 2020, 2021]
    # 2019: 10 and 50; 2020: 30 and 20 (YH has no percentage, the action is not counted); 2021: 100, 70, 40.
    assert progress.programme == {2019: 30, 2020: 25, 2021: 70}
    education, business = world["areas"]["education"], world["areas"]["business"]
    assert progress.focus_areas[education.pk] == {2019: 30, 2020: 30, 2021: 85}
    assert progress.focus_areas[business.pk] == {2019: None, 2020: 20, 2021: 40}
    assert progress.goals[world["goals"]["vocational"].pk] == {2019: 50, 2020: None, 2021: 70}
    assert progress.statuses[2021] == {DONE: 2, ONGOING: 2}
    assert focus_area_progress_over_time(business) == {2019: None, 2020: 20, 2021: 40}


def test_only_the_years_whose_follow_up_is_done_are_public(world):
    done = timezone.make_aware(datetime.datetime(2021, 3, 1))
    FollowUp.objects.create(programme=world["programme"], year=2019, done_at=done)
    FollowUp.objects.create(programme=world["programme"], year=2020)
    progress = progress_over_time(world["programme"], done_only=True)
    assert progress.programme == {2019: 30}
    assert [r.year for r in sub_goal_history(world["sub_goals"]["share"], done_only=True)] == [2019]


def test_the_roll_up_takes_two_queries_however_many_years(world, django_assert_num_queries):
    sub_goal = world["sub_goals"]["share"]
    ProgressReport.objects.bulk_create(
        ProgressReport(sub_goal=sub_goal, year=year, status=ONGOING, percentage=5) for year in range(1990, 2019))
    with django_assert_num_queries(2):
        progress = progress_over_time(world["programme"])
    assert len(progress.years) == 32
