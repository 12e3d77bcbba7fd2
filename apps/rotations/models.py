from django.db import models
from django.db.models.functions import Now
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Rotation(models.Model):
    """Something hosted in turn by the municipalities, such as the rådslag."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    body = models.ForeignKey(
        "bodies.Body", on_delete=models.SET_NULL, null=True, blank=True, related_name="rotations",
        verbose_name=_("body"),
    )
    description = models.TextField(_("description"), blank=True)
    modified = models.DateTimeField(_("modified"), auto_now=True, db_default=Now(), db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("host rotation")
        verbose_name_plural = _("host rotations")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("rotations:detail", args=[self.slug])

    def cycle(self, years):
        """The order of hosts: the listed years' hosts, from the first year, until one repeats.

        `years` are this rotation's RotationYear rows, so callers decide how they are fetched.
        """
        order = []
        for row in sorted(years, key=lambda r: r.year):
            if row.municipality_id in [m.pk for m in order]:
                break
            order.append(row.municipality)
        return order

    def host_for(self, year, years):
        """Who hosts `year`: the listed host, or the order continued past the listed years."""
        years = sorted(years, key=lambda r: r.year)
        for row in years:
            if row.year == year:
                return row.municipality
        order = self.cycle(years)
        if not order:
            return None
        return order[(year - years[0].year) % len(order)]


class RotationYear(models.Model):
    rotation = models.ForeignKey(Rotation, on_delete=models.CASCADE, related_name="years", verbose_name=_("rotation"))
    year = models.PositiveSmallIntegerField(_("year"))
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="rotation_years",
        verbose_name=_("host"),
    )
    modified = models.DateTimeField(_("modified"), auto_now=True, db_default=Now(), db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["rotation", "year"]
        verbose_name = _("rotation year")
        verbose_name_plural = _("rotation years")
        constraints = [
            models.UniqueConstraint(
                fields=["rotation", "year"], name="one_host_per_rotation_year",
                violation_error_message=_("This rotation already has a host for that year."),
            ),
        ]

    def __str__(self):
        return f"{self.rotation} {self.year}: {self.municipality}"
