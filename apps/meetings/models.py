import calendar
import datetime
import hashlib
import logging
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from pypdf import PdfReader
from simple_history.models import HistoricalRecords

from apps.core.search import search_vector
from apps.municipalities.models import Municipality

from .storage import DocumentStorage
from .validators import PDF_MAGIC, validate_document_file

logger = logging.getLogger(__name__)


def _over(today, via=""):
    """What Meeting.is_over says, as a condition (on the meeting through `via`): the last day is behind `today`, or
    for a month-only meeting its month is."""
    month_only = Q(**{f"{via}date_precision": "month"})
    return (
        (month_only & Q(**{f"{via}date__lt": today.replace(day=1)}))
        | (~month_only & (Q(**{f"{via}end_date__lt": today})
                          | Q(**{f"{via}end_date__isnull": True, f"{via}date__lt": today})))
    )


def _held(today, via=""):
    """What Meeting.state_on calls held or past, as a condition: not cancelled, and recorded as held on or before
    its day, or its day (not only its month) behind `today`."""
    return ~Q(**{f"{via}status": "cancelled"}) & (
        Q(**{f"{via}status": "held", f"{via}date__lte": today})
        | (Q(**{f"{via}date_precision": "day"}) & _over(today, via))
    )


@dataclass(frozen=True)
class Public:
    """THE rule of what the public may read of a meeting, each part a condition on the meeting's row (or, with
    `via="meeting__"`, on a row that belongs to a meeting). Made by `public_rule()`; nothing else decides it.

    - `meeting`: the meeting itself, on the calendar, its page, feeds and open data: it is not a draft.
    - `agenda`: its items (page, kallelse PDF, search): the meeting is public and its agenda is published (the
      time of publishing reached).
    - `documents`: its documents that belong to no agenda item: the meeting is public and its documents published.
    - `papers`: the attachments of its items, and the bundle of papers: the documents published and the agenda
      public, since an attachment is read with its item.
    - `held`: the meeting has taken place: not cancelled, and recorded as held or its day past (what
      Meeting.state_on calls held or past).
    - `minutes`: the minutes app's published version (and the adjusted versions it replaced): the meeting public
      and held, and a version published.
    - `minutes_files`: minutes uploaded as a document: the meeting held and its documents published.
    A cancelled meeting keeps the agenda and documents it published; it has no minutes.
    """

    meeting: Q
    agenda: Q
    documents: Q
    papers: Q
    held: Q
    minutes: Q
    minutes_files: Q


def public_rule(now=None, via: str = "") -> Public:
    """The rule (see Public) at `now` (default: this moment), its conditions read on the meeting through `via`."""
    now = now or timezone.now()
    meeting = Q(**{f"{via}is_draft": False})
    agenda = meeting & Q(**{f"{via}agenda_published_at__lte": now})
    documents = meeting & Q(**{f"{via}documents_published": True})
    held = _held(timezone.localdate(now), via)
    published = Meeting.objects.filter(pk=models.OuterRef(f"{via}pk"), minutes__published=True)
    return Public(
        meeting=meeting, agenda=agenda, documents=documents, papers=agenda & Q(**{f"{via}documents_published": True}),
        held=held, minutes=meeting & held & Q(models.Exists(published)), minutes_files=documents & held,
    )


class MeetingQuerySet(models.QuerySet):
    def public(self):
        """The meetings anyone may see: all but drafts (public_rule's `meeting`). Every public page, feed,
        open-data file and search reads meetings through this; what of a meeting is public, with_public_parts."""
        return self.filter(public_rule().meeting)

    def with_public_parts(self, now=None):
        """With what public_rule() says of each meeting at `now`, as booleans that read no more rows:
        `agenda_is_public`, `documents_are_public`, `papers_are_public`, `is_held`, `minutes_are_public`,
        `minutes_files_are_public`; and `published_minutes_id` (with_published_minutes)."""
        rule = public_rule(now)
        flags = {
            "agenda_is_public": rule.agenda, "documents_are_public": rule.documents, "papers_are_public": rule.papers,
            "is_held": rule.held, "minutes_are_public": rule.minutes, "minutes_files_are_public": rule.minutes_files,
        }
        return self.annotate(
            **{name: models.ExpressionWrapper(condition, output_field=models.BooleanField())
               for name, condition in flags.items()}
        ).with_published_minutes(now)

    def with_public_agenda(self, now=None):
        return self.filter(public_rule(now).agenda)

    def with_public_minutes(self, now=None):
        """The meetings whose minutes (the published version and those it replaced) anyone may read."""
        return self.filter(public_rule(now).minutes)

    def held(self, today=None):
        """Meetings that have taken place by `today` (public_rule's `held`)."""
        return self.filter(_held(today or timezone.localdate()))

    def with_published_minutes(self, now=None):
        """With `published_minutes_id`: the version of the meeting's minutes that the minutes app has published
        (adjusted, the latest such), read through the relation, in the same query; None also while public_rule()
        keeps the meeting's minutes from the public (a meeting not held)."""
        published = Meeting.objects.filter(pk=models.OuterRef("pk"), minutes__published=True).values("minutes__pk")
        return self.annotate(published_minutes_id=models.Case(
            models.When(public_rule(now).minutes, then=models.Subquery(published[:1])), default=None,
        ))

    def with_related(self):
        """With the body, and the hosts in the order every page names them (municipalities.models.host_order)."""
        return self.select_related("body").prefetch_related(
            models.Prefetch("hosts", queryset=Municipality.objects.largest_first())
        )

    def ahead(self, today=None):
        """Meetings not over on `today` (Meeting.is_over), cancelled ones included."""
        today = today or timezone.localdate()
        return self.exclude(_over(today))

    def upcoming(self, today=None):
        """Meetings not over on `today`, cancelled ones left out."""
        return self.ahead(today).exclude(status=Meeting.Status.CANCELLED)

    def past(self, today=None):
        """Meetings over on `today` (Meeting.is_over)."""
        today = today or timezone.localdate()
        return self.filter(_over(today))

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

    class State(models.TextChoices):
        """What every page, file and feed says of a meeting: its status as the secretariat keeps it, read
        against the day (Meeting.state_on)."""

        PLANNED = "planned", _("planned")
        CONFIRMED = "confirmed", _("confirmed")
        CANCELLED = "cancelled", _("cancelled")
        HELD = "held", _("held")
        PAST = "past", _("Past")
        NOT_FIXED = "not_fixed", _("date never fixed")

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
    is_draft = models.BooleanField(
        _("draft"), default=False,
        help_text=_("A drafted meeting is seen only here, in the admin, until it is confirmed or this is unticked."),
    )
    sequence = models.PositiveIntegerField(
        _("revision"), default=0, editable=False, help_text=_("Raised on every change, for calendar feeds.")
    )
    agenda_published_at = models.DateTimeField(_("agenda published"), null=True, blank=True)
    documents_published = models.BooleanField(
        _("documents published"), default=False, help_text=_("Attachments and minutes are public only when set.")
    )
    notes = models.TextField(_("notes"), blank=True)
    # The last change: the open data's updated_at, the feeds' stamps, the documents' versions and the read API's
    # modified (and modified_since) all read this one field.
    modified = models.DateTimeField(_("modified"), auto_now=True, db_default=Now(), db_index=True)
    # The search finds a meeting by these and by its body, hosts and kind (apps/portal/search.py).
    search_vector = search_vector(A=("title",), B=("place",))
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

    def is_over(self, today) -> bool:
        """Whether the meeting's last day, or for a month-only meeting its month, is behind `today`."""
        if self.is_month_only:
            last = self.date.replace(day=calendar.monthrange(self.date.year, self.date.month)[1])
        else:
            last = self.last_day
        return last < today

    def state_on(self, today) -> "Meeting.State":
        """The meeting's state for display on `today`, the one decision every page, file and feed shows.

        Cancelled stays cancelled and held stays held. A meeting whose day has passed is never "planned": it is
        past (not recorded as held), or, known only to its month and the month over, its date was never fixed.
        """
        if self.status == self.Status.CANCELLED:
            return self.State.CANCELLED
        over = self.is_over(today)
        if self.status == self.Status.HELD and (over or self.date <= today):
            return self.State.HELD
        if over:
            return self.State.NOT_FIXED if self.is_month_only else self.State.PAST
        if self.status in (self.Status.CONFIRMED, self.Status.HELD):
            return self.State.CONFIRMED
        return self.State.PLANNED

    @property
    def state(self) -> "Meeting.State":
        """The state today (Europe/Stockholm); reads no rows."""
        return self.state_on(timezone.localdate())

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

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        meeting = super().from_db(db, field_names, values, **kwargs)
        meeting._stored_publication = meeting._publication()
        return meeting

    def _publication(self):
        """Whether the meeting is public and its documents are: what makes its items and documents public."""
        return self.__dict__.get("is_draft"), self.__dict__.get("documents_published")

    def save(self, *args, **kwargs):
        self.complete()
        if self.pk:
            self.sequence += 1
        super().save(*args, **kwargs)
        stored, now_published = getattr(self, "_stored_publication", None), self._publication()
        if stored is not None and None not in stored + now_published and stored != now_published:
            # Its items and documents became public, or stopped being, without changing themselves: they say they
            # changed, so that a harvester asking the read API what changed since (modified_since) learns it.
            moment = timezone.now()
            self.items.update(modified=moment)
            self.documents.update(modified=moment)
        self._stored_publication = now_published

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


class AgendaItemQuerySet(models.QuerySet):
    def public(self, now=None):
        """The items anyone may read: of meetings whose agenda is public (public_rule)."""
        return self.filter(public_rule(now, via="meeting__").agenda)


class AgendaItem(models.Model):
    modified = models.DateTimeField(_("modified"), auto_now=True, db_default=Now(), db_index=True)
    # What the portal's search reads: stored in search_vector on PostgreSQL, matched one by one on SQLite.
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
    search_vector = search_vector(A=("title",), B=("proposed_decision",), C=("description", "presenter"))
    history = HistoricalRecords()

    objects = AgendaItemQuerySet.as_manager()

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


class DocumentQuerySet(models.QuerySet):
    def public(self, now=None):
        """The documents anyone may read, list and find (public_rule): minutes by the rule of minutes files, an
        item's attachment by the rule of papers, any other by the rule of documents."""
        rule = public_rule(now, via="meeting__")
        minutes = Q(kind=Document.Kind.MINUTES)
        return self.filter(
            (minutes & rule.minutes_files)
            | (~minutes & Q(agenda_item__isnull=False) & rule.papers)
            | (~minutes & Q(agenda_item__isnull=True) & rule.documents)
        )


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
    # What the read API tells a harvester about the file without it being read again (apps/api).
    size = models.PositiveBigIntegerField(_("size (bytes)"), null=True, blank=True, editable=False)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True, editable=False)
    text = models.TextField(
        _("text"), blank=True, editable=False,
        help_text=_("The text of a PDF file, read when it is uploaded, for the search."),
    )
    modified = models.DateTimeField(_("modified"), auto_now=True, db_default=Now(), db_index=True)
    search_vector = search_vector(A=("title",), C=("text",))
    # The text is the file's, which the history keeps by name; and without it, no vector either.
    history = HistoricalRecords(excluded_fields=["text", "search_vector"])

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "kind", "title"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self):
        return self.title

    def clean(self):
        if self.agenda_item_id and self.meeting_id and self.agenda_item.meeting_id != self.meeting_id:
            raise ValidationError({"agenda_item": _("The agenda item belongs to another meeting.")})

    @classmethod
    def from_db(cls, db, field_names, values, **kwargs):
        document = super().from_db(db, field_names, values, **kwargs)
        document._stored_file = document.__dict__.get("file")  # the name stored, to see a new file by
        return document

    def save(self, *args, **kwargs):
        # A file just uploaded or replaced (in a form, or by file.save()): its text is read once, here. A file
        # not loaded (deferred) has not been changed.
        if "file" in self.__dict__ and self.file and (
            not self.file._committed or self.file.name != getattr(self, "_stored_file", None)
        ):
            self.text = self._read_text()
            self.size, self.sha256 = file_digest(self.file)
        super().save(*args, **kwargs)
        if "file" in self.__dict__:
            self._stored_file = self.file.name

    def is_public(self, now=None) -> bool:
        """Whether anyone may read the file (Document.objects.public()); one query."""
        return type(self).objects.public(now).filter(pk=self.pk).exists()

    def _read_text(self) -> str:
        stored = self.file._committed
        try:
            self.file.open("rb")
        except OSError:  # a name without a file behind it: nothing to read
            return ""
        try:
            return pdf_text(self.file)
        finally:
            if stored:  # an upload stays open for the storage to save it
                self.file.close()


def file_digest(file) -> tuple[int | None, str]:
    """The size in bytes and the SHA-256 checksum (hex) of `file`, read in chunks; (None, "") when there is no file
    behind the name."""
    stored = file._committed
    try:
        file.open("rb")
    except OSError:
        return None, ""
    try:
        file.seek(0)
        digest, size = hashlib.sha256(), 0
        for chunk in file.chunks():
            digest.update(chunk)
            size += len(chunk)
        file.seek(0)
        return size, digest.hexdigest()
    finally:
        if stored:
            file.close()


# How much of a PDF the search reads: enough for a meeting paper, read within the upload's request (pypdf takes
# some 20–50 ms a page), and a text that PostgreSQL's tsvector (at most 1 MiB) always holds.
PDF_TEXT_PAGES = 100
PDF_TEXT_CHARACTERS = 200_000


def pdf_text(file) -> str:
    """The text of the PDF in `file` as pypdf reads it, for the search: its first PDF_TEXT_PAGES pages, at most
    PDF_TEXT_CHARACTERS characters, control characters (a NUL among them, which PostgreSQL refuses) made spaces.
    Empty for a file that is not a PDF, and for a PDF whose text cannot be read (scanned pages, a damaged file):
    the upload goes through and the document is found by its title."""
    file.seek(0)
    try:
        if file.read(len(PDF_MAGIC)) != PDF_MAGIC:
            return ""
        file.seek(0)
        text = "\n".join(page.extract_text() or "" for page in PdfReader(file).pages[:PDF_TEXT_PAGES])
    except Exception:  # pypdf raises many kinds of error on a damaged file; none may stop the upload
        logger.warning("Could not read the text of %s", getattr(file, "name", file), exc_info=True)
        return ""
    finally:
        file.seek(0)
    return "".join(
        " " if unicodedata.category(char) == "Cc" and char not in "\n\t" else char
        for char in text[:PDF_TEXT_CHARACTERS]
    )


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
