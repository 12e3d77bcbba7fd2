import calendar as month_calendar
import datetime
import json
from dataclasses import dataclass
from itertools import groupby
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Q
from django.db.models.functions import ExtractYear
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

from apps.bodies.models import Body
from apps.core.cache import cache_reads
from apps.core.open_data import LICENSE, FormulaSafeWriter, empty_as_null, readable_by_any_site
from apps.municipalities.models import Municipality

from .feeds import build_calendar, feed_meetings, in_feed_window
from .models import Document, Meeting


@dataclass(frozen=True)
class YearBounds:
    """The years the calendar has pages for: from the first meeting to a year past the last or this year; and
    among them the years that have meetings (`with_meetings`), the only ones the calendar and the open data
    offer."""

    first: int
    last: int
    with_meetings: tuple = ()

    def __contains__(self, year):
        return self.first <= year <= self.last

    @property
    def years(self):
        return range(self.first, self.last + 1)

    def nearest(self, year):
        """`year` if it has meetings, else the nearest year that has (the later one of two as near); `year`
        itself when no year has any."""
        if not self.with_meetings:
            return year
        return min(self.with_meetings, key=lambda other: (abs(other - year), -other))

    def before(self, year):
        return max((other for other in self.with_meetings if other < year), default=None)

    def after(self, year):
        return min((other for other in self.with_meetings if other > year), default=None)


def meeting_years():
    """The years in which a meeting starts or ends, in order, in one query."""
    starts = Meeting.objects.public().order_by().annotate(year=ExtractYear("date")).values_list("year", flat=True)
    ends = (
        Meeting.objects.public().order_by().filter(end_date__isnull=False).annotate(year=ExtractYear("end_date"))
        .values_list("year", flat=True)
    )
    return sorted(set(starts.union(ends).order_by()))


def year_bounds(today):
    years = meeting_years()
    first = min(years[0], today.year) if years else today.year
    last = max(years[-1], today.year) if years else today.year
    return YearBounds(first, last + 1, tuple(years))


# The calendar's filter parameters, the only ones its pages read.
CALENDAR_FILTERS = ("organ", "kommun")


class CalendarFilter(forms.Form):
    organ = forms.ChoiceField(label=_("Body"), required=False)
    kommun = forms.ChoiceField(label=_("Host municipality"), required=False)

    def __init__(self, data, *, bodies, municipalities):
        super().__init__(data)
        self.bodies = {body.slug: body for body in bodies}
        self.municipalities = {municipality.slug: municipality for municipality in municipalities}
        self.fields["organ"].choices = [("", _("All bodies"))] + [(b.slug, b.name) for b in bodies]
        self.fields["kommun"].choices = [("", _("All municipalities"))] + [(m.slug, m.name) for m in municipalities]
        self.fields["organ"].error_messages["invalid_choice"] = _(
            "There is no body “%(value)s”. Choose one from the list."
        )
        self.fields["kommun"].error_messages["invalid_choice"] = _(
            "There is no municipality “%(value)s”. Choose one from the list."
        )

    @property
    def body(self):
        return self.bodies.get(self.cleaned_data.get("organ"))

    @property
    def municipality(self):
        return self.municipalities.get(self.cleaned_data.get("kommun"))

    def query_string(self):
        """The chosen filters, to carry over to other years and months."""
        if not self.is_valid():
            return ""
        return urlencode({key: value for key, value in self.cleaned_data.items() if value})


def last_day_of(year, month):
    return datetime.date(year, month, month_calendar.monthrange(year, month)[1])


def meeting_is_past(meeting, today):
    return meeting.is_over(today)


def by_month(meetings):
    """[(first day of the month, [meetings])] in the order given."""
    return [
        (datetime.date(year, month, 1), list(group))
        for (year, month), group in groupby(meetings, key=lambda m: (m.date.year, m.date.month))
    ]


@cache_reads(*CALENDAR_FILTERS)
def calendar(request):
    """This year's calendar when it has meetings, else the nearest year's that has."""
    this_year = timezone.localdate().year
    bounds = year_bounds(timezone.localdate())
    year = bounds.nearest(this_year)
    return calendar_page(request, year, bounds=bounds, instead_of=this_year if year != this_year else None)


@cache_reads(*CALENDAR_FILTERS)
def calendar_year(request, year):
    return calendar_page(request, year)


@cache_reads(*CALENDAR_FILTERS)
def calendar_month(request, year, month):
    return calendar_page(request, year, month)


def calendar_page(request, year, month=None, bounds=None, instead_of=None):
    today = timezone.localdate()
    bounds = bounds or year_bounds(today)
    if year not in bounds or (month is not None and not 1 <= month <= 12):
        return render(
            request, "meetings/no_such_period.html",
            {"bounds": bounds, "year": year, "month": month, "today": today}, status=404,
        )
    bodies = list(Body.objects.all())
    municipalities = list(Municipality.objects.all())
    form = CalendarFilter(request.GET, bodies=bodies, municipalities=municipalities)
    status = 200
    meetings = []
    if month is None:
        first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    else:
        first, last = datetime.date(year, month, 1), last_day_of(year, month)
    if form.is_valid():
        meetings = Meeting.objects.public().with_related().filter(
            Q(date__range=(first, last)) | Q(date__lt=first, end_date__gte=first)
        )
        if form.body:
            meetings = meetings.filter(body=form.body)
        if form.municipality:
            meetings = meetings.filter(hosts=form.municipality)
        meetings = list(meetings)
    else:
        status = 400
    for meeting in meetings:
        meeting.is_past = meeting_is_past(meeting, today)
    upcoming = [m for m in meetings if not m.is_past]
    past = [m for m in meetings if m.is_past]
    context = {
        "year": year,
        "month": month,
        "period_start": first,
        "bounds": bounds,
        "today": today,
        "form": form,
        "filter_query": form.query_string(),
        "meetings": meetings,
        "upcoming_by_month": by_month(upcoming),
        "past_by_month": by_month(past),
        "nearest_year": bounds.nearest(year),
        "instead_of": instead_of,
        "previous": previous_period(year, month, bounds),
        "next": next_period(year, month, bounds),
        "feeds": feed_links(request, year, form, bodies, municipalities),
    }
    return render(request, "meetings/calendar.html", context, status=status)


def previous_period(year, month, bounds):
    if month is None:
        before = bounds.before(year)
        return {"year": before} if before is not None else None
    if month > 1:
        return {"year": year, "month": month - 1, "date": datetime.date(year, month - 1, 1)}
    return {"year": year - 1, "month": 12, "date": datetime.date(year - 1, 12, 1)} if year - 1 in bounds else None


def next_period(year, month, bounds):
    if month is None:
        after = bounds.after(year)
        return {"year": after} if after is not None else None
    if month < 12:
        return {"year": year, "month": month + 1, "date": datetime.date(year, month + 1, 1)}
    return {"year": year + 1, "month": 1, "date": datetime.date(year + 1, 1, 1)} if year + 1 in bounds else None


def feed_link(request, title, url_name, *args):
    url = settings.SITE_URL + reverse(url_name, args=args)
    return {"title": title, "url": url, "webcal": "webcal://" + url.split("://", 1)[1]}


def feed_links(request, year, form, bodies, municipalities):
    """The feeds to offer: everything and the chosen filters' first, then one per body and municipality."""
    chosen = [feed_link(request, gettext("All meetings"), "meetings:feed")]
    if year < timezone.localdate().year:
        # The feed of all meetings reaches back twelve months; an earlier year has its own.
        chosen.append(feed_link(request, gettext("Meetings in %(year)s") % {"year": year}, "meetings:feed_year", year))
    if form.is_valid() and form.body:
        chosen.append(feed_link(request, form.body.name, "meetings:feed_body", form.body.slug))
    if form.is_valid() and form.municipality:
        chosen.append(
            feed_link(request, gettext("Meetings hosted by %(name)s") % {"name": form.municipality.name},
                      "meetings:feed_municipality", form.municipality.slug)
        )
    return {
        "chosen": chosen,
        "bodies": [feed_link(request, body.name, "meetings:feed_body", body.slug) for body in bodies],
        "municipalities": [
            feed_link(request, municipality.name, "meetings:feed_municipality", municipality.slug)
            for municipality in municipalities
        ],
    }


def detail(request, pk):
    """A meeting's page: of its agenda, documents and minutes what public_rule() says, at one moment."""
    now = timezone.now()
    meeting = get_object_or_404(Meeting.objects.public().with_related().with_public_parts(now), pk=pk)
    items = list(meeting.items.all()) if meeting.agenda_is_public else []
    attachments_by_item = {}
    other_documents = []
    minutes = []
    for document in meeting.documents.public(now):
        if document.kind == document.Kind.MINUTES:
            minutes.append(document)
        elif document.agenda_item_id:
            attachments_by_item.setdefault(document.agenda_item_id, []).append(document)
        else:
            other_documents.append(document)
    for item in items:
        item.attachments = attachments_by_item.get(item.pk, [])
    hosts = list(meeting.hosts.all())
    context = {
        "meeting": meeting,
        "hosts": hosts,
        "is_past": meeting_is_past(meeting, timezone.localdate()),
        "agenda_published": meeting.agenda_is_public,
        "items": items,
        "other_documents": other_documents,
        "minutes": minutes,
        "calendar_url": calendar_url_for(meeting),
        "structured_data": event_data(meeting, hosts),
    }
    return render(request, "meetings/detail.html", context)


def _moment(day, time):
    """A day, or a day and time in Stockholm, as ISO 8601."""
    if time is None:
        return day.isoformat()
    return datetime.datetime.combine(day, time, tzinfo=timezone.get_default_timezone()).isoformat()


def event_data(meeting, hosts) -> dict:
    """The meeting as a schema.org Event for search engines (JSON-LD): when and where, who organises it, and
    whether it is cancelled. `hosts` in the order the page names them; addresses built on SITE_URL."""
    if meeting.is_month_only:
        start, end = meeting.date.strftime("%Y-%m"), None  # ISO 8601 to the month: the day is not fixed
    else:
        start = _moment(meeting.date, meeting.start_time)
        end = _moment(meeting.last_day, meeting.end_time) if meeting.end_time else (
            meeting.end_date.isoformat() if meeting.end_date else None
        )
    venue = meeting.venue(hosts)
    names = [host.name for host in hosts]
    address = {
        "@type": "PostalAddress", "streetAddress": venue, "addressLocality": names[0] if names else "",
        "addressRegion": "Stockholms län", "addressCountry": "SE",
    }
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": meeting.display_title,
        "url": settings.SITE_URL + meeting.get_absolute_url(),
        "startDate": start,
        "endDate": end,
        "eventStatus": "https://schema.org/EventCancelled" if meeting.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place", "name": venue or ", ".join(names) or "Södertörn",
            "address": {key: value for key, value in address.items() if value},
        },
        "organizer": {
            "@type": "Organization", "name": meeting.body.name,
            "url": settings.SITE_URL + meeting.body.get_absolute_url(),
        },
    }
    return {key: value for key, value in data.items() if value is not None}


def calendar_url_for(meeting):
    return reverse("meetings:month", args=[meeting.date.year, meeting.date.month])


def ics_response(request, meetings, name, filename):
    content = build_calendar(feed_meetings(meetings), name=name)
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return readable_by_any_site(response)


def feed_all(request):
    """The last twelve months and everything ahead: what calendar apps accept (see feeds.py)."""
    return ics_response(
        request, in_feed_window(Meeting.objects.public(), timezone.localdate()), gettext("Södertörn: all meetings"),
        "sodertorn.ics",
    )


def feed_year(request, year):
    """The archive: the meetings of one year (by their first day)."""
    if not datetime.MINYEAR <= year <= datetime.MAXYEAR:
        raise Http404
    return ics_response(
        request, Meeting.objects.public().filter(date__range=(datetime.date(year, 1, 1), datetime.date(year, 12, 31))),
        gettext("Södertörn: meetings in %(year)s") % {"year": year}, f"sodertorn-{year}.ics",
    )


def feed_body(request, slug):
    body = get_object_or_404(Body, slug=slug)
    return ics_response(
        request, Meeting.objects.public().filter(body=body),
        gettext("Södertörn: %(body)s") % {"body": body.short_name},
        f"sodertorn-{body.slug}.ics",
    )


def feed_municipality(request, slug):
    municipality = get_object_or_404(Municipality, slug=slug)
    return ics_response(
        request, Meeting.objects.public().filter(hosts=municipality),
        gettext("Södertörn: meetings hosted by %(name)s") % {"name": municipality.name},
        f"sodertorn-{municipality.slug}.ics",
    )


# The open data columns, in order, with what each holds; the open data page lists them.
OPEN_DATA_COLUMNS = [
    ("id", _("The meeting's number; it never changes.")),
    ("url", _("The meeting's page.")),
    ("title", _("What the meeting is called.")),
    ("body", _("The body that meets.")),
    ("body_slug", _("The body's short identifier, as in the calendar's filter and feed addresses.")),
    ("kind", _("ordinary, planning_conference, conference, council, key_figure_day or extra.")),
    ("status", _("planned, confirmed, cancelled, held, past (its day has passed without it being recorded as held) "
                "or not_fixed (known only to its month, which has passed without a day being fixed): what the "
                "meeting's page says.")),
    ("date_precision", _("day, or month when only the month is known (then date is the first of the month).")),
    ("date", _("First day, YYYY-MM-DD.")),
    ("end_date", _("Last day of a meeting over several days, otherwise empty.")),
    ("start_time", _("Start, HH:MM, Swedish time (Europe/Stockholm); empty when not set.")),
    ("end_time", _("End, HH:MM, Swedish time; empty when not set.")),
    ("hosts", _("Host municipalities, separated by “;” (in JSON a list).")),
    ("host_codes", _("The hosts' four-digit municipality codes (SCB), separated by “;” (in JSON a list).")),
    ("place", _("Where the meeting is held, when known.")),
    ("updated_at", _("Last change, ISO 8601 with time zone.")),
    ("minutes_url", _("The adjusted minutes as PDF, once published; otherwise empty.")),
    ("decisions", _("The decisions of the adjusted minutes by §: in JSON a list of {paragraph, title, decision}; in "
                    "CSV one line per §, “§ 12 Title: decision”.")),
]


def open_data_rows(request, year):
    today = timezone.localdate()
    meetings = list(Meeting.objects.public().with_related().with_published_minutes().filter(
        Q(date__year=year) | Q(end_date__year=year)).order_by("date", "start_time", "pk"))
    decisions = published_decisions(meetings)
    for meeting in meetings:
        hosts = list(meeting.hosts.all())
        minutes = meeting.published_minutes_id
        yield {
            "id": meeting.pk,
            "url": settings.SITE_URL + meeting.get_absolute_url(),
            "title": meeting.display_title,
            "body": meeting.body.name,
            "body_slug": meeting.body.slug,
            "kind": meeting.kind,
            "status": meeting.state_on(today).value,
            "date_precision": meeting.date_precision,
            "date": meeting.date.isoformat(),
            "end_date": meeting.end_date.isoformat() if meeting.end_date else None,
            "start_time": meeting.start_time.strftime("%H:%M") if meeting.start_time else None,
            "end_time": meeting.end_time.strftime("%H:%M") if meeting.end_time else None,
            "hosts": [host.name for host in hosts],
            "host_codes": [host.code for host in hosts],
            "place": meeting.place,
            "updated_at": timezone.localtime(meeting.modified).isoformat(),
            "minutes_url": settings.SITE_URL + reverse("minutes:pdf", args=[minutes]) if minutes else None,
            "decisions": decisions.get(meeting.pk, []),
        }


def published_decisions(meetings) -> dict[int, list[dict]]:
    """The decisions of the meetings' published minutes by §, {meeting id: [{paragraph, title, decision}]}: read
    through the relations of the minutes app's § register, in one query, and only when some minutes are published."""
    published = {meeting.pk: meeting.published_minutes_id for meeting in meetings if meeting.published_minutes_id}
    found = {}
    if not published:
        return found
    rows = Meeting.objects.filter(pk__in=published).values_list(
        "pk", "sections__number", "sections__paragraphs__minutes", "sections__paragraphs__title",
        "sections__paragraphs__decision",
    ).order_by("pk", "sections__number")
    for meeting_id, number, minutes_id, title, decision in rows:
        if minutes_id == published[meeting_id]:
            found.setdefault(meeting_id, []).append({"paragraph": number, "title": title, "decision": decision})
    return found


def open_data_year_or_404(request, year):
    bounds = year_bounds(timezone.localdate())
    if year not in bounds:
        return render(
            request, "meetings/no_such_period.html",
            {"bounds": bounds, "year": year, "month": None, "today": timezone.localdate()}, status=404,
        )
    return None


def csv_value(value):
    """A list as one cell: names separated by ";", decisions one per line."""
    if value is None:
        return ""
    if isinstance(value, list):
        if value and isinstance(value[0], dict):
            return "\n".join(f"§ {d['paragraph']} {d['title']}: {d['decision']}" for d in value)
        return ";".join(value)
    return value


def year_csv(request, year):
    if (not_found := open_data_year_or_404(request, year)) is not None:
        return not_found
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sodertorn-moten-{year}.csv"'
    # A byte order mark, so that Excel reads å, ä and ö right.
    response.write("\ufeff")
    writer = FormulaSafeWriter(response)
    writer.writerow([name for name, _description in OPEN_DATA_COLUMNS])
    for row in open_data_rows(request, year):
        writer.writerow(csv_value(value) for value in row.values())
    return readable_by_any_site(response)


def year_json(request, year):
    if (not_found := open_data_year_or_404(request, year)) is not None:
        return not_found
    data = {
        "year": year,
        "source": settings.SITE_URL + reverse("meetings:year", args=[year]),
        "documentation": settings.SITE_URL + reverse("meetings:open_data"),
        "license": LICENSE,
        "meetings": list(open_data_rows(request, year)),
    }
    response = HttpResponse(
        json.dumps(empty_as_null(data), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = f'inline; filename="sodertorn-moten-{year}.json"'
    return readable_by_any_site(response)


def open_data(request):
    bounds = year_bounds(timezone.localdate())
    context = {"columns": OPEN_DATA_COLUMNS, "years": list(reversed(bounds.with_meetings))}
    return render(request, "meetings/open_data.html", context)


def document(request, name):
    """A meeting document, for anyone once public_rule() makes it public, and for staff who may view documents
    before."""
    if "\x00" in name:  # PostgreSQL refuses NUL in a text value; no file is named so
        raise Http404
    # Staff who may view documents read every file; anyone else those public_rule() makes public.
    documents = Document.objects.all() if request.user.has_perm("meetings.view_document") else Document.objects.public()
    document = get_object_or_404(documents, file=name)
    try:
        file = document.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(file, filename=name.rsplit("/", 1)[-1])
