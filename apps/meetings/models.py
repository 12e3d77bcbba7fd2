import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .storage import DocumentStorage
from .validators import validate_document_file


class MeetingQuerySet(models.QuerySet):
    def with_related(self):
        return self.select_related("body").prefetch_related("hosts")

    def upcoming(self, today=None):
        today = today or timezone.localdate()
        return self.filter(Q(end_date__gte=today) | Q(end_date__isnull=True, date__gte=today)).exclude(
            status=Meeting.Status.CANCELLED
        )

    def past(self, today=None):
        today = today or timezone.localdate()
        return self.filter(Q(end_date__lt=today) | Q(end_date__isnull=True, date__lt=today))

    def in_year(self, year):
        return self.filter(date__year=year)

    def dated(self):
        """Meetings whose day is fixed; month-only meetings are left out."""
        return self.filter(date_precision=Meeting.Precision.DAY)


class Meeting(models.Model):
    class Precision(models.TextChoices):
        DAY = "day", _("day")
        MONTH = "month", _("month only (date not fixed)")

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", _("ordinary meeting")
        PLANNING_CONFERENCE = "planning_conference", _("planning conference")
        CONFERENCE = "conference", _("conference")
        COUNCIL = "council", _("council (rådslag)")
        KEY_FIGURE_DAY = "key_figure_day", _("key figure day")
        EXTRA = "extra", _("extra meeting")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        CONFIRMED = "confirmed", _("confirmed")
        CANCELLED = "cancelled", _("cancelled")
        HELD = "held", _("held")

    body = models.ForeignKey(
        "bodies.Body", on_delete=models.PROTECT, related_name="meetings", verbose_name=_("body")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices, default=Kind.ORDINARY)
    title = models.CharField(
        _("title"), max_length=200, blank=True, help_text=_("Leave empty to use the body's name.")
    )
    date = models.DateField(
        _("date"), help_text=_("For a meeting known only to the month, any day of that month (the first is stored).")
    )
    date_precision = models.CharField(
        _("date precision"), max_length=10, choices=Precision.choices, default=Precision.DAY
    )
    end_date = models.DateField(_("last day"), null=True, blank=True, help_text=_("Only for meetings over several days."))
    start_time = models.TimeField(_("starts"), null=True, blank=True, help_text=_("Empty: the body's usual hours."))
    end_time = models.TimeField(_("ends"), null=True, blank=True)
    hosts = models.ManyToManyField(
        "municipalities.Municipality", related_name="hosted_meetings", blank=True, verbose_name=_("hosts")
    )
    place = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_("Empty: the host municipality's meeting venue."),
    )
    diary_number = models.CharField(_("diary number"), max_length=50, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    sequence = models.PositiveIntegerField(
        _("revision"), default=0, editable=False, help_text=_("Raised on every change, for calendar feeds.")
    )
    agenda_published_at = models.DateTimeField(_("agenda published"), null=True, blank=True)
    documents_published = models.BooleanField(
        _("documents published"), default=False, help_text=_("Attachments and minutes are public only when set.")
    )
    notes = models.TextField(_("notes"), blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    history = HistoricalRecords(m2m_fields=[hosts])

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["date", "start_time", "body__order"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gt=F("date")),
                name="meeting_ends_after_start",
                violation_error_message=_("The last day must be after the first day of the meeting."),
            ),
            models.CheckConstraint(
                condition=Q(start_time__isnull=True) | Q(end_time__isnull=True) | Q(end_date__isnull=False)
                | Q(end_time__gt=F("start_time")),
                name="meeting_end_time_after_start_time",
                violation_error_message=_("The meeting must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(date_precision="day") | Q(date__day=1, end_date__isnull=True),
                name="month_only_meeting_has_no_day",
                violation_error_message=_("A meeting known only to the month cannot have a last day."),
            ),
        ]

    def __str__(self):
        return f"{self.display_title} {self.date:%Y-%m-%d}"

    @property
    def display_title(self):
        if self.title:
            return self.title
        if self.kind == self.Kind.PLANNING_CONFERENCE:
            return f"{self.body.short_name}: {self.get_kind_display()}"
        return self.body.name

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def last_day(self):
        return self.end_date or self.date

    @property
    def is_month_only(self):
        return self.date_precision == self.Precision.MONTH

    def get_absolute_url(self):
        return reverse("meetings:detail", args=[self.pk])

    def venue(self, hosts) -> str:
        """Where the meeting is held, as the kallelse says it: its own place if one is set, else the meeting
        venue of its hosts (`hosts`, fetched by the caller), else empty."""
        if self.place:
            return self.place
        return "; ".join(host.venue for host in hosts if host.venue)

    def clean(self):
        if self.date_precision == self.Precision.MONTH and self.date:
            self.date = self.date.replace(day=1)

    def save(self, *args, **kwargs):
        self.complete()
        if self.pk:
            self.sequence += 1
        super().save(*args, **kwargs)

    def complete(self):
        """What saving fills in: the first of the month for a month-only meeting, the body's usual hours for an
        ordinary meeting without times. Also called for meetings inserted in bulk, which skip save()."""
        if self.date_precision == self.Precision.MONTH:
            self.date = self.date.replace(day=1)
        elif self.kind == self.Kind.ORDINARY and self.start_time is None and self.end_time is None and self.body_id:
            self.start_time, self.end_time = self.body.usual_start, self.body.usual_end

    def starts_at(self):
        """The start as an aware datetime in Stockholm, or None when there is no time."""
        if self.start_time is None or self.is_month_only:
            return None
        return datetime.datetime.combine(self.date, self.start_time, tzinfo=timezone.get_default_timezone())


class AgendaItem(models.Model):
    # What the portal's search reads, in this order: migration 0004 indexes exactly this expression.
    SEARCH_FIELDS = ("title", "description", "presenter", "proposed_decision")

    class Asked(models.TextChoices):
        INFORMATION = "information", _("information")
        DISCUSSION = "discussion", _("discussion")
        DECISION = "decision", _("decision")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items", verbose_name=_("meeting"))
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    presenter = models.CharField(_("presenter"), max_length=200, blank=True)
    asked = models.CharField(_("asked"), max_length=20, choices=Asked.choices, default=Asked.INFORMATION)
    proposed_decision = models.TextField(_("proposed decision"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"], name="one_agenda_item_per_number",
                violation_error_message=_("The meeting already has an agenda item with this number."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="agenda_item_number_positive"),
        ]

    def __str__(self):
        return f"{self.number}. {self.title}"


class Document(models.Model):
    """A file belonging to a meeting: an attachment to an agenda item, or the minutes."""

    class Kind(models.TextChoices):
        ATTACHMENT = "attachment", _("attachment")
        MINUTES = "minutes", _("minutes")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="documents", verbose_name=_("meeting")
    )
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="documents",
        verbose_name=_("agenda item"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ATTACHMENT)
    title = models.CharField(_("title"), max_length=300)
    file = models.FileField(
        _("file"), upload_to="meetings/%Y/", storage=DocumentStorage(), validators=[validate_document_file],
        help_text=_("PDF, Word (.docx, .doc) or Excel (.xlsx, .xls)."),
    )
    uploaded_at = models.DateTimeField(_("uploaded"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "kind", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def clean(self):
        if self.agenda_item_id and self.meeting_id and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError({"agenda_item": _("The agenda item belongs to another meeting.")})

    def is_public(self) -> bool:
        """Whether anyone may read the file: exactly the documents the public meeting page lists."""
        meeting = self.meeting
        if not meeting.documents_published:
            return False
        if self.agenda_item_id and self.kind != self.Kind.MINUTES:
            return meeting.agenda_published_at is not None and meeting.agenda_published_at <= timezone.now()
        return True


class StandingItem(models.Model):
    """An item every agenda of a body starts with (Mötets öppnande, Val av justerare …), added to each new
    meeting of the body, where it can be edited like any other item."""

    body = models.ForeignKey(
        "bodies.Body", on_delete=models.CASCADE, related_name="standing_items", verbose_name=_("body")
    )
    number = models.PositiveSmallIntegerField(_("number"), default=0)
    title = models.CharField(_("title"), max_length=300)
    asked = models.CharField(
        _("asked"), max_length=20, choices=AgendaItem.Asked.choices, default=AgendaItem.Asked.INFORMATION
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["body", "number", "pk"]
        verbose_name = _("standing agenda item")
        verbose_name_plural = _("standing agenda items")

    def __str__(self):
        return self.title


class Notice(models.Model):
    """One version of a meeting's kallelse as it was issued: the first, then each changed kallelse.

    `snapshot` keeps what the members were told (time, place, items), so that the next version can say what
    changed; `sequence` is the meeting's revision at issue, the SEQUENCE of the calendar invitation sent with it.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="notices", verbose_name=_("meeting"))
    version = models.PositiveSmallIntegerField(_("version"))
    issued_at = models.DateTimeField(_("issued"), default=timezone.now)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("issued by"),
    )
    sequence = models.PositiveIntegerField(_("revision of the meeting"))
    snapshot = models.JSONField(_("what it said"), default=dict)
    changes = models.TextField(_("what changed"), blank=True)

    class Meta:
        ordering = ["meeting", "version"]
        get_latest_by = "version"
        verbose_name = _("issued kallelse")
        verbose_name_plural = _("issued kallelser")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="one_notice_per_version"),
        ]

    def __str__(self):
        return f"{self.meeting} – {self.version}"

    @property
    def is_changed(self) -> bool:
        return self.version > 1
