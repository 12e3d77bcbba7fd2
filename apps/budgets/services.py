"""Sharing a year's fee income among the municipalities, exact to the krona; copying a budget to the next year."""

import math
from collections.abc import Hashable, Mapping
from decimal import Decimal
from fractions import Fraction

from django.db import transaction
from django.db.models import Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from apps.municipalities.models import Municipality, Population

from .models import Budget, BudgetLine, FeeShare


class FeeShareError(Exception):
    """Shares that cannot be calculated; the message says what to put right."""


def kronor(amount) -> str:
    return _("%(amount)s kr") % {"amount": number_format(amount, decimal_pos=0, force_grouping=True)}


def largest_remainder(total: int, weights: Mapping[Hashable, int | Decimal]) -> dict[Hashable, int]:
    """Split the whole number `total` in proportion to `weights` into whole numbers that add up to `total`.

    Each part gets the whole part of its exact quota; the units left over go to the largest remainders
    (Hamilton's method). Equal remainders are broken by the larger weight, then by the order of `weights`.
    """
    weight_sum = sum(Fraction(weight) for weight in weights.values())
    if weight_sum <= 0:
        raise FeeShareError(_("There is nothing to share by: every weight is zero."))
    quotas = {key: Fraction(total) * Fraction(weight) / weight_sum for key, weight in weights.items()}
    parts = {key: math.floor(quota) for key, quota in quotas.items()}
    position = {key: i for i, key in enumerate(weights)}
    by_remainder = sorted(
        weights, key=lambda key: (-(quotas[key] - parts[key]), -Fraction(weights[key]), position[key])
    )
    for key in by_remainder[: total - sum(parts.values())]:
        parts[key] += 1
    return parts


def fee_income(budget: Budget) -> Decimal:
    return budget.lines.filter(is_fee=True).aggregate(total=Sum("amount"))["total"] or Decimal(0)


def calculate_fee_shares(budget: Budget, user=None) -> list[FeeShare]:
    """Calculate and store each member municipality's share of the budget's fee income by the budget's key:
    equal shares, by population of `population_year`, or the fixed amounts entered on the shares."""
    total = fee_income(budget)
    if not total:
        raise FeeShareError(
            _("Budget %(year)s has no fee income to share: mark the income line with the municipal fees.")
            % {"year": budget.year}
        )
    if total != total.to_integral_value():
        raise FeeShareError(_("The fee income %(total)s is not whole kronor.") % {"total": total})
    municipalities = list(Municipality.objects.order_by("name"))
    if not municipalities:
        raise FeeShareError(_("There are no municipalities to share the fees among."))
    existing = {share.municipality_id: share for share in budget.shares.all()}

    if budget.fee_key == Budget.FeeKey.POPULATION:
        if budget.population_year is None:
            raise FeeShareError(_("Say which year's population the key uses."))
        population = dict(
            Population.objects.filter(year=budget.population_year).values_list("municipality_id", "inhabitants")
        )
        missing = [m.name for m in municipalities if m.pk not in population]
        if missing:
            raise FeeShareError(
                _("The population of %(year)s is missing for %(names)s.")
                % {"year": budget.population_year, "names": ", ".join(missing)}
            )
        amounts = largest_remainder(int(total), {m.pk: population[m.pk] for m in municipalities})
    elif budget.fee_key == Budget.FeeKey.FIXED:
        fixed = {m.pk: getattr(existing.get(m.pk), "fixed_amount", None) for m in municipalities}
        missing = [m.name for m in municipalities if fixed[m.pk] is None]
        if missing:
            raise FeeShareError(_("A fixed amount is missing for %(names)s.") % {"names": ", ".join(missing)})
        fixed_sum = sum(fixed.values())
        if fixed_sum != total:
            raise FeeShareError(
                _("The fixed amounts add up to %(sum)s but the fee income is %(total)s; they must be equal.")
                % {"sum": kronor(fixed_sum), "total": kronor(total)}
            )
        amounts = fixed
    else:
        amounts = largest_remainder(int(total), {m.pk: 1 for m in municipalities})

    shares = []
    with transaction.atomic():
        for municipality in municipalities:
            share = existing.get(municipality.pk) or FeeShare(budget=budget, municipality=municipality)
            share.amount = Decimal(amounts[municipality.pk])
            share._history_user = user
            share.save()
            shares.append(share)
    return shares


class BudgetError(Exception):
    """A budget that cannot be made; the message says why."""


def copy_to_next_year(budget: Budget, user=None) -> Budget:
    """A draft budget for the year after `budget`'s with the same lines and fee key (a key by population reads
    the population one year later), and the same fixed amounts; its fee shares are calculated when the data
    allows. The notes, which speak of their own year, are not copied."""
    year = budget.year + 1
    if Budget.objects.filter(year=year).exists():
        raise BudgetError(_("There is already a budget for %(year)s.") % {"year": year})
    copy = Budget(
        year=year, status=Budget.Status.DRAFT, fee_key=budget.fee_key,
        population_year=budget.population_year + 1 if budget.population_year is not None else None,
    )
    copy._history_user = user
    with transaction.atomic():
        copy.save()
        for line in budget.lines.all():
            new = BudgetLine(
                budget=copy, kind=line.kind, title=line.title, amount=line.amount, is_fee=line.is_fee,
                order=line.order,
            )
            new._history_user = user
            new.save()
        for share in budget.shares.filter(fixed_amount__isnull=False):
            new = FeeShare(budget=copy, municipality_id=share.municipality_id, fixed_amount=share.fixed_amount)
            new._history_user = user
            new.save()
    return copy
