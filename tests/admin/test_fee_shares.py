"""Each municipality's share of the fee income, exact to the krona and always adding up to the total."""

import random
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from apps.budgets.models import Budget, BudgetLine, FeeShare
from apps.budgets.services import FeeShareError, calculate_fee_shares, largest_remainder


def shares(budget):
    return {share.municipality.name: share.amount for share in budget.shares.select_related("municipality")}


@pytest.fixture
def budget(portal):
    return Budget.objects.get(year=2017)


def test_100_kronor_over_three_equal_shares_are_34_33_and_33():
    assert largest_remainder(100, {"Botkyrka": 1, "Haninge": 1, "Huddinge": 1}) == {
        "Botkyrka": 34, "Haninge": 33, "Huddinge": 33}


@pytest.mark.parametrize("seed", range(20))
def test_shares_always_add_up_to_the_total(seed):
    rng = random.Random(seed)
    total = rng.randint(0, 5_000_000)
    weights = {f"kommun {i}": rng.randint(1, 200_000) for i in range(rng.randint(1, 12))}
    parts = largest_remainder(total, weights)
    assert sum(parts.values()) == total
    weight_sum = sum(weights.values())
    assert all(abs(parts[key] - total * weights[key] / weight_sum) < 1 for key in weights)


def test_945_000_kronor_by_the_2017_population(budget):
    budget.fee_key, budget.population_year = Budget.FeeKey.POPULATION, 2017
    budget.save()
    calculate_fee_shares(budget)
    # Huddinge's exact share is 213 128,49: rounding each share alone would lose a krona.
    assert shares(budget) == {
        "Botkyrka": 179693, "Haninge": 168156, "Huddinge": 213129, "Nykvarn": 20140,
        "Nynäshamn": 53771, "Salem": 32458, "Södertälje": 186145, "Tyresö": 91508,
    }
    assert sum(shares(budget).values()) == 945000


def test_equal_shares_of_945_000_are_118_125_each(budget):
    FeeShare.objects.filter(budget=budget).update(amount=0)
    calculate_fee_shares(budget)
    assert set(shares(budget).values()) == {Decimal(118125)}


def test_fixed_amounts_are_kept_when_they_add_up_to_the_fee_income(budget):
    budget.fee_key = Budget.FeeKey.FIXED
    budget.save()
    amounts = [200000, 200000, 200000, 100000, 100000, 50000, 50000, 45000]
    for share, amount in zip(budget.shares.order_by("municipality__name"), amounts):
        share.fixed_amount = amount
        share.save()
    calculate_fee_shares(budget)
    assert list(budget.shares.order_by("municipality__name").values_list("amount", flat=True)) == amounts


def test_fixed_amounts_that_do_not_add_up_are_refused_with_both_sums(budget):
    budget.fee_key = Budget.FeeKey.FIXED
    budget.save()
    budget.shares.update(fixed_amount=100000)
    with pytest.raises(FeeShareError, match="800\xa0000 kr men avgiftsintäkterna är 945\xa0000 kr"):
        calculate_fee_shares(budget)
    assert set(shares(budget).values()) == {Decimal(118125)}


def test_a_key_by_population_names_the_municipalities_without_a_population(budget):
    budget.fee_key, budget.population_year = Budget.FeeKey.POPULATION, 2016
    budget.save()
    with pytest.raises(FeeShareError, match="Befolkningen 2016 saknas för Botkyrka, Haninge"):
        calculate_fee_shares(budget)


def test_a_budget_without_fee_income_has_nothing_to_share(budget):
    BudgetLine.objects.filter(budget=budget, is_fee=True).update(is_fee=False)
    with pytest.raises(FeeShareError, match="har inga avgiftsintäkter att fördela"):
        calculate_fee_shares(budget)


def test_secretary_calculates_the_fee_shares_from_the_budget_list(secretary_client, budget):
    budget.fee_key, budget.population_year = Budget.FeeKey.POPULATION, 2017
    budget.save()
    response = secretary_client.post(
        reverse("admin:budgets_budget_changelist"),
        {"action": "calculate_fee_shares", ACTION_CHECKBOX_NAME: [budget.pk]}, follow=True,
    )
    page = response.content.decode()
    assert "Huddinge 213\xa0129 kr" in page
    assert "945\xa0000 kr totalt" in page
    assert shares(budget)["Huddinge"] == 213129
