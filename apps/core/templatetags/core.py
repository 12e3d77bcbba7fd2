"""Swedish-first formatting shared by the portal's templates.

Dates, times and numbers go through Django's localisation (sodertorn/formats), so the
same filter reads "torsdag 2 februari 2017 kl. 12.00–15.00" in Swedish and
"Thursday 2 February 2017, 12:00–15:00" in English. Spaces inside an amount or a time
span are non-breaking (U+00A0) so that they never wrap.
"""

import base64
import datetime
import json
from decimal import Decimal

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.urls import NoReverseMatch, reverse
from django.utils import formats, translation
from django.template.loader import render_to_string
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

@register.filter
def date_range(start, end=None):
    """Two days as one span: "16–17 augusti 2017", "30 augusti–1 september 2017"."""
    if not start:
        return ""
    if not end or end == start:
        return formats.date_format(start, "j F Y")
    if (start.year, start.month) == (end.year, end.month):
        first = formats.date_format(start, "j")
    elif start.year == end.year:
        first = formats.date_format(start, "MONTH_DAY_FORMAT")
    else:
        first = formats.date_format(start, "j F Y")
    return f"{first}–{formats.date_format(end, 'j F Y')}"


@register.filter
def month_only(day):
    """A month whose day is not fixed yet: "januari 2018 (datum ej fastställt)"."""
    if not day:
        return ""
    return gettext("%(month)s (date not fixed)") % {"month": formats.date_format(day, "YEAR_MONTH_FORMAT")}


@register.filter
def time_span(start, end=None):
    """ "12.00–15.00", or just "12.00" when the end is not known."""
    if not start:
        return ""
    if not end:
        return formats.time_format(start)
    return f"{formats.time_format(start)}–{formats.time_format(end)}"


@register.filter
def meeting_when(meeting):
    """When a meeting happens, in words.

    - "torsdag 2 februari 2017 kl. 12.00–15.00" (one day with hours)
    - "torsdag 7 september 2017" (one day, no hours)
    - "16–17 augusti 2017" (several days)
    - "torsdag 6 april 2017 kl. 10.00 – fredag 7 april 2017 kl. 15.00" (several days with hours)
    - "januari 2018 (datum ej fastställt)" (month only)
    """
    if meeting is None:
        return ""
    if meeting.is_month_only:
        return month_only(meeting.date)
    if meeting.end_date:
        if meeting.start_time and meeting.end_time:
            return gettext("%(start_date)s, %(start)s – %(end_date)s, %(end)s") % {
                "start_date": formats.date_format(meeting.date),
                "start": formats.time_format(meeting.start_time),
                "end_date": formats.date_format(meeting.end_date),
                "end": formats.time_format(meeting.end_time),
            }
        return date_range(meeting.date, meeting.end_date)
    day = formats.date_format(meeting.date)
    if meeting.start_time:
        return gettext("%(date)s, %(time)s") % {"date": day, "time": time_span(meeting.start_time, meeting.end_time)}
    return day


@register.filter
def kr(amount, decimals=None):
    """An amount in Swedish kronor: "945 000 kr"; öre are shown only when there are any."""
    if amount is None or amount == "":
        return ""
    try:
        amount = Decimal(amount)
    except (ArithmeticError, ValueError, TypeError):
        return ""
    if decimals is None or decimals == "":
        decimals = 0 if amount == amount.to_integral_value() else 2
    number = formats.number_format(amount, int(decimals), use_l10n=True, force_grouping=True)
    return gettext("SEK %(amount)s") % {"amount": number}


@register.filter
def and_list(items):
    """Names joined the way one says them: "Södertälje och Nykvarn", "A, B och C"."""
    names = [str(item) for item in items]
    if len(names) < 2:
        return "".join(names)
    return gettext("%(first)s and %(last)s") % {"first": ", ".join(names[:-1]), "last": names[-1]}


@register.filter
def month_name(month_number):
    """The name of a month, 1–12, in the current language ("augusti")."""
    try:
        day = datetime.date(2000, int(month_number), 1)
    except (ValueError, TypeError):
        return ""
    return formats.date_format(day, "F")


@register.simple_tag(takes_context=True)
def page_in_language(context, language_code):
    """The path of the current page in a language, keeping its query string: made by reverse() from the URL
    pattern the page was found by, never from the path as requested, which may name another host (a request for
    `//evil.example/` would otherwise link to `//evil.example/en/`). An address no pattern matches (a 404) has
    the home page in that language."""
    request = context.get("request")
    match = getattr(request, "resolver_match", None)
    with translation.override(language_code):
        home = reverse("portal:home")
        if match is None or not match.url_name:
            return home
        try:
            url = reverse(match.view_name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return home
    if not url.startswith("/") or url.startswith(("//", "/\\")):
        return home
    query = request.GET.urlencode()
    return f"{url}?{query}" if query else url



@register.simple_tag(takes_context=True)
def page_address_in_language(context, language_code):
    """The full address of the current page in a language, for links read outside the site (hreflang, canonical):
    built on settings.SITE_URL, never on the request's host, which a client chooses."""
    return settings.SITE_URL + page_in_language(context, language_code)


# The characters json_script escapes, so that data inside a <script> element can never close it.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """`data` (a dict) as schema.org JSON-LD in a <script type="application/ld+json"> element: data, not code, so
    the CSP's script-src does not apply to it, and escaped as json_script escapes its JSON."""
    if not data:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_SCRIPT_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@register.simple_tag
def chart_image(chart):
    """The chart's SVG (templates/includes/chart_svg.html, the same drawing as on the page) as a data: address for
    an <img> in a PDF: WeasyPrint then reads it as an image with a fast XML parser, instead of parsing and styling
    some hundred SVG elements per chart as part of the HTML (a tenth of the time of a thirty-chart report)."""
    svg = render_to_string("includes/chart_svg.html", {"chart": chart})
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode("ascii")
