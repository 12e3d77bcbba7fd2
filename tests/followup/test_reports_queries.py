"""The follow-up's pages and PDFs read a fixed number of queries, however many indicators, years, goals and
sub-goals there are: counted on a small follow-up, then again after it has grown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from apps.followup.models import FollowUp, ProgressReport
from apps.programme.models import FocusArea, Goal, SubGoal

from .test_reports import YEAR, add_indicators, build, report_url

PAGES = [report_url(), report_url() + "pdf/", f"/uppfoljning/nyckeltal/{YEAR}/", f"/uppfoljning/nyckeltal/{YEAR}/pdf/"]


def queries(client, url):
    from django.core.cache import cache

    cache.clear()  # the PDFs render every time
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(programme):
    """Five more indicators with ten years of values, a goal with three more sub-goals in the other focus area,
    and reports for them over five years."""
    area = FocusArea.objects.get(programme=programme, slug="infrastruktur")
    goal = Goal.objects.create(focus_area=area, title="Utnyttja den nya infrastrukturen")
    sub_goals = [SubGoal.objects.create(goal=goal, text=f"Delmål {n}", order=n) for n in range(3)]
    add_indicators(goal, sub_goals[0], range(10, 15), 10)
    for year in range(YEAR - 4, YEAR + 1):
        FollowUp.objects.get_or_create(programme=programme, year=year, defaults={"done_at": timezone.now()})
        for sub_goal in sub_goals:
            ProgressReport.objects.create(sub_goal=sub_goal, year=year, status=SubGoal.Status.ONGOING, percentage=50)


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_queries_stay_the_same_as_indicators_years_and_sub_goals_grow(client, django_assert_num_queries, url):
    programme = build(indicators=2, years=3)
    small = queries(client, url)
    grow(programme)
    from django.core.cache import cache

    cache.clear()
    with django_assert_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200
    # It did grow: the newest indicator is in what was read.
    content = response.content if not response.streaming else b"".join(response.streaming_content)
    if url.endswith("pdf/"):
        from .test_reports import pdf_text

        assert "Andel med eftergymnasial utbildning 14" in pdf_text(response)
    else:
        assert "Andel med eftergymnasial utbildning 14" in content.decode()
