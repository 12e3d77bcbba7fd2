"""The minutes (protokoll) of a meeting: who attended, a paragraph (§) per item with its decision, who adjusts
them (justering), and the assignments (uppdrag) the decisions give.

Minutes come in versions. A version is written (draft), sent for justering, and locked once the chair and the
adjusters have all confirmed it; a locked version is never changed again. A correction is a new version, with
its reason, written and adjusted in turn; the versions before stay as they were. `published` marks the one
version the public reads: the latest adjusted one.

The § numbers run per body and year and are kept in a register of their own (Section), so that every version
of one meeting's minutes shows the same numbers and an assignment points to its § whatever the version.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.bodies.models import Role
from apps.meetings.models import Meeting


class Locked(Exception):
    """The minutes are out for justering or adjusted: their text cannot be changed (the message says why)."""


class MinutesQuerySet(models.QuerySet):
    def published(self):
        """The versions the public reads: one per meeting at most, the latest adjusted one, of meetings whose
        minutes public_rule() makes public (apps/meetings/models.py: a public meeting that has been held)."""
        return self.filter(published=True, meeting__in=Meeting.objects.with_public_minutes())

    def public(self):
        """The versions anyone may read as PDF: the published one and the adjusted ones it replaced, by the same
        rule."""
        return self.filter(state=Minutes.State.ADJUSTED, meeting__in=Meeting.objects.with_public_minutes())


class Minutes(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("being written")
        JUSTERING = "justering", _("out for justering")
        ADJUSTED = "adjusted", _("adjusted and locked")

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="minutes", verbose_name=_("meeting")
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    reason = models.TextField(
        _("reason for the new version"), blank=True,
        help_text=_("Why this version replaces the adjusted one before it; shown with both versions."),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    published = models.BooleanField(_("published"), default=False, editable=False)
    secretary = models.ForeignKey(
        "bodies.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("secretary"), help_text=_("Signs the minutes as sekreterare."),
    )
    chair = models.ForeignKey(
        "bodies.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("chair"), help_text=_("Chaired the meeting; confirms the minutes with the adjusters."),
    )
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("started"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    round = models.PositiveSmallIntegerField(
        _("justering round"), default=0, editable=False,
        help_text=_("Raised each time the version is sent for justering; older links stop working."),
    )
    sent_at = models.DateTimeField(_("sent for justering"), null=True, blank=True, editable=False)
    adjusted_at = models.DateTimeField(_("adjusted"), null=True, blank=True, editable=False)
    # The adjusted version as a PDF, with the record of its justering, signed when a certificate is configured.
    # Stored under MEDIA_ROOT and handed out only by the minutes' own view.
    pdf = models.FileField(_("PDF"), upload_to="minutes/%Y/", blank=True, editable=False)
    signed = models.BooleanField(_("signed digitally"), default=False, editable=False)
    history = HistoricalRecords()

    objects = MinutesQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "version"]
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "version"], name="one_minutes_per_meeting_and_version"),
            models.UniqueConstraint(
                fields=["meeting"], condition=~Q(state="adjusted"), name="one_open_version_of_minutes",
                violation_error_message=_("The meeting already has minutes being written."),
            ),
            models.UniqueConstraint(
                fields=["meeting"], condition=Q(published=True), name="one_published_version_of_minutes",
            ),
            models.CheckConstraint(
                condition=Q(version=1) | ~Q(reason=""), name="new_version_of_minutes_says_why",
                violation_error_message=_("Say why a new version of adjusted minutes is made."),
            ),
            models.CheckConstraint(
                condition=~Q(state="adjusted") | Q(adjusted_at__isnull=False), name="adjusted_minutes_are_dated",
            ),
            models.CheckConstraint(
                condition=Q(published=False) | Q(state="adjusted"), name="only_adjusted_minutes_are_published",
            ),
        ]

    def __str__(self):
        if self.version > 1:
            return _("Minutes of %(meeting)s, version %(version)d") % {"meeting": self.meeting, "version": self.version}
        return _("Minutes of %(meeting)s") % {"meeting": self.meeting}

    def get_absolute_url(self):
        return reverse("minutes:pdf", args=[self.pk])

    @property
    def is_locked(self) -> bool:
        """Whether the text may no longer be changed: out for justering, or adjusted. Reads no rows."""
        return self.state != self.State.DRAFT

    def refuse_if_locked(self):
        if self.state == self.State.ADJUSTED:
            raise Locked(_("These minutes are adjusted and locked. To correct them, make a new version and say why."))
        if self.state == self.State.JUSTERING:
            raise Locked(_("These minutes are out for justering. Take them back first; the confirmations given so "
                           "far are then cleared."))


class Section(models.Model):
    """A § number of a body's year, given to one item of one meeting's minutes: the register that keeps the numbers
    running through the year and the same in every version."""

    body = models.ForeignKey("bodies.Body", on_delete=models.PROTECT, related_name="+", verbose_name=_("body"))
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(_("§"))
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="sections", verbose_name=_("meeting")
    )

    class Meta:
        ordering = ["body", "year", "number"]
        verbose_name = _("§ number")
        verbose_name_plural = _("§ numbers")
        constraints = [
            models.UniqueConstraint(
                fields=["body", "year", "number"], name="one_paragraph_number_per_body_and_year",
                violation_error_message=_("The body already has this § number this year."),
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="paragraph_number_positive"),
        ]

    def __str__(self):
        return f"§ {self.number} ({self.body.short_name} {self.year})"

    def anchor(self) -> str:
        return f"paragraf-{self.number}"


class Paragraph(models.Model):
    """One § of one version of the minutes: the item, the decision, the discussion and any reservations."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="paragraphs", verbose_name=_("minutes"))
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="paragraphs", verbose_name=_("§"))
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=300)
    decision = models.TextField(_("decision"), blank=True, help_text=_("What the meeting decided, as it is minuted."))
    discussion = models.TextField(
        _("discussion"), blank=True, help_text=_("Optional: a short account of the discussion."),
    )
    reservations = models.TextField(
        _("reservations and dissent"), blank=True,
        help_text=_("Who entered a reservation or dissent, by name, and on what."),
    )
    added_at_meeting = models.BooleanField(
        _("added at the meeting"), default=False,
        help_text=_("Not on the agenda: raised at the meeting (övriga frågor)."),
    )
    modified = models.DateTimeField(_("modified"), auto_now=True, db_default=Now(), db_index=True)
    history = HistoricalRecords()

    # What the portal's search reads of a decision.
    SEARCH_FIELDS = ("title", "decision", "discussion")

    class Meta:
        ordering = ["minutes", "section__number"]
        verbose_name = _("paragraph")
        verbose_name_plural = _("paragraphs")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "section"], name="one_paragraph_per_section_and_version"),
        ]

    def __str__(self):
        return f"§ {self.section.number} {self.title}"


class Attendee(models.Model):
    """Someone on the minutes' list of attendance: a member present or absent, a substitute (serving for a member or
    not), an attending official, the secretary."""

    minutes = models.ForeignKey(Minutes, on_delete=models.CASCADE, related_name="attendees", verbose_name=_("minutes"))
    person = models.ForeignKey(
        "bodies.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("person")
    )
    # As on the day of the meeting: the person's record may change or go afterwards.
    name = models.CharField(_("name"), max_length=200)
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("municipality"),
    )
    role = models.CharField(_("attends as"), max_length=20, choices=Role.Kind.choices, default=Role.Kind.MEMBER)
    present = models.BooleanField(_("present"), default=True)
    serving_for = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("serving for"),
        help_text=_("For a substitute: the member in whose place they serve."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "order", "pk"]
        verbose_name = _("attendee")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "person"], name="one_attendance_per_person"),
            models.CheckConstraint(
                condition=Q(serving_for__isnull=True) | Q(role="substitute", present=True),
                name="only_a_present_substitute_serves",
                violation_error_message=_("Only a substitute who is present can serve for a member."),
            ),
        ]

    def __str__(self):
        return self.name


class Signatory(models.Model):
    """Someone asked to confirm one version of the minutes (the chair, an adjuster), and what they answered."""

    class Kind(models.TextChoices):
        CHAIR = "chair", _("chair")
        ADJUSTER = "adjuster", _("adjuster")

    class Via(models.TextChoices):
        LINK = "link", _("personal link")
        LOGIN = "login", _("logged in")

    minutes = models.ForeignKey(
        Minutes, on_delete=models.CASCADE, related_name="signatories", verbose_name=_("minutes"),
    )
    person = models.ForeignKey("bodies.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person"))
    kind = models.CharField(_("confirms as"), max_length=20, choices=Kind.choices, default=Kind.ADJUSTER)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)
    confirmed_via = models.CharField(_("confirmed through"), max_length=10, choices=Via.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    commented_at = models.DateTimeField(_("commented"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("mailed"), null=True, blank=True)
    mail_attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    mail_error = models.TextField(_("the mail server's answer"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["minutes", "kind", "pk"]
        verbose_name = _("adjuster")
        verbose_name_plural = _("chair and adjusters")
        constraints = [
            models.UniqueConstraint(fields=["minutes", "person"], name="one_signature_per_person_and_version"),
            models.UniqueConstraint(fields=["minutes"], condition=Q(kind="chair"), name="one_chair_signs"),
        ]

    def __str__(self):
        return f"{self.person} ({self.get_kind_display()})"


class AssignmentQuerySet(models.QuerySet):
    def public(self):
        """Assignments whose § is in published minutes."""
        return self.filter(section__paragraphs__minutes__in=Minutes.objects.published()).distinct()

    def open(self):
        return self.filter(done_at__isnull=True)

    def overdue(self, today):
        return self.open().filter(due__lt=today)


class Assignment(models.Model):
    """An uppdrag: a task a decision gives someone, followed up until it is done."""

    class Owner(models.TextChoices):
        BODY = "body", _("a network or body")
        SECRETARIAT = "secretariat", _("the secretariat")
        MUNICIPALITY = "municipality", _("a municipality")

    section = models.ForeignKey(
        Section, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("§"),
        help_text=_("The decision that gives the assignment."),
    )
    owner = models.CharField(_("given to"), max_length=20, choices=Owner.choices, default=Owner.SECRETARIAT)
    body = models.ForeignKey(
        "bodies.Body", on_delete=models.PROTECT, null=True, blank=True, related_name="assignments",
        verbose_name=_("network or body"),
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, null=True, blank=True, related_name="assignments",
        verbose_name=_("municipality"),
    )
    what = models.TextField(_("what"))
    due = models.DateField(_("due"))
    goals = models.ManyToManyField(
        "programme.Goal", blank=True, related_name="assignments", verbose_name=_("programme goals"),
        help_text=_("The goals of the development programme the assignment serves."),
    )
    done_at = models.DateTimeField(_("done"), null=True, blank=True, editable=False)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False, verbose_name=_("marked done by"),
    )
    created_at = models.DateTimeField(_("given"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[goals])

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["due", "pk"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(owner="body", body__isnull=False, municipality__isnull=True)
                    | Q(owner="municipality", municipality__isnull=False, body__isnull=True)
                    | Q(owner="secretariat", body__isnull=True, municipality__isnull=True)
                ),
                name="assignment_owner_is_named_once",
                violation_error_message=_("Name the network or body, or the municipality, that the assignment is "
                                          "given to, and only that."),
            ),
        ]

    def __str__(self):
        return f"{self.owner_name}: {self.what[:60]}"

    @property
    def owner_name(self) -> str:
        """Who the assignment is given to, in words; reads the body or municipality fetched with it."""
        if self.owner == self.Owner.BODY and self.body_id:
            return self.body.name
        if self.owner == self.Owner.MUNICIPALITY and self.municipality_id:
            return self.municipality.name
        return str(_("The secretariat"))

    def is_overdue(self, today) -> bool:
        return self.done_at is None and self.due < today

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.owner == self.Owner.BODY and not self.body_id:
            raise ValidationError({"body": _("Choose the network or body the assignment is given to.")})
        if self.owner == self.Owner.MUNICIPALITY and not self.municipality_id:
            raise ValidationError({"municipality": _("Choose the municipality the assignment is given to.")})
        if self.owner != self.Owner.BODY:
            self.body = None
        if self.owner != self.Owner.MUNICIPALITY:
            self.municipality = None
