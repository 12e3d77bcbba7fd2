from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Rotation, RotationYear

# How far the timeline continues the order past the last decided year (or this year): one round, within reason.
MIN_YEARS_AHEAD = 3
MAX_YEARS_AHEAD = 10


def _rotations():
    return Rotation.objects.select_related("body").prefetch_related(
        Prefetch("years", queryset=RotationYear.objects.select_related("municipality"))
    )


def _timeline(rotation, this_year):
    """Every year from the first decided one to a round past the last: the host, and whether it is decided
    or follows from the order."""
    years = list(rotation.years.all())
    if not years:
        return [], []
    listed = {row.year: row for row in years}
    order = rotation.cycle(years)
    ahead = min(max(len(order), MIN_YEARS_AHEAD), MAX_YEARS_AHEAD)
    last = max(max(listed), this_year) + ahead
    rows = []
    for year in range(min(listed), last + 1):
        row = listed.get(year)
        rows.append({
            "year": year,
            "host": row.municipality if row else rotation.host_for(year, years),
            "by_order": row is None,
            "when": "past" if year < this_year else "now" if year == this_year else "coming",
        })
    return rows, order


def index(request):
    this_year = timezone.localdate().year
    rotations = list(_rotations())
    for rotation in rotations:
        years = list(rotation.years.all())
        rotation.this_year_host = rotation.host_for(this_year, years) if years else None
        rotation.next_year_host = rotation.host_for(this_year + 1, years) if years else None
    return render(request, "rotations/index.html", {"rotations": rotations, "this_year": this_year})


def detail(request, slug):
    rotation = _rotations().filter(slug=slug).first()
    if rotation is None:
        raise Http404(_("There is no rotation with that address."))
    this_year = timezone.localdate().year
    timeline, order = _timeline(rotation, this_year)
    context = {"rotation": rotation, "timeline": timeline, "order": order, "this_year": this_year}
    return render(request, "rotations/detail.html", context)
