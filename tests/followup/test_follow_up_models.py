"""The follow-up's rules, in the database and in the messages a person sees."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.followup.models import FollowUp, IndicatorLink, PresentationText, ProgressReport
from apps.programme.models import SubGoal

from .follow_up_data import build


@pytest.fixture
def world(db):
    return build()


def test_an_indicator_follows_a_goal_or_a_sub_goal_not_both_and_not_neither(world):
    share, goal, sub_goal = world["indicators"]["share"], world["goals"]["higher"], world["sub_goals"]["share"]
    with pytest.raises(ValidationError, match="antingen ett mål eller ett delmål"):
        IndicatorLink(indicator=share, goal=goal, sub_goal=sub_goal).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorLink.objects.create(indicator=share)
    assert not IndicatorLink.objects.exists()


def test_a_goal_is_followed_by_an_indicator_once(world):
    share, goal = world["indicators"]["share"], world["goals"]["higher"]
    IndicatorLink.objects.create(indicator=share, goal=goal)
    with pytest.raises(ValidationError, match="Målet följs redan av det här nyckeltalet"):
        IndicatorLink(indicator=share, goal=goal).full_clean()
    IndicatorLink(indicator=share, sub_goal=world["sub_goals"]["share"]).full_clean()


def test_a_target_needs_its_year_and_comes_after_the_baseline(world):
    share, goal = world["indicators"]["share"], world["goals"]["higher"]
    with pytest.raises(ValidationError, match="Ange året då målet ska vara nått"):
        IndicatorLink(indicator=share, goal=goal, target_value=Decimal(50)).full_clean()
    with pytest.raises(ValidationError, match="Målåret kan inte ligga före basåret"):
        IndicatorLink(indicator=share, goal=goal, baseline_year=2020, baseline_value=Decimal(40),
                      target_year=2019, target_value=Decimal(50)).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorLink.objects.create(indicator=share, goal=goal, baseline_value=Decimal(40))


def test_a_sub_goal_has_one_report_a_year_and_its_history_is_kept(world):
    sub_goal = world["sub_goals"]["share"]
    report = ProgressReport.objects.create(sub_goal=sub_goal, year=2020, status=SubGoal.Status.ONGOING, percentage=20)
    with pytest.raises(ValidationError, match="Delmålet har redan en rapport för det här året"):
        ProgressReport(sub_goal=sub_goal, year=2020, status=SubGoal.Status.DONE).full_clean()
    report.percentage = 30
    report.save()
    assert [r.percentage for r in report.history.order_by("history_date")] == [20, 30]


def test_a_percentage_is_at_most_100_and_may_be_left_out(world):
    sub_goal = world["sub_goals"]["share"]
    with pytest.raises(ValidationError):
        ProgressReport(sub_goal=sub_goal, year=2020, status=SubGoal.Status.ONGOING, percentage=101).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgressReport.objects.create(sub_goal=sub_goal, year=2020, status=SubGoal.Status.ONGOING, percentage=101)
    ProgressReport(sub_goal=sub_goal, year=2020, status=SubGoal.Status.ONGOING, percentage=None).full_clean()


def test_a_programme_has_one_follow_up_a_year(world):
    FollowUp.objects.create(programme=world["programme"], year=2020)
    with pytest.raises(ValidationError, match="Programmet har redan en uppföljning för det här året"):
        FollowUp(programme=world["programme"], year=2020).full_clean()


def test_an_indicator_has_one_presentation_text_a_year(world):
    share = world["indicators"]["share"]
    PresentationText.objects.create(indicator=share, year=2021, text="Andelen ökar.")
    with pytest.raises(ValidationError, match="Nyckeltalet har redan en text för årets presentation"):
        PresentationText(indicator=share, year=2021, text="Igen.").full_clean()
