from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from apps.programme.models import SubGoal


class IndicatorLink(models.Model):
    """A goal or a sub-goal followed by a key figure: which way is better, how Södertörn as a whole is worked
    out from the eight municipalities, where it started and where it should be."""

    class Direction(models.TextChoices):
        HIGHER = "higher", _("higher is better")
        LOWER = "lower", _("lower is better")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("sum of the municipalities")
        WEIGHTED_MEAN = "weighted_mean", _("mean weighted by population")

    goal = models.ForeignKey(
        "programme.Goal", on_delete=models.CASCADE, null=True, blank=True, related_name="indicator_links",
        verbose_name=_("goal"),
    )
    sub_goal = models.ForeignKey(
        "programme.SubGoal", on_delete=models.CASCADE, null=True, blank=True, related_name="indicator_links",
        verbose_name=_("sub-goal"),
    )
    indicator = models.ForeignKey(
        "keyfigures.Indicator", on_delete=models.CASCADE, related_name="links", verbose_name=_("indicator")
    )
    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER)
    aggregation = models.CharField(
        _("Södertörn as a whole"), max_length=20, choices=Aggregation.choices, default=Aggregation.WEIGHTED_MEAN,
        help_text=_("A count (inhabitants, new homes) is summed; a share or a rate is the municipalities' mean "
                    "weighted by their population that year."),
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    baseline_value = models.DecimalField(_("baseline value"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=14, decimal_places=2, null=True, blank=True)
    target_year = models.PositiveSmallIntegerField(_("target year"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("indicator of a goal")
        verbose_name_plural = _("indicators of goals")
        constraints = [
            models.CheckConstraint(
                condition=Q(goal__isnull=False, sub_goal__isnull=True) | Q(goal__isnull=True, sub_goal__isnull=False),
                name="indicator_link_to_goal_or_sub_goal",
                violation_error_message=_("An indicator follows either a goal or a sub-goal."),
            ),
            models.UniqueConstraint(
                fields=["goal", "indicator"], condition=Q(goal__isnull=False), name="one_link_per_goal_and_indicator",
                violation_error_message=_("This goal is already followed by this indicator."),
            ),
            models.UniqueConstraint(
                fields=["sub_goal", "indicator"], condition=Q(sub_goal__isnull=False),
                name="one_link_per_sub_goal_and_indicator",
                violation_error_message=_("This sub-goal is already followed by this indicator."),
            ),
            models.CheckConstraint(
                condition=Q(baseline_value__isnull=True) | Q(baseline_year__isnull=False),
                name="indicator_link_baseline_has_year",
                violation_error_message=_("Give the year of the baseline value."),
            ),
            models.CheckConstraint(
                condition=Q(target_value__isnull=True) | Q(target_year__isnull=False),
                name="indicator_link_target_has_year",
                violation_error_message=_("Give the year by which the target should be reached."),
            ),
            models.CheckConstraint(
                condition=Q(target_year__isnull=True) | Q(baseline_year__isnull=True)
                | Q(target_year__gte=F("baseline_year")),
                name="indicator_link_target_after_baseline",
                violation_error_message=_("The target year cannot come before the baseline year."),
            ),
        ]

    def __str__(self):
        return f"{self.goal or self.sub_goal}: {self.indicator}"

    @property
    def higher_is_better(self) -> bool:
        return self.direction == self.Direction.HIGHER


class ProgressReport(models.Model):
    """How far a sub-goal had come in a year, as the secretariat reported it in that year's follow-up."""

    sub_goal = models.ForeignKey(
        "programme.SubGoal", on_delete=models.CASCADE, related_name="progress_reports", verbose_name=_("sub-goal")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=SubGoal.Status.choices)
    percentage = models.PositiveSmallIntegerField(
        _("progress (%)"), null=True, blank=True, validators=[MaxValueValidator(100)],
        help_text=_("Where a share of the work can be told; leave empty otherwise."),
    )
    comment = models.TextField(_("comment"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("reported by"),
    )
    reported_at = models.DateTimeField(_("reported"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["sub_goal", "-year"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(
                fields=["sub_goal", "year"], name="one_progress_report_per_sub_goal_and_year",
                violation_error_message=_("This sub-goal already has a report for this year."),
            ),
            models.CheckConstraint(
                condition=Q(percentage__isnull=True) | Q(percentage__lte=100), name="progress_report_percentage_at_most_100",
                violation_error_message=_("Progress is a percentage from 0 to 100."),
            ),
        ]

    def __str__(self):
        return f"{self.sub_goal} {self.year}: {self.get_status_display()}"


class FollowUp(models.Model):
    """The yearly follow-up of a programme: prepared and filled in by the secretariat, done when marked so.
    Only a follow-up that is done is shown on the public pages."""

    programme = models.ForeignKey(
        "programme.Programme", on_delete=models.CASCADE, related_name="follow_ups", verbose_name=_("programme")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("marked done by"),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "programme"]
        verbose_name = _("yearly follow-up")
        verbose_name_plural = _("yearly follow-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "year"], name="one_follow_up_per_programme_and_year",
                violation_error_message=_("This programme already has a follow-up for this year."),
            ),
        ]

    def __str__(self):
        return f"{self.programme} {self.year}"

    @property
    def is_done(self) -> bool:
        return self.done_at is not None


class PresentationText(models.Model):
    """The short text beside an indicator in a year's key-figure presentation (Södertörns nyckeltal)."""

    indicator = models.ForeignKey(
        "keyfigures.Indicator", on_delete=models.CASCADE, related_name="presentation_texts",
        verbose_name=_("indicator"),
    )
    year = models.PositiveSmallIntegerField(_("year"), help_text=_("The year of the presentation."))
    text = models.TextField(_("text"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "indicator__name"]
        verbose_name = _("text for the key-figure presentation")
        verbose_name_plural = _("texts for the key-figure presentation")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "year"], name="one_presentation_text_per_indicator_and_year",
                violation_error_message=_("This indicator already has a text for this year's presentation."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.year}"
