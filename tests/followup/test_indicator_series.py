"""An indicator's series: each municipality's values, Södertörn as a whole (summed or weighted by population),
the county and the country; a missing value leaves Södertörn's value of that year missing, never zero."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from apps.followup.models import IndicatorLink
from apps.followup.services import indicator_series, latest_values_for_goal, series_for_links
from apps.keyfigures.models import ComparisonValue, Indicator, KeyFigure
from apps.municipalities.models import Municipality, Population

from .follow_up_data import MUNICIPALITIES, build

SUM, WEIGHTED = IndicatorLink.Aggregation.SUM, IndicatorLink.Aggregation.WEIGHTED_MEAN


@pytest.fixture
def world(db):
    return build()


def test_a_count_is_summed_over_the_eight_municipalities(world):
    residents = world["indicators"]["residents"]
    series = indicator_series([residents], aggregations={residents.pk: SUM})[residents.pk]
    assert series.years == [2019, 2020, 2021]
    assert series.sodertorn == {year: Decimal(490_000) for year in (2019, 2020, 2021)}


def test_a_share_is_weighted_by_each_municipalitys_population(world):
    share = world["indicators"]["share"]
    series = indicator_series([share], aggregations={share.pk: WEIGHTED})[share.pk]
    total = sum(inhabitants for _name, _code, inhabitants in MUNICIPALITIES)
    weighted = sum(Decimal(40 + i) * inhabitants for i, (_n, _c, inhabitants) in enumerate(MUNICIPALITIES)) / total
    assert series.sodertorn[2019] == weighted.quantize(Decimal("0.01"))
    # 2020 has no population recorded: 2019's counts.
    assert series.sodertorn[2020] == (weighted + 1).quantize(Decimal("0.01"))
    assert series.sodertorn[2019] != sum(Decimal(40 + i) for i in range(8)) / 8  # not the plain mean


def test_a_year_s_own_population_is_used_when_recorded(world):
    share = world["indicators"]["share"]
    for place in Municipality.objects.exclude(name="Nykvarn"):
        Population.objects.create(municipality=place, year=2021, inhabitants=1)
    Population.objects.create(municipality=world["places"]["Nykvarn"], year=2021, inhabitants=1_000_000)
    series = indicator_series([share], aggregations={share.pk: WEIGHTED})[share.pk]
    nykvarn = KeyFigure.objects.get(indicator=share, municipality__name="Nykvarn", year=2021).value
    assert abs(series.sodertorn[2021] - nykvarn) < Decimal("0.05")


@pytest.mark.parametrize("aggregation", [SUM, WEIGHTED])
def test_a_missing_value_makes_that_years_aggregate_missing_not_zero(world, aggregation):
    share = world["indicators"]["share"]
    KeyFigure.objects.filter(indicator=share, municipality__name="Salem", year=2020).delete()
    series = indicator_series([share], aggregations={share.pk: aggregation})[share.pk]
    assert series.sodertorn[2020] is None
    assert series.value(world["places"]["Salem"], 2020) is None
    assert series.sodertorn[2019] is not None and series.sodertorn[2021] is not None
    assert [row["sodertorn"] for row in series.rows()][1] is None


def test_the_county_and_the_country_come_with_the_series(world):
    share = world["indicators"]["share"]
    ComparisonValue.objects.create(indicator=share, area="county", year=2018, value=Decimal("49.00"))
    series = indicator_series([share])[share.pk]
    assert series.years == [2018, 2019, 2020, 2021]
    assert series.county == {2018: Decimal("49.00"), 2019: Decimal(50), 2020: Decimal(50), 2021: Decimal(50)}
    assert series.country[2021] == Decimal(45)
    assert series.sodertorn[2018] is None
    assert series.latest_year == 2021


def test_without_aggregations_the_link_to_the_goal_decides(world):
    residents = world["indicators"]["residents"]
    link = IndicatorLink.objects.create(goal=world["goals"]["climate"], indicator=residents, aggregation=SUM)
    assert indicator_series([residents])[residents.pk].sodertorn[2019] == Decimal(490_000)
    assert series_for_links([link])[link.pk].aggregation == SUM


def test_a_goals_latest_values_come_with_its_sub_goals(world):
    share = world["indicators"]["share"]
    IndicatorLink.objects.create(goal=world["goals"]["higher"], indicator=share, target_value=Decimal(60),
                                 target_year=2035)
    IndicatorLink.objects.create(sub_goal=world["sub_goals"]["share"], indicator=world["indicators"]["residents"],
                                 aggregation=SUM)
    latest = latest_values_for_goal(world["goals"]["higher"])
    assert [(value.link.indicator.slug, value.year) for value in latest] == [("eftergymnasial", 2021),
                                                                           ("invanare", 2021)]
    assert latest[0].county == Decimal(50) and latest[0].country == Decimal(45)
    assert latest[1].sodertorn == Decimal(490_000)


def grow(indicators, years):
    places = list(Municipality.objects.all())
    made = Indicator.objects.bulk_create(Indicator(name=f"Nyckeltal {n}", slug=f"nt-{n}") for n in range(indicators))
    KeyFigure.objects.bulk_create(
        KeyFigure(indicator=i, municipality=m, year=2000 + y, value=y) for i in made for m in places
        for y in range(years)
    )
    ComparisonValue.objects.bulk_create(
        ComparisonValue(indicator=i, area=area, year=2000 + y, value=y) for i in made for area in ("county", "country")
        for y in range(years)
    )
    return made


@pytest.mark.parametrize(("indicators", "years"), [(1, 2), (30, 10)])
def test_the_series_take_the_same_queries_for_one_indicator_or_thirty_over_ten_years(world, indicators, years):
    made = grow(indicators, years)
    with CaptureQueriesContext(connection) as queries:
        series = indicator_series(made)
    assert len(series) == indicators
    assert all(one.sodertorn[2000 + years - 1] is not None for one in series.values())
    assert len(queries) == 5
