"""The secretariat's calendar work: Swedish working days, publishing agendas on time, drafting next year's
meeting plan from this year's; and the agenda's own: its numbering, the body's standing items, copying a meeting."""

import datetime
from dataclasses import dataclass, field
from functools import lru_cache

import holidays
from django.contrib.humanize.templatetags.humanize import apnumber
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from holidays.constants import DE_FACTO, PUBLIC

from apps.bodies.models import WEEKDAYS, Body

from .models import AgendaItem, Meeting


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


def meeting_days(meeting: Meeting) -> list[datetime.date]:
    last = meeting.end_date or meeting.date
    return [meeting.date + datetime.timedelta(days=n) for n in range((last - meeting.date).days + 1)]


def meeting_flags(meeting: Meeting, others_that_day: int = 0) -> list[str]:
    """What a planner should look at again: public holidays, a day that is not the body's usual weekday,
    another meeting of the same body on the same day. `meeting.body` should be fetched with the meeting."""
    if meeting.is_month_only or meeting.is_cancelled:
        return []
    flags = []
    days = meeting_days(meeting)
    for day in days:
        name = holiday_name(day)
        if name:
            flags.append(_("%(day)s is a public holiday (%(name)s)") % {
                "day": date_format(day, "SHORT_DATE_FORMAT"), "name": name})
    usual = meeting.body.usual_weekday
    if usual is not None and all(day.weekday() != usual for day in days):
        flags.append(_("not a %(weekday)s, the body's usual day") % {"weekday": str(dict(WEEKDAYS)[usual]).lower()})
    if others_that_day:
        flags.append(_("the body has another meeting that day"))
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


class Pattern(models.TextChoices):
    NTH_WEEKDAY = "nth_weekday", gettext_lazy("the same weekday of the month (e.g. the first Thursday in February)")
    WEEK_NUMBER = "week_number", gettext_lazy("the same weekday of the same week number")


def next_year_date(day: datetime.date, pattern: str = Pattern.NTH_WEEKDAY) -> datetime.date:
    """The day next year that corresponds to `day` in the given pattern."""
    if pattern == Pattern.WEEK_NUMBER:
        _year, week, weekday = day.isocalendar()
        try:
            return datetime.date.fromisocalendar(day.year + 1, week, weekday)
        except ValueError:  # week 53 does not exist next year
            return datetime.date.fromisocalendar(day.year + 1, 52, weekday)
    nth = (day.day - 1) // 7
    first = datetime.date(day.year + 1, day.month, 1)
    candidate = first + datetime.timedelta(days=(day.weekday() - first.weekday()) % 7 + 7 * nth)
    if candidate.month != day.month:  # a fifth weekday that next year's month lacks: take the last one
        candidate -= datetime.timedelta(days=7)
    return candidate


class PlanningError(Exception):
    """A plan that cannot be drafted; the message says why."""


@dataclass
class DraftedMeeting:
    meeting: Meeting
    flags: list[str] = field(default_factory=list)


def draft_next_year(body: Body, year: int, pattern: str = Pattern.NTH_WEEKDAY, user=None) -> list[DraftedMeeting]:
    """Draft `body`'s meetings of `year` + 1 from those of `year`: the same weekday pattern, days and hours,
    as planned meetings. Hosts follow the body's rotation if it has one, else this year's hosts in order.
    Cancelled meetings are not carried over."""
    target = year + 1
    if Meeting.objects.filter(body=body, date__year=target).exists():
        raise PlanningError(
            _("%(body)s already has meetings in %(year)s; nothing was drafted.") % {"body": body, "year": target}
        )
    source = list(
        Meeting.objects.filter(body=body, date__year=year).exclude(status=Meeting.Status.CANCELLED)
        .select_related("body").prefetch_related("hosts").order_by("date", "start_time")
    )
    if not source:
        raise PlanningError(_("%(body)s has no meetings in %(year)s to draft from.") % {"body": body, "year": year})
    rotation = body.rotations.prefetch_related("years__municipality").first()
    rotation_host = rotation.host_for(target, list(rotation.years.all())) if rotation else None

    drafted = []
    with transaction.atomic():
        for old in source:
            if old.is_month_only:
                day, end = datetime.date(target, old.date.month, 1), None
            else:
                day = next_year_date(old.date, pattern)
                end = day + (old.end_date - old.date) if old.end_date else None
            new = Meeting(
                body=body, kind=old.kind, title=old.title, date=day, date_precision=old.date_precision,
                end_date=end, start_time=old.start_time, end_time=old.end_time, place=old.place,
                status=Meeting.Status.PLANNED,
            )
            new._history_user = user
            new.save()
            new.hosts.set([rotation_host] if rotation_host else list(old.hosts.all()))
            drafted.append(DraftedMeeting(new))

    per_day = {}
    for meeting in Meeting.objects.filter(body=body, date__year=target, date_precision=Meeting.Precision.DAY).exclude(
        status=Meeting.Status.CANCELLED
    ):
        per_day[meeting.date] = per_day.get(meeting.date, 0) + 1
    for item in drafted:
        others = per_day.get(item.meeting.date, 1) - 1 if not item.meeting.is_month_only else 0
        item.flags = meeting_flags(item.meeting, others)
    return drafted


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
