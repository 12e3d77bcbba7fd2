from django.db.models import DecimalField, OuterRef, Prefetch, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from apps.budgets.models import BudgetLine, FeeShare
from apps.meetings.models import Meeting
from apps.programme.models import Adoption
from apps.rotations.models import Rotation, RotationYear

from .models import Municipality, Population

# The page shows the nearest meetings each way; the calendar, filtered by the municipality, has them all.
MEETINGS_SHOWN = 12


def index(request):
    municipalities = list(
        Municipality.objects.prefetch_related(Prefetch("populations", queryset=Population.objects.order_by("-year")))
    )
    for municipality in municipalities:
        populations = list(municipality.populations.all())
        municipality.latest_population = populations[0] if populations else None
    latest_year = max((m.latest_population.year for m in municipalities if m.latest_population), default=None)
    total = sum(
        m.latest_population.inhabitants for m in municipalities
        if m.latest_population and m.latest_population.year == latest_year
    )
    context = {"municipalities": municipalities, "latest_year": latest_year, "total_population": total}
    return render(request, "municipalities/index.html", context)


def _hosting_years(municipality, rotations, this_year):
    """The years a municipality hosts each rotation: the listed ones, and those that follow by the order,
    one full round past the last listed year."""
    rows = []
    for rotation in rotations:
        years = list(rotation.years.all())
        if not years:
            continue
        listed = {row.year: row for row in years}
        first, last = min(listed), max(listed)
        horizon = max(last, this_year) + len(rotation.cycle(years))
        for year in range(first, horizon + 1):
            row = listed.get(year)
            host = row.municipality if row else rotation.host_for(year, years)
            if host is not None and host.pk == municipality.pk:
                rows.append({"rotation": rotation, "year": year, "by_order": row is None, "past": year < this_year})
    rows.sort(key=lambda r: (r["year"], r["rotation"].name))
    return rows


def detail(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug)
    today = timezone.localdate()
    hosted = Meeting.objects.filter(hosts=municipality).with_related()
    not_over = Q(end_date__gte=today) | Q(end_date__isnull=True, date__gte=today)
    # Cancelled meetings stay in their place, marked, so that nobody wonders where they went.
    upcoming = list(hosted.filter(not_over).order_by("date", "start_time")[: MEETINGS_SHOWN + 1])
    past = list(hosted.exclude(not_over).order_by("-date", "-start_time")[: MEETINGS_SHOWN + 1])
    fee_income = (
        BudgetLine.objects.filter(budget=OuterRef("budget"), is_fee=True)
        .values("budget")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    shares = list(
        FeeShare.objects.filter(municipality=municipality)
        .select_related("budget")
        .annotate(fee_income=Coalesce(Subquery(fee_income), 0, output_field=DecimalField()))
        .order_by("-budget__year")
    )
    for share in shares:
        share.percent = share.amount * 100 / share.fee_income if share.fee_income else None
    rotations = Rotation.objects.prefetch_related(
        Prefetch("years", queryset=RotationYear.objects.select_related("municipality"))
    )
    context = {
        "municipality": municipality,
        "populations": list(municipality.populations.order_by("-year")),
        "upcoming": upcoming[:MEETINGS_SHOWN],
        "past": past[:MEETINGS_SHOWN],
        "more_meetings": len(upcoming) > MEETINGS_SHOWN or len(past) > MEETINGS_SHOWN,
        "hosting": _hosting_years(municipality, rotations, today.year),
        "shares": shares,
        "adoptions": list(Adoption.objects.filter(municipality=municipality).select_related("programme")),
    }
    return render(request, "municipalities/detail.html", context)
