from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Count, F, Func, Q, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ProgrammeQuerySet(models.QuerySet):
    def with_adoption_count(self):
        return self.annotate(adopted_count=Count("adoptions", filter=Q(adoptions__status=Adoption.Status.ADOPTED)))

    def in_force(self):
        """Versions adopted by every member municipality's board."""
        from apps.municipalities.models import Municipality

        member_count = Subquery(Municipality.objects.order_by().annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1])
        return self.with_adoption_count().filter(adopted_count__gte=member_count, adopted_count__gt=0)

    def current(self):
        """The newest version in force, or None."""
        return self.in_force().order_by("-valid_from").first()


class Programme(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PROPOSED = "proposed", _("proposed for adoption")
        ADOPTED = "adopted", _("adopted")
        REPLACED = "replaced", _("replaced")

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    vision = models.TextField(_("vision"), blank=True)
    overall_goal = models.TextField(_("overall goal"), blank=True)
    summary = models.TextField(_("summary"), blank=True)
    valid_from = models.PositiveSmallIntegerField(_("valid from (year)"))
    valid_to = models.PositiveSmallIntegerField(_("valid until (year)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    diary_number = models.CharField(_("diary number"), max_length=100, blank=True)
    replaces = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    history = HistoricalRecords()

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


class FocusArea(models.Model):
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
    history = HistoricalRecords()

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


class Goal(models.Model):
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
    history = HistoricalRecords()

    class Meta:
        ordering = ["focus_area", "order"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self):
        return self.title


class SubGoal(models.Model):
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
    is_sample = models.BooleanField(
        _("sample data"), default=False, help_text=_("Illustrative text, not from an adopted document.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

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
