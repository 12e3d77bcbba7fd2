from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Now
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


def host_order(field=None) -> list:
    """The order in which hosts are named everywhere (pages, documents, feeds, open data), the way the
    secretariat writes them: the largest municipality by its latest recorded population first ("Södertälje och
    Nykvarn"), then by name; by name alone while no population is recorded. For order_by() over municipalities,
    or over rows that point to one through the foreign key `field`."""
    latest = Population.objects.filter(municipality=models.OuterRef(f"{field}_id" if field else "pk"))
    inhabitants = models.Subquery(latest.order_by("-year").values("inhabitants")[:1])
    return [inhabitants.desc(nulls_last=True), f"{field}__name" if field else "name"]


class MunicipalityQuerySet(models.QuerySet):
    def largest_first(self):
        """The municipalities in the order hosts are named (host_order)."""
        return self.order_by(*host_order())


class Municipality(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    code = models.CharField(
        _("municipality code"),
        max_length=4,
        unique=True,
        validators=[RegexValidator(r"^\d{4}$", _("A municipality code is four digits, e.g. 0127."))],
        help_text=_("The official four-digit code from Statistics Sweden (SCB), e.g. 0127."),
    )
    website = models.URLField(_("website"), blank=True)
    venue = models.TextField(
        _("meeting venue"), blank=True,
        help_text=_("Where the municipality receives the cooperation's meetings it hosts: the building and its "
                    "street address, e.g. \u201cKommunhuset, Kommunalvägen 28, 141 85 Huddinge\u201d."),
    )
    modified = models.DateTimeField(_("modified"), auto_now=True, db_default=Now(), db_index=True)
    history = HistoricalRecords()

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        permissions = [
            ("change_all_municipalities", _("Can change the rows of every municipality")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{4}$"), name="municipality_code_is_four_digits"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("municipalities:detail", args=[self.slug])


class Population(models.Model):
    """Inhabitants of a municipality on 31 December of a year; a natural key for splitting fees."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="populations", verbose_name=_("municipality")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    inhabitants = models.PositiveIntegerField(_("inhabitants"))
    source = models.CharField(_("source"), max_length=200, blank=True)
    modified = models.DateTimeField(_("modified"), auto_now=True, db_default=Now(), db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality__name", "-year"]
        verbose_name = _("population")
        verbose_name_plural = _("populations")
        constraints = [
            models.UniqueConstraint(fields=["municipality", "year"], name="one_population_per_municipality_year"),
        ]

    def __str__(self):
        return f"{self.municipality} {self.year}: {self.inhabitants}"


class OfficialProfile(models.Model):
    """Ties a municipal official's login to their municipality, whose rows they may keep up to date."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="official_profile", verbose_name=_("user")
    )
    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="officials", verbose_name=_("municipality"),
        help_text=_("The official may change this municipality's population, key figures and adoption decisions."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["municipality__name", "user__username"]
        verbose_name = _("municipal official")
        verbose_name_plural = _("municipal officials")

    def __str__(self):
        return f"{self.user} ({self.municipality})"
