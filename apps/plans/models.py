from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class YearlyPlan(models.Model):
    """The yearly plan (inriktning): what the cooperation prioritises a year, with its texts."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    programme = models.ForeignKey(
        "programme.Programme", on_delete=models.PROTECT, related_name="yearly_plans",
        verbose_name=_("programme followed"),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    purpose = models.TextField(_("purpose"), blank=True)
    principles = models.TextField(_("principles"), blank=True, help_text=_("One per line."))
    vision = models.TextField(_("vision"), blank=True)
    cooperation_areas = models.TextField(
        _("cooperation areas"), blank=True, help_text=_("One per line: area | purpose | governing document.")
    )
    other_priorities = models.TextField(
        _("other priorities"), blank=True, help_text=_("Horizon scanning, ownership and operational matters.")
    )
    working_forms = models.TextField(_("working forms, introduction"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("yearly plan")
        verbose_name_plural = _("yearly plans")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("plans:detail", args=[self.year])

    def principle_list(self):
        return [line.strip() for line in self.principles.splitlines() if line.strip()]

    def cooperation_area_rows(self):
        return [[cell.strip() for cell in line.split("|")] for line in self.cooperation_areas.splitlines() if line.strip()]


class Priority(models.Model):
    """What a yearly plan gives priority to, linked to the programme's goal or action it serves."""

    plan = models.ForeignKey(YearlyPlan, on_delete=models.CASCADE, related_name="priorities", verbose_name=_("plan"))
    goal = models.ForeignKey(
        "programme.Goal", on_delete=models.SET_NULL, null=True, blank=True, related_name="priorities",
        verbose_name=_("goal"),
    )
    sub_goal = models.ForeignKey(
        "programme.SubGoal", on_delete=models.SET_NULL, null=True, blank=True, related_name="priorities",
        verbose_name=_("sub-goal or action"),
    )
    text = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order"]
        verbose_name = _("priority")
        verbose_name_plural = _("priorities")
        constraints = [
            models.CheckConstraint(
                condition=Q(goal__isnull=False) | Q(sub_goal__isnull=False),
                name="priority_linked_to_goal_or_sub_goal",
                violation_error_message=_("A priority serves a goal or a sub-goal of the programme."),
            ),
        ]

    def __str__(self):
        return self.text[:80]
