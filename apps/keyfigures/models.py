from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Indicator(models.Model):
    name = models.CharField(_("name"), max_length=200, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)
    description = models.TextField(_("description"), blank=True)
    kolada_id = models.CharField(
        _("Kolada id"), max_length=20, blank=True, help_text=_("The key figure's id in Kolada, e.g. N01951.")
    )
    is_sample = models.BooleanField(_("sample data"), default=False)
    modified = models.DateTimeField(_("modified"), auto_now=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("keyfigures:detail", args=[self.slug])


class KeyFigure(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values", verbose_name=_("indicator"))
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="key_figures",
        verbose_name=_("municipality"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    modified = models.DateTimeField(_("modified"), auto_now=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "municipality__name"]
        verbose_name = _("key figure")
        verbose_name_plural = _("key figures")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "municipality", "year"], name="one_value_per_indicator_municipality_year",
                violation_error_message=_("There is already a value for this indicator, municipality and year."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator} {self.municipality} {self.year}: {self.value}"


class ComparisonValue(models.Model):
    """An indicator's value for a wider area than one municipality, to compare Södertörn with: the Stockholm
    county or the whole country (Kolada's ids 0001 and 0000)."""

    class Area(models.TextChoices):
        COUNTY = "county", _("Stockholm county")
        COUNTRY = "country", _("Sweden")

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="comparison_values", verbose_name=_("indicator")
    )
    area = models.CharField(_("area"), max_length=10, choices=Area.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2)
    modified = models.DateTimeField(_("modified"), auto_now=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "year", "area"]
        verbose_name = _("comparison value")
        verbose_name_plural = _("comparison values")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "area", "year"], name="one_comparison_value_per_indicator_area_year",
                violation_error_message=_("There is already a value for this indicator, area and year."),
            ),
            models.CheckConstraint(condition=models.Q(area__in=["county", "country"]), name="comparison_area_known"),
        ]

    def __str__(self):
        return f"{self.indicator} {self.get_area_display()} {self.year}: {self.value}"
