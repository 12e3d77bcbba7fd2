from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class BudgetQuerySet(models.QuerySet):
    def adopted(self):
        """The budgets anyone may see: the adopted ones. Every public page and document reads budgets through
        this, and fee shares through `budget__in=…adopted()`."""
        return self.filter(status=Budget.Status.ADOPTED)


class Budget(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        ADOPTED = "adopted", _("adopted")

    class FeeKey(models.TextChoices):
        EQUAL = "equal", _("equal shares")
        POPULATION = "population", _("by population")
        FIXED = "fixed", _("fixed amounts")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT,
        help_text=_("A draft is seen only here, in the admin; the budget is public once adopted."),
    )
    fee_key = models.CharField(_("fee key"), max_length=20, choices=FeeKey.choices, default=FeeKey.EQUAL)
    population_year = models.PositiveSmallIntegerField(
        _("population of year"), null=True, blank=True, help_text=_("Which year's population the key uses.")
    )
    notes = models.TextField(_("notes"), blank=True)
    modified = models.DateTimeField(_("modified"), auto_now=True, db_default=Now(), db_index=True)
    history = HistoricalRecords()

    objects = BudgetQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("budget")
        verbose_name_plural = _("budgets")
        constraints = [
            models.CheckConstraint(
                condition=~Q(fee_key="population") | Q(population_year__isnull=False),
                name="population_key_names_a_year",
                violation_error_message=_("A key by population must say which year's population it uses."),
            ),
        ]

    def __str__(self):
        return _("Budget %(year)s") % {"year": self.year}

    def get_absolute_url(self):
        return reverse("budgets:detail", args=[self.year])

    @property
    def is_adopted(self) -> bool:
        return self.status == self.Status.ADOPTED


class BudgetLine(models.Model):
    class Kind(models.TextChoices):
        INCOME = "income", _("income")
        COST = "cost", _("cost")

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines", verbose_name=_("budget"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=300)
    amount = models.DecimalField(
        _("amount (SEK)"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    is_fee = models.BooleanField(
        _("municipal fees"), default=False, help_text=_("This income is shared among the municipalities.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    modified = models.DateTimeField(_("modified"), auto_now=True, db_default=Now(), db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["budget", "kind", "order"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="budget_amount_not_negative",
                violation_error_message=_("An amount cannot be negative; put costs on the cost side."),
            ),
            models.CheckConstraint(
                condition=Q(is_fee=False) | Q(kind="income"), name="fee_line_is_income",
                violation_error_message=_("Municipal fees are income."),
            ),
        ]

    def __str__(self):
        return _("%(title)s: %(amount)s kr") % {
            "title": self.title, "amount": number_format(self.amount, decimal_pos=0, force_grouping=True)}


class FeeShare(models.Model):
    """A municipality's part of a year's fee income."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="shares", verbose_name=_("budget"))
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="fee_shares",
        verbose_name=_("municipality"),
    )
    fixed_amount = models.DecimalField(
        _("fixed amount"), max_digits=12, decimal_places=2, null=True, blank=True,
        help_text=_("Only for the key by fixed amounts."),
    )
    amount = models.DecimalField(_("share (SEK)"), max_digits=12, decimal_places=2, default=0)
    modified = models.DateTimeField(_("modified"), auto_now=True, db_default=Now(), db_index=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["budget", "municipality__name"]
        verbose_name = _("fee share")
        verbose_name_plural = _("fee shares")
        constraints = [
            models.UniqueConstraint(fields=["budget", "municipality"], name="one_share_per_municipality_and_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="fee_share_not_negative"),
        ]

    def __str__(self):
        return f"{self.municipality} {self.budget.year}: {self.amount}"
