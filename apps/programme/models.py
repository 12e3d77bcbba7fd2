from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, F, Func, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, Now
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.core.languages import SavedInSwedish
from apps.core.search import search_vector


def _count(queryset):
    """A subquery counting the rows of `queryset` (0 when there are none)."""
    counted = queryset.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]
    return Coalesce(Subquery(counted), 0)


class ProgrammeQuerySet(models.QuerySet):
    def with_status(self, today=None):
        """The versions with what `Programme.status` reads, in the same query: the number of member
        municipalities, of their boards that have adopted the version (a decision dated after `today` does not
        count yet), of decisions of any kind, and of adoptions of the version that replaces it, which comes
        along (`replaced_by`). The status itself is decided here, once, as `computed_status`:

        - replaced: the version that replaces it has been adopted by every board and its validity has begun;
        - adopted (not yet in force): adopted by every board, valid from a later year;
        - no longer in force: adopted by every board, its last valid year is past and nothing replaced it;
        - in force: adopted by every board and valid this year;
        - proposed: sent to the boards, not yet adopted by all of them;
        - draft: not sent to any board.
        """
        from apps.municipalities.models import Municipality

        today = today or timezone.localdate()
        adopted = Adoption.objects.filter(status=Adoption.Status.ADOPTED).filter(
            Q(decision_date__isnull=True) | Q(decision_date__lte=today)
        )
        by_all = Q(member_count__gt=0, adopted_count__gte=F("member_count"))
        status = Case(
            When(
                Q(member_count__gt=0, successor_adopted_count__gte=F("member_count"),
                  replaced_by__valid_from__lte=today.year),
                then=Value(Programme.Status.REPLACED),
            ),
            When(by_all & Q(valid_from__gt=today.year), then=Value(Programme.Status.ADOPTED)),
            When(by_all & Q(valid_to__lt=today.year), then=Value(Programme.Status.EXPIRED)),
            When(by_all, then=Value(Programme.Status.IN_FORCE)),
            When(decision_count__gt=0, then=Value(Programme.Status.PROPOSED)),
            default=Value(Programme.Status.DRAFT),
            output_field=models.CharField(),
        )
        return (
            self.select_related("replaced_by")
            .annotate(
                member_count=_count(Municipality.objects.all()),
                adopted_count=_count(adopted.filter(programme=OuterRef("pk"))),
                decision_count=_count(Adoption.objects.filter(programme=OuterRef("pk"))),
                successor_adopted_count=_count(adopted.filter(programme__replaces=OuterRef("pk"))),
            )
            .annotate(computed_status=status)
        )

    def in_force(self, today=None):
        """Versions adopted by every member municipality's board and valid `today`, not yet replaced."""
        return self.with_status(today).filter(computed_status=Programme.Status.IN_FORCE)

    def current(self, today=None):
        """The newest version in force, or None."""
        return self.in_force(today).order_by("-valid_from").first()


class Programme(SavedInSwedish, models.Model):
    class Status(models.TextChoices):
        """What a version is, worked out from its adoptions and validity by ProgrammeQuerySet.with_status()."""

        DRAFT = "draft", _("draft")
        PROPOSED = "proposed", _("proposed for adoption")
        ADOPTED = "adopted", _("adopted, not yet in force")
        IN_FORCE = "in_force", _("in force")
        EXPIRED = "expired", _("no longer in force")
        REPLACED = "replaced", _("replaced")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    vision = models.TextField(_("vision"), blank=True)
    overall_goal = models.TextField(_("overall goal"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    valid_from = models.PositiveSmallIntegerField(_("valid from (year)"))
    valid_to = models.PositiveSmallIntegerField(_("valid until (year)"), null=True, blank=True)
    diary_number = models.CharField(_("diary number"), max_length=100, blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    modified = models.DateTimeField(_("modified"), auto_now=True, db_default=Now(), db_index=True)
    # The texts in both languages (translation.py), for the search.
    search_vector = search_vector(
        A=("name",), B=("vision_sv", "vision_en", "overall_goal_sv", "overall_goal_en"), C=("summary_sv", "summary_en"),
    )
    # Its history (simple_history) is registered in translation.py, once the fields of each language exist.

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("development programme")
        verbose_name_plural = _("development programmes")
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="programme_valid_to_after_from",
                violation_error_message=_("A programme cannot end before it starts."),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("programme:version", args=[self.slug])

    @property
    def status(self) -> "Programme.Status":
        """The version's status as decided by ProgrammeQuerySet.with_status(); reads no rows itself."""
        try:
            return self.Status(self.computed_status)
        except AttributeError:
            raise ImproperlyConfigured(
                "Programme.status needs the version to be fetched with Programme.objects.with_status()."
            ) from None

    @property
    def is_in_force(self) -> bool:
        return self.status == self.Status.IN_FORCE

    @property
    def successor(self):
        """The version that replaces this one (fetched by with_status()), or None."""
        try:
            return self.replaced_by
        except Programme.DoesNotExist:
            return None


def in_force_today(versions):
    """What versions fetched with_status() (newest first) say about today: the version in force or None, the
    newest that is no longer in force, and the first adopted that is not yet in force (None when there is none)."""
    current = next((v for v in versions if v.status == Programme.Status.IN_FORCE), None)
    previous = next((v for v in versions if v.status == Programme.Status.EXPIRED), None)
    coming = next((v for v in reversed(versions) if v.status == Programme.Status.ADOPTED), None)
    return current, previous, coming


class FocusArea(SavedInSwedish, models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="focus_areas", verbose_name=_("programme")
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"))
    description = models.TextField(_("description"), blank=True)
    is_cross_cutting = models.BooleanField(
        _("cross-cutting theme"), default=False,
        help_text=_("Runs through every focus area, like Hållbar utveckling in 2035."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    modified = models.DateTimeField(_("modified"), auto_now=True, db_default=Now(), db_index=True)
    search_vector = search_vector(A=("name_sv", "name_en"), B=("description_sv", "description_en"))
    # Its history (simple_history) is registered in translation.py, once the fields of each language exist.

    class Meta:
        ordering = ["programme", "is_cross_cutting", "order"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")
        constraints = [
            models.UniqueConstraint(fields=["programme", "slug"], name="unique_focus_area_slug_per_programme"),
            models.UniqueConstraint(
                fields=["programme"], condition=Q(is_cross_cutting=True), name="one_cross_cutting_theme_per_programme",
                violation_error_message=_("A programme has at most one cross-cutting theme."),
            ),
        ]

    def __str__(self):
        return self.name


class Goal(SavedInSwedish, models.Model):
    focus_area = models.ForeignKey(
        FocusArea, on_delete=models.CASCADE, related_name="goals", verbose_name=_("focus area")
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    owner = models.ForeignKey(
        "bodies.Body", on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_goals",
        verbose_name=_("owner network"),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    modified = models.DateTimeField(_("modified"), auto_now=True, db_default=Now(), db_index=True)
    search_vector = search_vector(A=("title_sv", "title_en"), B=("description_sv", "description_en"))
    # Its history (simple_history) is registered in translation.py, once the fields of each language exist.

    class Meta:
        ordering = ["focus_area", "order"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.title


class SubGoal(SavedInSwedish, models.Model):
    """What a goal is broken down into: actions ("Vi …") in 2013, sub-goals (delmål) from 2035."""

    class Kind(models.TextChoices):
        ACTION = "action", _("action")
        SUB_GOAL = "sub_goal", _("sub-goal")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("not started")
        ONGOING = "ongoing", _("ongoing")
        DONE = "done", _("done")

    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="sub_goals", verbose_name=_("goal"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SUB_GOAL)
    text = models.TextField(_("text"))
    owner = models.ForeignKey(
        "bodies.Body", on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_sub_goals",
        verbose_name=_("owner network"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"), default=0, validators=[MaxValueValidator(100)]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    modified = models.DateTimeField(_("modified"), auto_now=True, db_default=Now(), db_index=True)
    search_vector = search_vector(A=("text_sv", "text_en"))
    # Its history (simple_history) is registered in translation.py, once the fields of each language exist.

    class Meta:
        ordering = ["goal", "order"]
        verbose_name = _("sub-goal or action")
        verbose_name_plural = _("sub-goals and actions")
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__lte=100), name="sub_goal_progress_at_most_100",
                violation_error_message=_("Progress is a percentage from 0 to 100."),
            ),
        ]

    def __str__(self):
        return self.text[:80]


class Adoption(models.Model):
    """A municipal board's decision on a programme version; it is in force when all have adopted it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("sent for decision")
        PROPOSED = "proposed", _("proposed to the board")
        ADOPTED = "adopted", _("adopted")
        REJECTED = "rejected", _("rejected")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="adoptions", verbose_name=_("programme")
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="adoptions",
        verbose_name=_("municipality"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decision_body = models.CharField(_("decided by"), max_length=200, default="Kommunstyrelsen")
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    proposal_date = models.DateField(_("proposal dated"), null=True, blank=True)
    diary_number = models.CharField(_("diary number"), max_length=100, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["programme", "municipality__name"]
        verbose_name = _("adoption")
        verbose_name_plural = _("adoptions")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "municipality"], name="one_adoption_per_municipality_and_programme",
                violation_error_message=_("This municipality already has a decision on this programme."),
            ),
        ]

    def __str__(self):
        return f"{self.municipality}: {self.programme} ({self.get_status_display()})"

    def clean(self):
        """A board's decision (adopted or rejected) has happened: it has a date, and not a future one.

        The database refuses a future date too (migration 0002, on PostgreSQL). A decision recorded before
        dates were asked for, like the 2013 version's "under våren 2013", may keep its empty date until the
        decision itself is changed.
        """
        if self.status not in (self.Status.ADOPTED, self.Status.REJECTED):
            return
        if self.decision_date is not None and self.decision_date > timezone.localdate():
            raise ValidationError({"decision_date": _(
                "The decision date is in the future. Record the decision once the board has made it."
            )})
        if self.decision_date is None and self._decision_newly_recorded():
            raise ValidationError({"decision_date": _("Give the date of the board's decision.")})

    def _decision_newly_recorded(self) -> bool:
        if self._state.adding or self.pk is None:
            return True
        stored = Adoption.objects.filter(pk=self.pk).values_list("status", "decision_date").first()
        return stored is None or stored[0] != self.status or stored[1] is not None
