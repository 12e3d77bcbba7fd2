"""What the follow-up reads and writes: the indicators' series (per municipality, Södertörn as a whole, the county
and the country), the sub-goals' progress over the years rolled up to goals, focus areas and the programme, and
the yearly follow-up the secretariat fills in.

Every reading function takes many rows at once and runs a fixed number of queries, however many indicators,
years or sub-goals there are: the reports and the admin call them once per page.
"""

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.utils import timezone

from apps.keyfigures.models import ComparisonValue, Indicator, KeyFigure
from apps.municipalities.models import Municipality, Population
from apps.programme.models import FocusArea, SubGoal

from .models import FollowUp, IndicatorLink, ProgressReport

CENT = Decimal("0.01")


# --- Indicators ------------------------------------------------------------------------------------------------


@dataclass
class IndicatorSeries:
    """One indicator's values over the years. A value that is missing is absent (or None), never zero."""

    indicator: Indicator
    aggregation: str
    municipalities: list[Municipality]
    years: list[int]
    by_municipality: dict[int, dict[int, Decimal]]  # municipality pk → year → value
    sodertorn: dict[int, Decimal | None]  # year → Södertörn as a whole (None: a municipality's value is missing)
    county: dict[int, Decimal]
    country: dict[int, Decimal]

    def value(self, municipality, year: int) -> Decimal | None:
        pk = getattr(municipality, "pk", municipality)
        return self.by_municipality.get(pk, {}).get(year)

    def rows(self) -> list[dict]:
        """One row per year, oldest first, for a table: the municipalities' values in `municipalities`' order."""
        return [
            {
                "year": year,
                "municipalities": [self.value(m, year) for m in self.municipalities],
                "sodertorn": self.sodertorn.get(year),
                "county": self.county.get(year),
                "country": self.country.get(year),
            }
            for year in self.years
        ]

    @property
    def latest_year(self) -> int | None:
        """The newest year with any value of a municipality, or None."""
        years = [year for year in self.years if any(year in values for values in self.by_municipality.values())]
        return years[-1] if years else None


def _default_aggregations(indicator_ids) -> dict[int, str]:
    """Each indicator's way to Södertörn as a whole, from its first link to a goal (in the links' order)."""
    found = {}
    for indicator_id, aggregation in (
        IndicatorLink.objects.filter(indicator_id__in=indicator_ids)
        .order_by("order", "pk").values_list("indicator_id", "aggregation")
    ):
        found.setdefault(indicator_id, aggregation)
    return found


class _Populations:
    """The municipalities' inhabitants, for weighting: a year's own figure, or else the nearest earlier one, or
    else the nearest later one (a key figure of a year whose population is not recorded yet still counts)."""

    def __init__(self):
        self.years: dict[int, list[int]] = defaultdict(list)
        self.inhabitants: dict[tuple[int, int], int] = {}
        for municipality_id, year, inhabitants in Population.objects.order_by("year").values_list(
            "municipality_id", "year", "inhabitants"
        ):
            self.years[municipality_id].append(year)
            self.inhabitants[(municipality_id, year)] = inhabitants

    def of(self, municipality_id: int, year: int) -> int | None:
        years = self.years.get(municipality_id)
        if not years:
            return None
        i = bisect.bisect_right(years, year)
        nearest = years[i - 1] if i > 0 else years[0]
        return self.inhabitants[(municipality_id, nearest)]


def _aggregate(values: dict[int, Decimal], municipalities, year: int, aggregation: str, populations) -> Decimal | None:
    """Södertörn as a whole for one year: None as soon as one municipality's value is missing."""
    if not municipalities or any(m.pk not in values for m in municipalities):
        return None
    if aggregation == IndicatorLink.Aggregation.SUM:
        return sum((values[m.pk] for m in municipalities), Decimal(0)).quantize(CENT, ROUND_HALF_UP)
    weights = {m.pk: populations.of(m.pk, year) for m in municipalities}
    if any(not weight for weight in weights.values()):
        return None
    total = sum(weights.values())
    weighted = sum(values[pk] * weight for pk, weight in weights.items())
    return (weighted / total).quantize(CENT, ROUND_HALF_UP)


def indicator_series(
    indicators, *, aggregations: dict[int, str] | None = None, first_year: int | None = None,
    last_year: int | None = None,
) -> dict[int, IndicatorSeries]:
    """The series of each indicator (by its pk), in at most five queries whatever their number.

    Södertörn as a whole is summed or weighted by population as `aggregations` (indicator pk → an
    IndicatorLink.Aggregation) says, else as the indicator's first link to a goal says, else weighted by
    population. Years run over those with any value (a municipality's, the county's or the country's) between
    `first_year` and `last_year`.
    """
    indicators = list(indicators)
    if not indicators:
        return {}
    ids = [indicator.pk for indicator in indicators]
    chosen = {**_default_aggregations(ids), **(aggregations or {})}
    municipalities = list(Municipality.objects.order_by("name"))
    years_filter = {}
    if first_year is not None:
        years_filter["year__gte"] = first_year
    if last_year is not None:
        years_filter["year__lte"] = last_year

    values: dict[int, dict[int, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    years: dict[int, set[int]] = defaultdict(set)
    for indicator_id, municipality_id, year, value in KeyFigure.objects.filter(
        indicator_id__in=ids, **years_filter
    ).order_by().values_list("indicator_id", "municipality_id", "year", "value"):
        values[indicator_id][municipality_id][year] = value
        years[indicator_id].add(year)
    comparisons: dict[int, dict[str, dict[int, Decimal]]] = defaultdict(lambda: defaultdict(dict))
    for indicator_id, area, year, value in ComparisonValue.objects.filter(
        indicator_id__in=ids, **years_filter
    ).order_by().values_list("indicator_id", "area", "year", "value"):
        comparisons[indicator_id][area][year] = value
        years[indicator_id].add(year)

    weighted = any(
        chosen.get(pk, IndicatorLink.Aggregation.WEIGHTED_MEAN) != IndicatorLink.Aggregation.SUM for pk in ids
    )
    populations = _Populations() if weighted else None
    result = {}
    for indicator in indicators:
        aggregation = chosen.get(indicator.pk, IndicatorLink.Aggregation.WEIGHTED_MEAN)
        by_municipality = {pk: dict(per_year) for pk, per_year in values[indicator.pk].items()}
        indicator_years = sorted(years[indicator.pk])
        sodertorn = {}
        for year in indicator_years:
            in_year = {pk: per_year[year] for pk, per_year in by_municipality.items() if year in per_year}
            sodertorn[year] = _aggregate(in_year, municipalities, year, aggregation, populations)
        result[indicator.pk] = IndicatorSeries(
            indicator=indicator,
            aggregation=aggregation,
            municipalities=municipalities,
            years=indicator_years,
            by_municipality=by_municipality,
            sodertorn=sodertorn,
            county=dict(comparisons[indicator.pk][ComparisonValue.Area.COUNTY]),
            country=dict(comparisons[indicator.pk][ComparisonValue.Area.COUNTRY]),
        )
    return result


def series_for_links(links) -> dict[int, IndicatorSeries]:
    """The series of each link's indicator (by link pk), aggregated as that link says; a fixed number of queries
    (the links must come with select_related("indicator"))."""
    links = list(links)
    by_aggregation = defaultdict(list)
    for link in links:
        by_aggregation[link.aggregation].append(link)
    series = {}
    for aggregation, same in by_aggregation.items():
        indicators = {link.indicator_id: link.indicator for link in same}.values()
        found = indicator_series(indicators, aggregations={pk: aggregation for pk in (i.pk for i in indicators)})
        for link in same:
            series[link.pk] = found[link.indicator_id]
    return series


@dataclass
class LatestValue:
    """A linked indicator's newest values, beside its baseline and target."""

    link: IndicatorLink
    series: IndicatorSeries
    year: int | None  # the newest year with a municipality's value
    sodertorn: Decimal | None
    county: Decimal | None
    country: Decimal | None
    municipalities: list[tuple[Municipality, Decimal | None]]


def latest_values(links) -> dict[int, LatestValue]:
    """The newest values of each link's indicator (by link pk); links with select_related("indicator")."""
    links = list(links)
    series = series_for_links(links)
    latest = {}
    for link in links:
        one = series[link.pk]
        year = one.latest_year
        latest[link.pk] = LatestValue(
            link=link,
            series=one,
            year=year,
            sodertorn=one.sodertorn.get(year) if year else None,
            county=one.county.get(year) if year else None,
            country=one.country.get(year) if year else None,
            municipalities=[(m, one.value(m, year) if year else None) for m in one.municipalities],
        )
    return latest


def links_of_programme(programme) -> list[IndicatorLink]:
    """Every indicator link of a programme's goals and sub-goals, with their indicators, in one query."""
    pk = getattr(programme, "pk", programme)
    return list(
        IndicatorLink.objects.select_related("indicator", "goal", "sub_goal")
        .filter(Q(goal__focus_area__programme_id=pk) | Q(sub_goal__goal__focus_area__programme_id=pk))
        .order_by("order", "pk")
    )


def latest_values_for_goal(goal) -> list[LatestValue]:
    """The newest values of the indicators that follow a goal or one of its sub-goals, the goal's own first."""
    links = list(
        IndicatorLink.objects.select_related("indicator", "sub_goal")
        .filter(Q(goal=goal) | Q(sub_goal__goal=goal))
        .order_by("sub_goal__order", "order", "pk")
    )
    links.sort(key=lambda link: link.sub_goal_id is not None)
    found = latest_values(links)
    return [found[link.pk] for link in links]


# --- Progress over time -----------------------------------------------------------------------------------------


def _average(values):
    """As the programme page rolls up today's progress: the rounded mean, or None when there is nothing."""
    values = list(values)
    return round(sum(values) / len(values)) if values else None


def progress_histories(sub_goals, *, done_only: bool = False) -> dict[int, list[ProgressReport]]:
    """Each sub-goal's reports (by sub-goal pk), oldest year first, in one query. With `done_only`, only the
    years whose follow-up of the programme is done (what the public may see)."""
    ids = [getattr(sub_goal, "pk", sub_goal) for sub_goal in sub_goals]
    reports = ProgressReport.objects.filter(sub_goal_id__in=ids).select_related("reported_by").order_by("year")
    if done_only:
        reports = reports.filter(_in_done_follow_up())
    histories = {pk: [] for pk in ids}
    for report in reports:
        histories[report.sub_goal_id].append(report)
    return histories


def sub_goal_history(sub_goal, *, done_only: bool = False) -> list[ProgressReport]:
    """A sub-goal's reports, oldest year first."""
    return progress_histories([sub_goal], done_only=done_only)[sub_goal.pk]


def _in_done_follow_up():
    return Exists(FollowUp.objects.filter(
        programme=OuterRef("sub_goal__goal__focus_area__programme"), year=OuterRef("year"), done_at__isnull=False,
    ))


@dataclass
class ProgressOverTime:
    """A programme's progress per year, rolled up from its sub-goals' reports the way today's progress is: the
    mean of the sub-goals' (delmål) percentages; actions (2013's insatser) and reports without a percentage count
    only in the statuses. A year without a percentage is None."""

    years: list[int] = field(default_factory=list)
    programme: dict[int, int | None] = field(default_factory=dict)
    focus_areas: dict[int, dict[int, int | None]] = field(default_factory=dict)  # area pk → year → progress
    goals: dict[int, dict[int, int | None]] = field(default_factory=dict)  # goal pk → year → progress
    statuses: dict[int, Counter] = field(default_factory=dict)  # year → SubGoal.Status → number of sub-goals
    reported: dict[int, int] = field(default_factory=dict)  # year → number of sub-goals reported


def progress_over_time(programme, *, done_only: bool = False) -> ProgressOverTime:
    """The programme's, its focus areas' and its goals' progress per year, in two queries."""
    reports = ProgressReport.objects.filter(sub_goal__goal__focus_area__programme=programme)
    if done_only:
        reports = reports.filter(_in_done_follow_up())
    rows = list(reports.order_by().values_list(
        "year", "percentage", "status", "sub_goal__kind", "sub_goal__goal_id", "sub_goal__goal__focus_area_id",
    ))
    years = sorted({row[0] for row in rows})
    area_ids = list(FocusArea.objects.filter(programme=programme).values_list("pk", flat=True))
    by_goal, by_area, by_programme = defaultdict(list), defaultdict(list), defaultdict(list)
    goal_ids = set()
    result = ProgressOverTime(years=years)
    for year in years:
        result.statuses[year] = Counter()
        result.reported[year] = 0
    for year, percentage, status, kind, goal_id, area_id in rows:
        goal_ids.add(goal_id)
        result.statuses[year][status] += 1
        result.reported[year] += 1
        if kind == SubGoal.Kind.SUB_GOAL and percentage is not None:
            by_goal[(goal_id, year)].append(percentage)
            by_area[(area_id, year)].append(percentage)
            by_programme[year].append(percentage)
    result.programme = {year: _average(by_programme[year]) for year in years}
    result.focus_areas = {pk: {year: _average(by_area[(pk, year)]) for year in years} for pk in area_ids}
    result.goals = {pk: {year: _average(by_goal[(pk, year)]) for year in years} for pk in goal_ids}
    return result


def focus_area_progress_over_time(focus_area, *, done_only: bool = False) -> dict[int, int | None]:
    """A focus area's progress per year (year → progress or None)."""
    return progress_over_time(focus_area.programme_id, done_only=done_only).focus_areas.get(focus_area.pk, {})


# --- The yearly follow-up ---------------------------------------------------------------------------------------


@dataclass
class FollowUpRow:
    """One sub-goal on the follow-up page: this year's report (if any), last year's beside it, and the newest
    values of the indicators that follow it or its goal."""

    sub_goal: SubGoal
    report: ProgressReport | None
    last_year: ProgressReport | None
    indicators: list[LatestValue]
    starts_goal: bool = False


def follow_up_rows(follow_up: FollowUp) -> list[FollowUpRow]:
    """Every sub-goal of the follow-up's programme, in the programme's order, in a fixed number of queries."""
    sub_goals = list(
        SubGoal.objects.filter(goal__focus_area__programme_id=follow_up.programme_id)
        .select_related("goal__focus_area")
        .order_by("goal__focus_area__is_cross_cutting", "goal__focus_area__order", "goal__order", "goal_id",
                  "order", "pk")
    )
    reports = {
        (report.sub_goal_id, report.year): report
        for report in ProgressReport.objects.filter(
            sub_goal__in=sub_goals, year__in=[follow_up.year, follow_up.year - 1]
        ).select_related("reported_by")
    }
    links = links_of_programme(follow_up.programme_id)
    latest = latest_values(links)
    by_goal, by_sub_goal = defaultdict(list), defaultdict(list)
    for link in links:
        (by_sub_goal[link.sub_goal_id] if link.sub_goal_id else by_goal[link.goal_id]).append(latest[link.pk])
    rows = []
    previous_goal = None
    for sub_goal in sub_goals:
        starts_goal = sub_goal.goal_id != previous_goal
        previous_goal = sub_goal.goal_id
        rows.append(FollowUpRow(
            sub_goal=sub_goal,
            report=reports.get((sub_goal.pk, follow_up.year)),
            last_year=reports.get((sub_goal.pk, follow_up.year - 1)),
            indicators=(by_goal[sub_goal.goal_id] if starts_goal else []) + by_sub_goal[sub_goal.pk],
            starts_goal=starts_goal,
        ))
    return rows


@dataclass
class Entry:
    status: str
    percentage: int | None
    comment: str


def save_follow_up(follow_up: FollowUp, entries: dict[int, Entry], *, user=None, done: bool | None = None) -> int:
    """Store the year's report of each sub-goal in `entries` (sub-goal pk → Entry), all or nothing, and mark the
    follow-up done (or not) when `done` is given. A report that does not change is not written again.

    Once done, a follow-up of the newest year done for the programme also sets each sub-goal's status and
    progress, which the programme's pages show as today's. Returns the number of reports written."""
    written = 0
    with transaction.atomic():
        follow_up = FollowUp.objects.select_for_update().get(pk=follow_up.pk)
        sub_goals = {s.pk: s for s in SubGoal.objects.filter(
            pk__in=entries, goal__focus_area__programme_id=follow_up.programme_id)}
        existing = {r.sub_goal_id: r for r in ProgressReport.objects.filter(
            sub_goal_id__in=sub_goals, year=follow_up.year)}
        now = timezone.now()
        for pk, entry in entries.items():
            if pk not in sub_goals:
                continue
            report = existing.get(pk)
            if report is not None and (report.status, report.percentage, report.comment) == (
                entry.status, entry.percentage, entry.comment
            ):
                continue
            report = report or ProgressReport(sub_goal_id=pk, year=follow_up.year)
            report.status, report.percentage, report.comment = entry.status, entry.percentage, entry.comment
            report.reported_by, report.reported_at = user, now
            report._history_user = user
            report.full_clean()
            report.save()
            written += 1
        if done is not None and done != follow_up.is_done:
            follow_up.done_at, follow_up.done_by = (now, user) if done else (None, None)
            follow_up._history_user = user
            follow_up.save()
        if follow_up.is_done and _is_newest_done(follow_up):
            _set_todays_progress(follow_up, user)
    return written


def _is_newest_done(follow_up: FollowUp) -> bool:
    newest = FollowUp.objects.filter(programme_id=follow_up.programme_id, done_at__isnull=False).aggregate(
        newest=Max("year"))["newest"]
    return newest == follow_up.year


def _set_todays_progress(follow_up: FollowUp, user) -> None:
    """The sub-goals' status and progress (today's, on the programme's pages) become the follow-up's."""
    reports = ProgressReport.objects.filter(
        sub_goal__goal__focus_area__programme_id=follow_up.programme_id, year=follow_up.year
    ).select_related("sub_goal")
    for report in reports:
        sub_goal = report.sub_goal
        progress = report.percentage if report.percentage is not None else sub_goal.progress
        if (sub_goal.status, sub_goal.progress) == (report.status, progress):
            continue
        sub_goal.status, sub_goal.progress = report.status, progress
        sub_goal._history_user = user
        sub_goal.save()
