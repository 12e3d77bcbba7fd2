"""The secretariat's calendar work: Swedish working days, publishing agendas on time, drafting a year's meetings
from each body's latest year and flagging the days to look at again; and the agenda's own: its numbering, the
body's standing items, copying a meeting."""

import datetime
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from dateutil.easter import easter
from django.contrib.humanize.templatetags.humanize import apnumber
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from holidays.constants import DE_FACTO, PUBLIC

from apps.bodies.models import WEEKDAYS, Body
from apps.municipalities.models import Municipality

from .models import AgendaItem, Meeting


ONE_DAY = datetime.timedelta(days=1)


@lru_cache(maxsize=32)
def swedish_holidays(year: int) -> dict[datetime.date, str]:
    """Days off in Sweden that are not weekends by nature: public holidays and the eves treated as such
    (midsommarafton, julafton, nyårsafton). Sundays are left out: every Sunday is a weekend day anyway."""
    days = holidays.Sweden(years=year, categories=(PUBLIC, DE_FACTO), include_sundays=False, language="sv")
    return {day: name for day, name in days.items() if name != "Söndag"}


def holiday_name(day: datetime.date) -> str | None:
    return swedish_holidays(day.year).get(day)


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5 and holiday_name(day) is None


def working_days_before(day: datetime.date, count: int) -> datetime.date:
    """The working day `count` working days before `day`."""
    while count:
        day -= datetime.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def agenda_deadline(meeting: Meeting) -> datetime.date | None:
    """The last day the agenda (the kallelse) may go out by the body's rule, or None for a meeting whose day is
    not fixed."""
    if meeting.is_month_only:
        return None
    return working_days_before(meeting.date, meeting.body.notice_working_days)


def agenda_is_late(meeting: Meeting, published_at: datetime.datetime | None = None) -> bool:
    """Whether the agenda was (or would be, at `published_at`) published after its deadline."""
    published_at = published_at or meeting.agenda_published_at
    deadline = agenda_deadline(meeting)
    if published_at is None or deadline is None:
        return False
    return timezone.localdate(published_at) > deadline


def publish_agenda(meeting: Meeting, user=None, now: datetime.datetime | None = None) -> bool:
    """Mark the meeting's agenda published now; returns whether that is later than the deadline."""
    meeting.agenda_published_at = now or timezone.now()
    meeting._history_user = user
    meeting.save()
    return agenda_is_late(meeting)


def late_agenda_message(meeting: Meeting) -> str:
    return _(
        "The agenda of %(meeting)s was published later than %(days)s working days before the meeting "
        "(the last day was %(deadline)s)."
    ) % {
        "meeting": meeting, "days": apnumber(meeting.body.notice_working_days),
        "deadline": date_format(agenda_deadline(meeting), "SHORT_DATE_FORMAT"),
    }


def days_from(first: datetime.date, last: datetime.date | None = None) -> list[datetime.date]:
    last = last or first
    return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]


def meeting_days(meeting: Meeting) -> list[datetime.date]:
    return days_from(meeting.date, meeting.end_date)


def maundy_thursday(year: int) -> datetime.date:
    """Skärtorsdagen: no public holiday, but in practice a half day off."""
    return easter(year) - datetime.timedelta(days=3)


def is_bridge_day(day: datetime.date) -> bool:
    """A klämdag: a working day between a holiday on a weekday and a weekend (or another holiday), which many
    take off."""
    if not is_working_day(day):
        return False
    before, after = day - ONE_DAY, day + ONE_DAY
    return any(
        holiday.weekday() < 5 and holiday_name(holiday) is not None and not is_working_day(other)
        for holiday, other in ((before, after), (after, before))
    )


def meeting_flags(meeting: Meeting, others_that_day: int = 0, other_bodies: str = "") -> list[str]:
    """What a planner should look at again: a public holiday, skärtorsdagen, a klämdag, a day that is not the
    body's usual weekday, `others_that_day` other meetings of the same body that day, and `other_bodies` (their
    names) meeting on one of its days. `meeting.body` should be fetched with the meeting; `flags_of` reads
    the last two from a queryset annotated by `with_planning_facts`."""
    if meeting.is_month_only or meeting.is_cancelled:
        return []
    flags = []
    days = meeting_days(meeting)
    for day in days:
        shown = date_format(day, "SHORT_DATE_FORMAT")
        name = holiday_name(day)
        if name:
            flags.append(_("%(day)s is a public holiday (%(name)s)") % {"day": shown, "name": name})
        elif day == maundy_thursday(day.year):
            flags.append(_("%(day)s is Maundy Thursday (skärtorsdagen), in practice a half day off") % {"day": shown})
        elif is_bridge_day(day):
            flags.append(_("%(day)s is a bridge day between a holiday and a weekend (klämdag)") % {"day": shown})
    usual = meeting.body.usual_weekday
    if usual is not None and all(day.weekday() != usual for day in days):
        flags.append(_("not a %(weekday)s, the body's usual day") % {"weekday": str(dict(WEEKDAYS)[usual]).lower()})
    if others_that_day:
        flags.append(_("the body has another meeting that day"))
    if other_bodies:
        flags.append(_("clashes with %(bodies)s the same day") % {"bodies": other_bodies})
    return flags


def others_that_day():
    """An annotation counting the same body's other meetings on a meeting's first day (cancelled ones apart)."""
    same_day = Meeting.objects.filter(
        body=models.OuterRef("body"), date=models.OuterRef("date"), date_precision=Meeting.Precision.DAY
    ).exclude(pk=models.OuterRef("pk")).exclude(status=Meeting.Status.CANCELLED)
    return models.Subquery(
        same_day.order_by().values("body").annotate(n=models.Count("pk")).values("n")[:1],
        output_field=models.IntegerField(),
    )


def other_bodies_that_day():
    """An annotation naming, by their short names, the other bodies meeting on any day of a meeting (cancelled
    meetings and those known only to the month apart)."""
    overlapping = (
        Meeting.objects.filter(
            date_precision=Meeting.Precision.DAY,
            date__lte=Coalesce(models.OuterRef("end_date"), models.OuterRef("date")),
        )
        .annotate(last=Coalesce("end_date", "date")).filter(last__gte=models.OuterRef("date"))
        .exclude(body=models.OuterRef("body")).exclude(status=Meeting.Status.CANCELLED)
    )
    # Neither DISTINCT nor ORDER BY inside the aggregate: SQLite (the development server) has neither with a
    # separator; flags_of sorts the names and drops repeats.
    names = models.StringAgg("body__short_name", models.Value(", "))
    return models.Subquery(
        overlapping.order_by().values("date_precision").annotate(names=names).values("names")[:1],
        output_field=models.TextField(),
    )


def with_planning_facts(queryset):
    """`queryset` with what `flags_of` reads: the same body's other meetings that day, the other bodies
    meeting then."""
    return queryset.select_related("body").annotate(
        others_that_day=others_that_day(), other_bodies_that_day=other_bodies_that_day()
    )


def flags_of(meeting: Meeting) -> list[str]:
    """`meeting_flags` of a meeting read through `with_planning_facts`."""
    others = ", ".join(sorted(set(filter(None, (meeting.other_bodies_that_day or "").split(", ")))))
    return meeting_flags(meeting, meeting.others_that_day or 0, others)


class Pattern(models.TextChoices):
    NTH_WEEKDAY = "nth_weekday", gettext_lazy("the same weekday of the month (e.g. the first Thursday in February)")
    WEEK_NUMBER = "week_number", gettext_lazy("the same weekday of the same week number")


def same_day_in(day: datetime.date, year: int, pattern: str = Pattern.NTH_WEEKDAY) -> datetime.date:
    """The day of `year` that corresponds to `day` in the given pattern: the same weekday of the same week of
    the month (the last one when that month of `year` has no fifth), or of the same ISO week (week 52 when `year`
    has no week 53)."""
    if pattern == Pattern.WEEK_NUMBER:
        _year, week, weekday = day.isocalendar()
        try:
            return datetime.date.fromisocalendar(year, week, weekday)
        except ValueError:
            return datetime.date.fromisocalendar(year, 52, weekday)
    nth = (day.day - 1) // 7
    first = datetime.date(year, day.month, 1)
    candidate = first + datetime.timedelta(days=(day.weekday() - first.weekday()) % 7 + 7 * nth)
    if candidate.month != day.month:
        candidate -= datetime.timedelta(days=7)
    return candidate


@dataclass
class DraftedMeeting:
    meeting: Meeting
    flags: list[str] = field(default_factory=list)


@dataclass
class BodyPlan:
    """What drafting a year did for one body: the year it drafted from (None: the body had no meetings before),
    the meetings drafted, and the days skipped because the body already meets then."""

    body: Body
    source_year: int | None = None
    drafted: list[DraftedMeeting] = field(default_factory=list)
    skipped: list[datetime.date] = field(default_factory=list)


def source_years(bodies, year: int) -> dict[int, tuple[int, int]]:
    """For each body (by pk) that has one, the year to draft `year` from and how many meetings it holds: the
    latest year before `year` in which the body has a meeting with its day fixed. A year known only by months
    ahead (the next January in a yearly plan) is no year of meetings yet. Cancelled meetings do not count."""
    rows = (
        Meeting.objects.filter(body__in=bodies, date__year__lt=year).exclude(status=Meeting.Status.CANCELLED)
        .annotate(year=ExtractYear("date")).order_by().values("body", "year")
        .annotate(meetings=models.Count("pk"), dated=models.Count("pk", filter=Q(date_precision=Meeting.Precision.DAY)))
    )
    found = {}
    for row in rows:
        if row["dated"] and row["year"] > found.get(row["body"], (0, 0))[0]:
            found[row["body"]] = (row["year"], row["meetings"])
    return found


class HostShares:
    """Hosts for a body without a rotation, shared out fairly: each meeting goes to the municipalities that have
    hosted the body's meetings the fewest times, among them the one that hosted longest ago (or never) first,
    so that over the years every municipality hosts as often as the others."""

    def __init__(self, body: Body):
        self.municipalities = list(Municipality.objects.order_by("name"))
        self.times = {municipality.pk: 0 for municipality in self.municipalities}
        self.last = {}
        hosted = (
            Meeting.hosts.through.objects.filter(meeting__body=body).exclude(meeting__status=Meeting.Status.CANCELLED)
            .order_by().values("municipality").annotate(times=models.Count("pk"), last=models.Max("meeting__date"))
        )
        for row in hosted:
            self.times[row["municipality"]] = row["times"]
            self.last[row["municipality"]] = row["last"]

    def take(self, count: int, day: datetime.date) -> list[Municipality]:
        order = {municipality.pk: n for n, municipality in enumerate(self.municipalities)}
        chosen = sorted(
            self.municipalities,
            key=lambda m: (self.times[m.pk], self.last.get(m.pk, datetime.date.min), order[m.pk]),
        )[:count]
        for municipality in chosen:
            self.times[municipality.pk] += 1
            self.last[municipality.pk] = day
        return chosen


def draft_year(bodies, year: int, pattern: str = Pattern.NTH_WEEKDAY, user=None) -> list[BodyPlan]:
    """Draft the meetings of `year` for each of `bodies` from its latest year of meetings before it
    (`source_years`): the same kind, weekday pattern and hours, as drafts, seen only in the admin until
    confirmed, each agenda opened by the body's standing items. Hosts follow the body's rotation if it has one,
    else are shared out fairly (`HostShares`); a place is kept only with the same hosts. A meeting whose day the
    body already meets on is skipped, so that drafting a year again adds only what is missing. Cancelled
    meetings are not carried over. The drafted meetings' flags are what the meeting list shows."""
    bodies = list(bodies)
    sources = source_years(bodies, year)
    plans = [BodyPlan(body, sources.get(body.pk, (None,))[0]) for body in bodies]
    with transaction.atomic():
        for plan in plans:
            if plan.source_year is not None:
                _draft_body(plan, year, pattern, user)
    drafted = {item.meeting.pk: item for plan in plans for item in plan.drafted}
    for meeting in with_planning_facts(Meeting.objects.filter(pk__in=list(drafted))):
        drafted[meeting.pk].flags = flags_of(meeting)
    return plans


def _days_taken(body: Body, year: int) -> tuple[set[datetime.date], set[int]]:
    """The days of `year` the body already meets on, and the months it has a meeting known only to the month."""
    days, months = set(), set()
    existing = Meeting.objects.filter(body=body).filter(Q(date__year=year) | Q(end_date__year=year)).exclude(
        status=Meeting.Status.CANCELLED
    )
    for meeting in existing:
        if meeting.is_month_only:
            months.add(meeting.date.month)
        else:
            days.update(meeting_days(meeting))
    return days, months


def _draft_body(plan: BodyPlan, year: int, pattern: str, user) -> None:
    body = plan.body
    source = (
        Meeting.objects.filter(body=body, date__year=plan.source_year).exclude(status=Meeting.Status.CANCELLED)
        .prefetch_related("hosts").order_by("date", "start_time", "pk")
    )
    taken_days, taken_months = _days_taken(body, year)
    rotation = body.rotations.prefetch_related("years__municipality").first()
    rotation_host = rotation.host_for(year, list(rotation.years.all())) if rotation else None
    shares = None if rotation_host else HostShares(body)
    for old in source:
        if old.is_month_only:
            day, end = datetime.date(year, old.date.month, 1), None
            taken = old.date.month in taken_months
        else:
            day = same_day_in(old.date, year, pattern)
            end = day + (old.end_date - old.date) if old.end_date else None
            taken = any(other in taken_days for other in days_from(day, end))
        if taken:
            plan.skipped.append(day)
            continue
        old_hosts = list(old.hosts.all())
        if rotation_host:
            hosts = [rotation_host]
        else:
            hosts = shares.take(len(old_hosts), day) if old_hosts else []
        new = Meeting(
            body=body, kind=old.kind, title=old.title, date=day, date_precision=old.date_precision, end_date=end,
            start_time=old.start_time, end_time=old.end_time,
            place=old.place if {h.pk for h in hosts} == {h.pk for h in old_hosts} else "",
            status=Meeting.Status.PLANNED, is_draft=True,
        )
        new._history_user = user
        new.save()
        new.hosts.set(hosts)
        add_standing_items(new, user=user)
        plan.drafted.append(DraftedMeeting(new))


def renumber_agenda(meeting: Meeting, items: list[AgendaItem], *, edited=(), user=None) -> None:
    """Save `items`, all of the meeting's agenda items in their new order, numbered 1..n: new items and those in
    `edited` in full, the others only when their number changes.

    The database checks one number per item of a meeting row by row, so two items cannot simply swap numbers.
    Every item is first parked above every number in use and every number to be given, in one UPDATE whose new
    values cannot meet the old ones; then each takes its place; the items whose place did not change go back
    from the parking in one more UPDATE."""
    count = len(items)
    with transaction.atomic():
        before = dict(meeting.items.values_list("pk", "number"))
        offset = max([count, *before.values()]) + 1
        meeting.items.update(number=F("number") + offset)
        for position, item in enumerate(items, 1):
            moved = item.pk is None or before.get(item.pk) != position
            item.number = position
            if moved or any(item is other for other in edited):
                item.meeting = meeting
                if user is not None:
                    item._history_user = user
                item.save()
        meeting.items.filter(number__gt=count).update(number=F("number") - offset)


def add_standing_items(meeting: Meeting, user=None) -> list[AgendaItem]:
    """Put the body's standing items (Mötets öppnande, Val av justerare …) first on the meeting's agenda, before
    any items it already has, which move down. For a new meeting; returns the items added."""
    standing = list(meeting.body.standing_items.all())
    if not standing:
        return []
    added = [AgendaItem(meeting=meeting, title=item.title, asked=item.asked) for item in standing]
    renumber_agenda(meeting, added + list(meeting.items.order_by("number", "pk")), user=user)
    return added


def copy_meeting(meeting: Meeting, user=None) -> Meeting:
    """A new planned meeting a week after `meeting`: the same body, kind, title, hosts, hours, place and agenda
    items, with nothing of what happened to the original (no publication, diary number, documents or kallelse)."""
    week = datetime.timedelta(days=7)
    copy = Meeting(
        body=meeting.body, kind=meeting.kind, title=meeting.title, date=meeting.date + week,
        date_precision=meeting.date_precision, end_date=meeting.end_date + week if meeting.end_date else None,
        start_time=meeting.start_time, end_time=meeting.end_time, place=meeting.place,
        status=Meeting.Status.PLANNED,
    )
    copy._history_user = user
    with transaction.atomic():
        copy.save()
        copy.hosts.set(meeting.hosts.all())
        for item in meeting.items.order_by("number"):
            new = AgendaItem(
                meeting=copy, number=item.number, title=item.title, description=item.description,
                presenter=item.presenter, asked=item.asked, proposed_decision=item.proposed_decision,
            )
            new._history_user = user
            new.save()
    return copy


def absence_deadline(meeting: Meeting) -> datetime.date | None:
    """The last day to report absence (förhinder): the working day before the meeting; None when the meeting
    has no fixed day or is cancelled."""
    if meeting.is_month_only or meeting.status == Meeting.Status.CANCELLED:
        return None
    return working_days_before(meeting.date, 1)
