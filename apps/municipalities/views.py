from django.conf import settings
from django.db.models import DecimalField, OuterRef, Prefetch, Subquery, Sum
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone

from apps.budgets.models import Budget, BudgetLine, FeeShare
from apps.meetings.models import Meeting
from apps.programme.models import Adoption, Programme
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
    hosted = Meeting.objects.public().filter(hosts=municipality).with_related()
    # Cancelled meetings stay in their place, marked, so that nobody wonders where they went.
    upcoming = list(hosted.ahead(today).order_by("date", "start_time")[: MEETINGS_SHOWN + 1])
    past = list(hosted.past(today).order_by("-date", "-start_time")[: MEETINGS_SHOWN + 1])
    fee_income = (
        BudgetLine.objects.filter(budget=OuterRef("budget"), is_fee=True)
        .values("budget")
        .annotate(total=Sum("amount"))
        .values("total")
    )
    shares = list(
        FeeShare.objects.filter(municipality=municipality, budget__in=Budget.objects.adopted())
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
        "adoptions": list(
            Adoption.objects.filter(municipality=municipality)
            .prefetch_related(Prefetch("programme", queryset=Programme.objects.with_status()))
        ),
        "structured_data": organization_data(municipality),
    }
    return render(request, "municipalities/detail.html", context)


def organization_data(municipality) -> dict:
    """The municipality as a schema.org GovernmentOrganization for search engines (JSON-LD), identified by its
    municipality code (SCB); addresses built on SITE_URL."""
    data = {
        "@context": "https://schema.org",
        "@type": "GovernmentOrganization",
        "name": municipality.name,
        "identifier": {"@type": "PropertyValue", "propertyID": "kommunkod", "value": municipality.code},
        "url": settings.SITE_URL + municipality.get_absolute_url(),
        "address": {"@type": "PostalAddress", "addressLocality": municipality.name,
                    "addressRegion": "Stockholms län", "addressCountry": "SE"},
        "memberOf": {"@type": "Organization", "name": "Samverkan på Södertörn",
                     "url": settings.SITE_URL + reverse("municipalities:index")},
    }
    if municipality.website:
        data["sameAs"] = municipality.website
    return data
