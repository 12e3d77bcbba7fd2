"""The follow-up's two reports, each a page and a PDF made from one context: the programme's follow-up report of
a year, and Södertörns nyckeltal, the every-other-year presentation of the key figures.

Each context is read in a fixed number of queries, however many indicators, years and sub-goals there are
(tests/followup/test_reports_queries.py counts them on two sizes): the tree of the programme in three, the series
through services.indicator_series (a handful, once per way of adding Södertörn up), progress over the years through
services.progress_over_time (two), the year's reports, plan priorities and assignments in one each.

The PDFs are rendered through apps/documents (its base template, its cache keyed by the version of the data,
one render per version under a lock, the version before served while the next renders) and, after a change, in
the background (tasks.py).
"""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import OuterRef, Prefetch, Q
from django.utils.translation import gettext as _

from apps.core import charts
from apps.documents.pdf import cache_key, render_pdf
from apps.documents.versions import latest_change, stamps
from apps.keyfigures.models import ComparisonValue, Indicator, KeyFigure
from apps.minutes.models import Assignment, Minutes
from apps.municipalities.models import Municipality, Population
from apps.plans.models import Priority, YearlyPlan
from apps.programme.models import FocusArea, Goal, Programme, SubGoal

from . import services
from .models import FollowUp, IndicatorLink, PresentationText, ProgressReport

# How many years back a chart reaches from the report's year.
YEARS_SHOWN = 10
# Years a report can be asked for; anything else is no such page.
FIRST_YEAR, LAST_YEAR = 1990, 2100


def valid_year(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


@cache
def layout_version() -> str:
    """The reports' own templates and code, which apps/documents' layout digest does not cover."""
    base = Path(settings.BASE_DIR)
    paths = sorted([
        *(path for path in (base / "templates" / "followup").rglob("*") if path.is_file()),  # _print.css too
        *(base / "templates" / "includes").glob("chart*.html"),
        base / "apps" / "core" / "charts.py",
        base / "apps" / "core" / "templatetags" / "core.py",  # chart_image, the charts of the PDFs
        Path(__file__),
    ])
    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


# Charts -------------------------------------------------------------------------------------------------------


def _years_to(year: int, series: services.IndicatorSeries) -> list[int]:
    """The years a chart of the report of `year` shows: those with any value, the last YEARS_SHOWN up to `year`."""
    return [y for y in series.years if year - YEARS_SHOWN < y <= year]


def indicator_chart(ident: str, series: services.IndicatorSeries, year: int, *, link: IndicatorLink | None = None,
                    with_country: bool = True) -> charts.Chart:
    """An indicator over the years: a line per municipality, Södertörn as a whole, the county and (`with_country`)
    the country when imported, and the link's target."""
    years = _years_to(year, series)
    lines = [charts.Series(m.name, series.by_municipality.get(m.pk, {})) for m in series.municipalities]
    lines.append(charts.Series(_("Södertörn"), series.sodertorn, "total"))
    if any(y in series.county for y in years):
        lines.append(charts.Series(ComparisonValue.Area.COUNTY.label, series.county, "county"))
    if with_country and any(y in series.country for y in years):
        lines.append(charts.Series(ComparisonValue.Area.COUNTRY.label, series.country, "country"))
    target = None
    if link is not None and link.target_value is not None:
        target = charts.Target(link.target_value, link.target_year)
    return charts.line_chart(
        ident=ident, title=series.indicator.name, series=lines, years=years, unit=series.indicator.unit,
        target=target, row_heading=_("Area"),
    )


def _progress_chart(ident, title, lines, years) -> charts.Chart:
    return charts.line_chart(ident=ident, title=title, series=lines, years=years, unit="%", percent_axis=True,
                             decimals=0, row_heading=_("Area"))


# The follow-up report ------------------------------------------------------------------------------------------


def follow_ups_with_version():
    """Follow-ups with their programme and the version of everything the report reads, to key the cache by, in one
    query."""
    programme = OuterRef("programme_id")
    return FollowUp.objects.select_related("programme").annotate(
        changed_follow_up=latest_change(FollowUp, id=OuterRef("pk")),
        changed_follow_ups=latest_change(FollowUp, programme_id=programme),
        changed_programme=latest_change(Programme, id=programme),
        changed_focus_areas=latest_change(FocusArea, programme_id=programme),
        changed_goals=latest_change(Goal),
        changed_sub_goals=latest_change(SubGoal),
        changed_reports=latest_change(ProgressReport),
        changed_links=latest_change(IndicatorLink),
        changed_indicators=latest_change(Indicator),
        changed_key_figures=latest_change(KeyFigure),
        changed_comparisons=latest_change(ComparisonValue),
        changed_municipalities=latest_change(Municipality),
        changed_populations=latest_change(Population),
        changed_plans=latest_change(YearlyPlan, year=OuterRef("year")),
        changed_priorities=latest_change(Priority),
        changed_assignments=latest_change(Assignment),
        changed_minutes=latest_change(Minutes),
    )


def readable_follow_up(slug: str, year: int, *, may_preview: bool):
    """The follow-up of programme `slug` for `year` read with its version, or None: done ones for everyone, one
    still being filled in only for the secretariat (`may_preview`)."""
    if not valid_year(year):
        return None
    follow_ups = follow_ups_with_version().filter(programme__slug=slug, year=year)
    if not may_preview:
        follow_ups = follow_ups.filter(done_at__isnull=False)
    return follow_ups.first()


def done_follow_ups(programme) -> list[FollowUp]:
    """The programme's follow-ups that are done, newest first: the reports anyone may read."""
    return list(FollowUp.objects.filter(programme=programme, done_at__isnull=False).order_by("-year"))


@dataclass
class IndicatorView:
    link: IndicatorLink
    chart: charts.Chart
    latest_year: int | None


def _assignments_by_goal(programme, year) -> dict[int, list]:
    """The year's public decisions whose assignments serve a goal of the programme, by goal (one query)."""
    links = (
        Assignment.goals.through.objects
        .filter(assignment__in=Assignment.objects.public(), goal__focus_area__programme=programme,
                assignment__section__meeting__date__year=year)
        .select_related("assignment__section__meeting__body", "assignment__body", "assignment__municipality")
        .order_by("assignment__section__meeting__date", "assignment__section__number", "assignment_id")
    )
    found = defaultdict(list)
    for link in links:
        found[link.goal_id].append(link.assignment)
    return found


def _priorities(programme, year):
    """The year's plan's priorities for the programme's goals and sub-goals: (by goal, by sub-goal) (one query)."""
    by_goal, by_sub_goal = defaultdict(list), defaultdict(list)
    priorities = Priority.objects.filter(plan__year=year).filter(
        Q(goal__focus_area__programme=programme) | Q(sub_goal__goal__focus_area__programme=programme)
    ).order_by("order", "pk")
    for priority in priorities:
        (by_sub_goal[priority.sub_goal_id] if priority.sub_goal_id else by_goal[priority.goal_id]).append(priority)
    return by_goal, by_sub_goal


def _series_of_links(links, year) -> dict[int, services.IndicatorSeries]:
    """Each link's indicator series (by link pk), the YEARS_SHOWN years up to `year`, Södertörn added up the way
    the link says: services.indicator_series once per way (at most two)."""
    by_aggregation = defaultdict(list)
    for link in links:
        by_aggregation[link.aggregation].append(link)
    found = {}
    for aggregation, same in by_aggregation.items():
        indicators = list({link.indicator_id: link.indicator for link in same}.values())
        series = services.indicator_series(
            indicators, aggregations={i.pk: aggregation for i in indicators},
            first_year=year - YEARS_SHOWN + 1, last_year=year,
        )
        for link in same:
            found[link.pk] = series[link.indicator_id]
    return found


def report_context(follow_up: FollowUp) -> dict:
    """Everything the follow-up report of a year shows, page and PDF alike."""
    programme, year = follow_up.programme, follow_up.year
    sub_goals = SubGoal.objects.select_related("owner")
    goals = Goal.objects.select_related("owner").prefetch_related(Prefetch("sub_goals", queryset=sub_goals))
    areas = list(programme.focus_areas.prefetch_related(Prefetch("goals", queryset=goals)))
    reports = {
        report.sub_goal_id: report
        for report in ProgressReport.objects.filter(sub_goal__goal__focus_area__programme=programme, year=year)
    }
    links = services.links_of_programme(programme)
    series = _series_of_links(links, year)
    goal_links, sub_goal_links = defaultdict(list), defaultdict(list)
    for link in links:
        view = IndicatorView(
            # The follow-up's small chart: the eight, Södertörn and the county against the target. The country is
            # in Södertörns nyckeltal; a line and a table row less for each of thirty indicators.
            link=link, chart=indicator_chart(f"indikator-{link.pk}", series[link.pk], year, link=link,
                                             with_country=False),
            latest_year=series[link.pk].latest_year,
        )
        (sub_goal_links[link.sub_goal_id] if link.sub_goal_id else goal_links[link.goal_id]).append(view)
    priorities_by_goal, priorities_by_sub_goal = _priorities(programme, year)
    assignments = _assignments_by_goal(programme, year)
    progress = services.progress_over_time(programme, done_only=follow_up.is_done)
    years = [y for y in progress.years if y <= year]
    programme_line = charts.Series(programme.name, progress.programme, "total")

    for area in areas:
        area.goal_list = list(area.goals.all())
        # Each area over the years is a line of the summary's chart, not a chart of its own.
        area.progress = progress.focus_areas.get(area.pk, {}).get(year)
        for goal in area.goal_list:
            goal.progress = progress.goals.get(goal.pk, {}).get(year)
            goal.indicators = goal_links[goal.pk]
            goal.year_priorities = priorities_by_goal[goal.pk]
            goal.year_assignments = assignments[goal.pk]
            goal.sub_goal_list = list(goal.sub_goals.all())
            for sub_goal in goal.sub_goal_list:
                sub_goal.report = reports.get(sub_goal.pk)
                sub_goal.indicators = sub_goal_links[sub_goal.pk]
                sub_goal.year_priorities = priorities_by_sub_goal[sub_goal.pk]
    pillars = [area for area in areas if not area.is_cross_cutting]
    theme = next((area for area in areas if area.is_cross_cutting), None)
    ordered = pillars + ([theme] if theme else [])
    overview = charts.bar_chart(
        ident="framsteg-per-omrade", title=_("Progress per focus area %(year)s") % {"year": year},
        bars=[charts.Bar(area.name, area.progress) for area in ordered], unit="%", maximum=100, decimals=0,
        row_heading=_("Focus area"), value_heading=_("Progress"),
    )
    over_time = _progress_chart(
        "framsteg-over-tid", _("Progress of the programme and its focus areas over the years"),
        [programme_line, *(charts.Series(area.name, progress.focus_areas.get(area.pk, {})) for area in ordered)],
        years,
    ) if years else None
    statuses = progress.statuses.get(year, {})
    return {
        "follow_up": follow_up,
        "programme": programme,
        "year": year,
        "is_draft": not follow_up.is_done,
        "areas": ordered,
        "pillars": pillars,
        "theme": theme,
        "programme_progress": progress.programme.get(year),
        "overview_chart": overview,
        "over_time_chart": over_time,
        "status_counts": [(label, statuses.get(value, 0)) for value, label in SubGoal.Status.choices],
        "reported": progress.reported.get(year, 0),
        "sub_goal_count": sum(len(goal.sub_goal_list) for area in areas for goal in area.goal_list),
        "indicator_count": len(links),
        "plan": YearlyPlan.objects.filter(year=year).only("year", "title").first(),
        "other_years": done_follow_ups(programme),
    }


def report_document(follow_up: FollowUp):
    """The cache key and the renderer of the follow-up report of a follow-up read with `follow_ups_with_version`:
    the report as published, or the secretariat's draft before (two variants, never one for the other)."""
    variant = "public" if follow_up.is_done else "draft"
    key = cache_key("followup", follow_up.pk, (stamps(follow_up), follow_up.done_at, layout_version()), variant)
    return key, lambda: render_pdf("followup/report_pdf.html", report_context(follow_up))


def report_filename(follow_up: FollowUp) -> str:
    return f"uppfoljning-{follow_up.programme.slug}-{follow_up.year}.pdf"


# Södertörns nyckeltal ------------------------------------------------------------------------------------------


def presentation_years() -> list[int]:
    """The years of Södertörns nyckeltal, newest first: those the secretariat wrote texts for in the admin, and the
    newest year with key figures when it is later than all of them (the presentation being prepared) (two queries).
    A presentation of 2025 is made from values up to 2024 (Kolada's lag): 2024 is then no presentation of its own,
    which beside 2025 would contradict "every other year"."""
    years = set(PresentationText.objects.values_list("year", flat=True).distinct())
    newest = KeyFigure.objects.order_by("-year").values_list("year", flat=True).first()
    if newest is not None and (not years or newest > max(years)):
        years.add(newest)
    return sorted(years, reverse=True)


def has_presentation(year: int) -> bool:
    """Whether Södertörns nyckeltal of `year` exists (one of `presentation_years`)."""
    return valid_year(year) and year in presentation_years()


PRESENTATION_SOURCES = (
    ("indicators", Indicator), ("key_figures", KeyFigure), ("comparisons", ComparisonValue),
    ("texts", PresentationText), ("links", IndicatorLink), ("populations", Population), ("municipalities", Municipality),
)


def presentation_version(year: int):
    """The version of everything the presentation of `year` reads, in one query (a presentation has indicators,
    so their table carries the subqueries)."""
    row = Indicator.objects.order_by().annotate(
        **{f"changed_{name}": latest_change(model) for name, model in PRESENTATION_SOURCES}
    ).values(*[f"changed_{name}" for name, _model in PRESENTATION_SOURCES]).first() or {}
    return (year, tuple(sorted(row.items())), layout_version())


def presentation_context(year: int) -> dict:
    """Södertörns nyckeltal of `year`: per indicator with values up to `year`, a chart of each municipality over
    the last YEARS_SHOWN years against the county (and the country) and Södertörn as a whole, the same figures as
    a table, and the text the secretariat wrote for the year."""
    indicators = list(Indicator.objects.filter(
        Q(values__year__lte=year, values__year__gt=year - YEARS_SHOWN)
        | Q(presentation_texts__year=year)
    ).distinct().order_by("name"))
    series = services.indicator_series(indicators, first_year=year - YEARS_SHOWN + 1, last_year=year)
    texts = dict(PresentationText.objects.filter(year=year).values_list("indicator_id", "text"))
    items = []
    for indicator in indicators:
        one = series[indicator.pk]
        items.append({
            "indicator": indicator,
            "text": texts.get(indicator.pk, ""),
            "chart": indicator_chart(f"nyckeltal-{indicator.slug}", one, year),
            "latest_year": one.latest_year,
        })
    return {
        "year": year,
        "items": items,
        "has_sample": any(indicator.is_sample for indicator in indicators),
        "other_years": presentation_years(),
    }


def presentation_document(year: int):
    key = cache_key("nyckeltal", year, presentation_version(year))
    return key, lambda: render_pdf("followup/keyfigures_pdf.html", presentation_context(year))
