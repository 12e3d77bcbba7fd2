"""Charts drawn on the server as accessible SVG, the same in a web page and in a PDF (WeasyPrint draws inline SVG).

A chart is computed here as geometry and text; templates/includes/chart.html draws it as a figure: the SVG (role
"img", its <title> and <desc> named by aria-labelledby and aria-describedby) and the same figures as a table beside
it. No JavaScript, no colour alone: every series has its own marker, and the lines of the wider areas their own
dash pattern, all named in a legend drawn inside the SVG (so that the PDF has it too).

Text is sized in the SVG's own units and the SVG is never drawn larger than its viewBox (width="…" on the
element, max-width: 100% in the page): LABEL units are at least 12 CSS px as long as the chart is given
MIN_RENDERED_WIDTH px or more, which a 390 px phone leaves it (358 px inside the page's margins, 338 px in an indented list). Widths of text are
estimated generously (CHAR_WIDTH em a character) so that nothing is clipped; the browser test measures them.

Coordinates are strings with a dot, so that no template localises them; values stay Decimals for the templates
to format (a Swedish decimal comma on the Swedish pages).
"""

import math
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache

from django.utils.formats import number_format
from django.utils.translation import gettext as _

WIDTH = 400
LABEL = 15
MIN_RENDERED_WIDTH = math.ceil(WIDTH * 12 / LABEL)  # 320 px
CHAR_WIDTH = 0.62
PLOT_HEIGHT = 190
LEGEND_ROW = 22
MARKER = 4.5
KAPPA = 0.5523  # a quarter circle as a cubic Bézier

# Eight colours with at least 3:1 contrast on white (WCAG 1.4.11) and apart from each other; never the only cue.
COLOURS = ["#0b5cad", "#b3400b", "#1b7a3a", "#8a2f8f", "#8c6200", "#00707a", "#b0174b", "#4a5a8c"]
MARKERS = ["circle", "square", "triangle", "diamond", "triangle-down", "circle-open", "square-open", "diamond-open"]
# The wider areas: Södertörn as a whole, the county, the country, each a style of its own.
ROLE_STYLES = {
    "total": {"colour": "#1a1a1a", "marker": "star", "dash": "", "stroke_width": "3.5"},
    "county": {"colour": "#5c5c5c", "marker": "cross", "dash": "7 4", "stroke_width": "2.5"},
    "country": {"colour": "#5c5c5c", "marker": "plus", "dash": "2 3", "stroke_width": "2.5"},
}
TARGET_COLOUR = "#a30d0d"


@dataclass
class Series:
    """One line: a label and a value per year (None or absent: missing, drawn as a gap, never as 0). `role` is
    "member" (one of the municipalities, or a focus area), "total" (Södertörn, the programme), "county" or
    "country"."""

    label: str
    values: dict
    role: str = "member"

    def __post_init__(self):
        self.label = str(self.label)


@dataclass
class Target:
    value: Decimal
    year: int | None = None
    label: str = ""


@dataclass
class Bar:
    label: str
    value: Decimal | None

    def __post_init__(self):
        self.label = str(self.label)


@dataclass
class Chart:
    """What the templates draw: `kind` is "line" or "bar"; the rest is geometry (strings) and the table."""

    kind: str
    ident: str
    title: str
    description: str
    unit: str
    width: str
    height: str
    decimals: int
    table_head: list = field(default_factory=list)
    table_rows: list = field(default_factory=list)
    items: list = field(default_factory=list)
    ticks: list = field(default_factory=list)
    years: list = field(default_factory=list)
    legend: list = field(default_factory=list)
    target: dict | None = None
    plot: dict = field(default_factory=dict)
    grid: str = ""
    axis: str = ""
    font_size: str = f"{LABEL}"
    row_heading: str = ""
    value_heading: str = ""

    @property
    def number_format(self) -> str:
        """For floatformat: the chart's decimals, localised, with thousands grouped."""
        return f"{self.decimals}g"


def _f(number: float) -> str:
    return f"{number:.1f}"


def _text_width(text: str, size: float = LABEL) -> float:
    return len(text) * size * CHAR_WIDTH


def decimals_of(values) -> int:
    """How many decimals the values need: 0 for inhabitants, 1 for 33.8 %, at most 2."""
    found = [max(-Decimal(v).normalize().as_tuple().exponent, 0) for v in values if v is not None]
    return min(max(found, default=0), 2)


def _number(value, decimals: int) -> str:
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


def _nice_step(span: float, parts: int = 4) -> float:
    raw = span / parts if span > 0 else 1
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 2.5, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _scale(values, *, floor_at_zero: bool, ceiling=None):
    """Bottom, top and tick values of a value axis holding `values`."""
    low, high = min(values), max(values)
    if floor_at_zero or (low >= 0 and low <= high * 0.5):
        low = min(low, 0)
    if high == low:
        high = low + (abs(low) or 1)
    step = _nice_step(high - low)
    bottom = math.floor(low / step) * step
    top = math.ceil(high / step) * step
    if ceiling is not None:
        top = min(top, ceiling)
    ticks = []
    tick = bottom
    while tick <= top + step / 1000:
        ticks.append(round(tick, 10))
        tick += step
    return bottom, top, ticks


@cache
def _marker_shape(shape: str, r: float = MARKER) -> str:
    """A marker as a path relative to its centre, beginning with a relative move: written after "M x y" it draws the
    marker there, so a series' markers are one path of short, repeated pieces (small in a page, quick in a PDF)."""
    if shape in ("circle", "circle-open"):
        # Four Bézier quarters rather than two arcs: WeasyPrint turns each arc into curves in Python, thousands of
        # times in a report.
        k, rest, r = _f(r * KAPPA), _f(r - r * KAPPA), _f(r)
        return f"m-{r} 0c0 -{k} {rest} -{r} {r} -{r}c{k} 0 {r} {rest} {r} {r}c0 {k} -{rest} {r} -{r} {r}c-{k} 0 -{r} -{rest} -{r} -{r}z"
    if shape in ("square", "square-open"):
        s, side = _f(r * 0.9), _f(r * 1.8)
        return f"m-{s} -{s}h{side}v{side}h-{side}z"
    if shape in ("triangle", "triangle-down"):
        sign = "" if shape == "triangle" else "-"
        return f"m0 {'-' if not sign else ''}{_f(r * 1.2)}l{_f(r * 1.1)} {sign}{_f(r * 2)}h-{_f(r * 2.2)}z"
    if shape in ("diamond", "diamond-open"):
        d = _f(r * 1.25)
        return f"m0 -{d}l{d} {d}l-{d} {d}l-{d} -{d}z"
    if shape == "star":
        points = [(r * (1.5 if i % 2 == 0 else 0.65) * math.cos(math.pi / 5 * i - math.pi / 2),
                   r * (1.5 if i % 2 == 0 else 0.65) * math.sin(math.pi / 5 * i - math.pi / 2)) for i in range(10)]
        steps = [f"{_f(x2 - x1)} {_f(y2 - y1)}" for (x1, y1), (x2, y2) in zip(points, points[1:])]
        return f"m{_f(points[0][0])} {_f(points[0][1])}l" + "l".join(steps) + "z"
    if shape == "cross":
        d, two = _f(r), _f(r * 2)
        return f"m-{d} -{d}l{two} {two}m0 -{two}l-{two} {two}"
    # plus
    d, two = _f(r * 1.2), _f(r * 2.4)
    return f"m-{d} 0h{two}m-{d} -{d}v{two}"


def _markers(shape: str, points) -> str:
    """Every marker of a series at `points` (x, y) as one path."""
    return "".join(f"M{_f(x)} {_f(y)}{_marker_shape(shape)}" for x, y in points)


def _style(index: int, role: str) -> dict:
    if role in ROLE_STYLES:
        style = dict(ROLE_STYLES[role])
    else:
        style = {"colour": COLOURS[index % len(COLOURS)], "marker": MARKERS[index % len(MARKERS)], "dash": "",
                 "stroke_width": "2"}
    style["filled"] = style["marker"] not in ("circle-open", "square-open", "diamond-open", "cross", "plus")
    style["stroked_marker"] = style["marker"] in ("cross", "plus")
    return style


def _legend(entries, left: float, top: float, width: float):
    """Legend entries laid out in as many columns as fit, read down column by column in the table's order: each a
    short line with its marker, then the label. An entry marked `wide` (the target) takes a row of its own at the
    end."""
    sample = 30
    narrow = [entry for entry in entries if not entry.get("wide")]
    wide = [entry for entry in entries if entry.get("wide")]
    column = max((_text_width(entry["label"]) for entry in narrow), default=0) + sample + 16
    columns = max(1, min(len(narrow), int((width - left) // column))) if narrow else 1
    rows = math.ceil(len(narrow) / columns) if narrow else 0
    places = [(divmod(number, rows)) for number in range(len(narrow))]
    places += [(0, rows + number) for number in range(len(wide))]
    laid = []
    for entry, (col, row) in zip(narrow + wide, places):
        x = left + col * column
        y = top + row * LEGEND_ROW + LEGEND_ROW / 2
        laid.append({
            **entry,
            "line": f"M{_f(x)} {_f(y)}H{_f(x + sample)}",
            "point": _markers(entry["marker"], [(x + sample / 2, y)]) if entry["marker"] != "none" else "",
            "text_x": _f(x + sample + 6), "text_y": _f(y + LABEL * 0.35),
        })
    return laid, (rows + len(wide)) * LEGEND_ROW


def line_chart(*, ident: str, title: str, series: list[Series], years: list[int], unit: str = "",
               target: Target | None = None, description: str = "", percent_axis: bool = False,
               decimals: int | None = None, row_heading: str = "") -> Chart:
    """A line chart over `years` with one line per series, an optional target drawn as a line of its own, and a
    legend under it. `percent_axis`: the value axis runs from 0 to 100 (progress)."""
    years = sorted(years)
    values = [v for s in series for y in years if (v := s.values.get(y)) is not None]
    if decimals is None:
        decimals = decimals_of(values)
    axis_values = [float(v) for v in values] + ([float(target.value)] if target else [])
    if percent_axis:
        bottom, top, ticks = 0, 100, [0, 25, 50, 75, 100]
    elif axis_values:
        bottom, top, ticks = _scale(axis_values, floor_at_zero=False)
    else:
        bottom, top, ticks = 0, 1, [0, 1]
    tick_decimals = decimals_of(Decimal(str(t)) for t in ticks)
    tick_labels = [_number(Decimal(str(t)), tick_decimals) for t in ticks]

    left = max(_text_width(label) for label in tick_labels) + 10
    half = _text_width("2000") / 2 + 2  # a year label is centred under its year: the last one needs room
    right = half
    plot_top = 12
    plot_width = WIDTH - left - right
    plot_bottom = plot_top + PLOT_HEIGHT

    def x_of(year):
        if len(years) == 1:
            return left + plot_width / 2
        return left + (year - years[0]) / (years[-1] - years[0]) * plot_width

    def y_of(value):
        return plot_bottom - (float(value) - bottom) / (top - bottom) * PLOT_HEIGHT

    # Year labels: every year where they fit, otherwise every second (third…), always the last.
    per_year = plot_width / max(len(years) - 1, 1)
    every = max(1, math.ceil((_text_width("2000") + 8) / per_year))
    shown_years = [y for i, y in enumerate(years) if (len(years) - 1 - i) % every == 0]
    year_ticks = [{"year": y, "label": str(y), "x": _f(x_of(y)), "label_x": _f(min(max(x_of(y), half), WIDTH - half))}
                  for y in shown_years]

    items, entries = [], []
    member_index = 0
    for s in series:
        style = _style(member_index, s.role)
        if s.role == "member":
            member_index += 1
        segments, current = [], []
        for year in years:
            value = s.values.get(year)
            if value is None:
                if current:
                    segments.append(current)
                current = []
                continue
            current.append((x_of(year), y_of(value)))
        if current:
            segments.append(current)
        # Two paths per series: the line, its gaps as moves, and every marker of the series as one path. WeasyPrint
        # draws an SVG <marker> as a node of its own at each vertex (a quarter of the time of a thirty-chart PDF);
        # one path of many shapes it parses and fills once.
        items.append({
            "label": s.label, "role": s.role, **style, "number": len(items) + 1,
            "line": "".join("M" + "L".join(f"{_f(x)} {_f(y)}" for x, y in segment)
                            for segment in segments if len(segment) > 1),
            "points": _markers(style["marker"], [point for segment in segments for point in segment]),
        })
        entries.append({"label": s.label, **style, "number": len(items)})
    target_data = None
    if target is not None:
        y = y_of(target.value)
        text = target.label or (
            _("Target %(year)s: %(value)s") % {"year": target.year, "value": _number(target.value, decimals)}
            if target.year else _("Target: %(value)s") % {"value": _number(target.value, decimals)}
        )
        target_data = {"y": _f(y), "x1": _f(left), "x2": _f(left + plot_width), "text": text,
                       "value": target.value, "year": target.year}
        entries.append({"label": text, "colour": TARGET_COLOUR, "marker": "none", "dash": "10 4", "stroke_width": "2",
                        "filled": False, "stroked_marker": False, "wide": True, "number": None})
    legend_top = plot_bottom + LABEL + 16
    legend, legend_height = _legend(entries, 8, legend_top, WIDTH) if entries else ([], 0)
    height = legend_top + legend_height + 6

    if not description:
        description = describe_line_chart(title, series, years, unit, target, decimals)
    return Chart(
        kind="line", ident=ident, title=title, description=description, unit=unit, width=f"{WIDTH}",
        height=_f(height), decimals=decimals,
        table_head=years,
        table_rows=[(s.label, s.role, [s.values.get(y) for y in years]) for s in series],
        items=items,
        ticks=[{"y": _f(y_of(t)), "label": label, "label_y": _f(y_of(t) + LABEL * 0.35)}
               for t, label in zip(ticks, tick_labels)],
        grid="".join(f"M{_f(left)} {_f(y_of(t))}H{_f(left + plot_width)}" for t in ticks),
        axis=f"M{_f(left)} {_f(plot_bottom)}H{_f(left + plot_width)}"
             + "".join(f"M{tick['x']} {_f(plot_bottom)}v4" for tick in year_ticks),
        years=year_ticks, legend=legend, target=target_data, row_heading=row_heading,
        plot={"left": _f(left), "right": _f(left + plot_width), "top": _f(plot_top), "bottom": _f(plot_bottom),
              "year_y": _f(plot_bottom + LABEL + 6), "tick_bottom": _f(plot_bottom + 4), "tick_x": _f(left - 6)},
    )


def describe_line_chart(title, series, years, unit, target, decimals) -> str:
    """The chart in words, for <desc>: what is drawn, over which years, where the whole starts and ends."""
    if not years:
        return _("%(title)s: no values yet.") % {"title": title}
    parts = [_("Line chart of %(title)s, %(first)s–%(last)s, one line each for %(names)s.") % {
        "title": title, "first": years[0], "last": years[-1], "names": ", ".join(s.label for s in series)}]
    lead = next((s for s in series if s.role == "total"), None)
    if lead is not None:
        known = [(y, lead.values[y]) for y in years if lead.values.get(y) is not None]
        if len(known) >= 2:
            parts.append(_("%(name)s went from %(first)s in %(first_year)s to %(last)s in %(last_year)s.") % {
                "name": lead.label, "first": _number(known[0][1], decimals), "first_year": known[0][0],
                "last": _number(known[-1][1], decimals), "last_year": known[-1][0]})
    if target is not None:
        parts.append(_("The target, %(value)s by %(year)s, is drawn as a dashed red line.") % {
            "value": _number(target.value, decimals), "year": target.year or "–"})
    parts.append(_("The table beside the chart holds every value."))
    return " ".join(parts)


def bar_chart(*, ident: str, title: str, bars: list[Bar], unit: str = "", maximum: Decimal | None = None,
              description: str = "", decimals: int | None = None, row_heading: str = "",
              value_heading: str = "") -> Chart:
    """A small horizontal bar chart: one bar per label, the label above its bar and the value after it; a missing
    value is written out as missing, not drawn as an empty bar."""
    values = [b.value for b in bars if b.value is not None]
    if decimals is None:
        decimals = decimals_of(values)
    top = float(maximum if maximum is not None else max(values, default=0)) or 1
    value_room = _text_width(_number(Decimal(top), decimals) + " " + unit) + 10
    space = WIDTH - value_room
    y = 0
    items = []
    for bar in bars:
        label_y = y + LABEL
        bar_y = y + LABEL + 5
        width = max(float(bar.value), 0) / top * space if bar.value is not None else 0
        items.append({
            "label": bar.label, "value": bar.value, "label_y": _f(label_y), "bar_y": _f(bar_y), "width": _f(width),
            "value_x": _f(width + 6), "value_y": _f(bar_y + 13),
        })
        y = bar_y + 18 + 10
    if not description:
        description = " ".join([
            _("Bar chart of %(title)s.") % {"title": title},
            *[f"{b.label}: {_number(b.value, decimals) + (' ' + unit if unit else '') if b.value is not None else _('no value')}."
              for b in bars],
        ])
    return Chart(
        kind="bar", ident=ident, title=title, description=description, unit=unit, width=f"{WIDTH}", height=_f(y),
        decimals=decimals, table_head=[], table_rows=[(b.label, "member", [b.value]) for b in bars], items=items,
        row_heading=row_heading, value_heading=value_heading or _("Value"),
    )
