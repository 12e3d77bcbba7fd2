from decimal import Decimal

from django.db.models import Sum

from apps.budgets.models import Budget


def test_2017_budget_balances_at_945_000(seed):
    budget = Budget.objects.get(year=2017)
    income = budget.lines.filter(kind="income").aggregate(total=Sum("amount"))["total"]
    costs = {line.title: line.amount for line in budget.lines.filter(kind="cost")}
    assert income == Decimal("945000")
    assert costs["Personal"] == Decimal("895000")
    assert costs["Ersättning till Huddinge kommun för kontorsservice, arbetsrum m.m."] == Decimal("50000")
    assert sum(costs.values()) == income


def test_2017_fee_shares_add_up_to_the_fee_income_to_the_krona(demo):
    # The fee key is the secretariat's choice, not in the source: the shares are demonstration data.
    budget = Budget.objects.get(year=2017)
    fees = budget.lines.filter(is_fee=True).aggregate(total=Sum("amount"))["total"]
    assert budget.shares.count() == 8
    assert budget.shares.aggregate(total=Sum("amount"))["total"] == fees
