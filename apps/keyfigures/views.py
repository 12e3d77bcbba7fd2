from django.db.models import Count, Max, Min
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from .models import Indicator

# The chart is drawn in a 480-unit-wide box: per municipality a line of label, then one bar per year,
# the year before the bar and the value after it.
CHART_WIDTH = 480
YEAR_ROOM = 52
VALUE_ROOM = 90
LABEL_HEIGHT = 22
BAR_HEIGHT = 18
GROUP_GAP = 10


def index(request):
    indicators = Indicator.objects.annotate(
        first_year=Min("values__year"),
        last_year=Max("values__year"),
        municipality_count=Count("values__municipality", distinct=True),
    )
    return render(request, "keyfigures/index.html", {"indicators": indicators})


def _decimals(values):
    """How many decimals the indicator's values need: 0 for inhabitants, 1 for 33.8 %."""
    return min(max((max(-v.normalize().as_tuple().exponent, 0) for v in values), default=0), 2)


def _chart(groups, years):
    """Geometry of a grouped horizontal bar chart, one group per municipality, one bar per year.

    Coordinates are strings so that the template never localises them."""
    top = max((figure.value for _municipality, figures in groups for figure in figures.values()), default=0)
    space = CHART_WIDTH - YEAR_ROOM - VALUE_ROOM
    y = 0
    chart_groups = []
    for municipality, figures in groups:
        group = {"label": municipality.name, "label_y": f"{y + 16}", "bars": []}
        y += LABEL_HEIGHT
        for shade, year in enumerate(years):
            figure = figures.get(year)
            if figure is None:
                continue
            width = float(figure.value) / float(top) * space if top > 0 and figure.value > 0 else 0
            group["bars"].append({
                "year": year,
                "shade": shade % 3,
                "value": figure.value,
                "text_y": f"{y + 14}",
                "bar_y": f"{y + 2}",
                "width": f"{width:.1f}",
                "value_x": f"{YEAR_ROOM + width + 6:.1f}",
            })
            y += BAR_HEIGHT
        y += GROUP_GAP
        chart_groups.append(group)
    return {
        "groups": chart_groups,
        "width": f"{CHART_WIDTH}",
        "height": f"{max(y, LABEL_HEIGHT)}",
        "bar_x": f"{YEAR_ROOM}",
        "bar_height": f"{BAR_HEIGHT - 4}",
    }


def detail(request, slug):
    indicator = Indicator.objects.filter(slug=slug).first()
    if indicator is None:
        raise Http404(_("There is no key figure with that address."))
    figures = list(indicator.values.select_related("municipality").order_by("municipality__name", "year"))
    years = sorted({figure.year for figure in figures})
    by_municipality = {}
    for figure in figures:
        municipality, row = by_municipality.setdefault(figure.municipality_id, (figure.municipality, {}))
        row[figure.year] = figure
    groups = list(by_municipality.values())
    rows = [(municipality, [row.get(year) for year in years]) for municipality, row in groups]
    context = {
        "indicator": indicator,
        "years": years,
        "rows": rows,
        "number_format": f"{_decimals(f.value for f in figures)}g",
        "chart": _chart(groups, years),
    }
    return render(request, "keyfigures/detail.html", context)
