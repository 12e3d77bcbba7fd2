from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from apps.budgets.models import Budget, BudgetLine


def test_database_refuses_a_negative_amount(db):
    budget = Budget.objects.create(year=2017)
    with pytest.raises(IntegrityError), transaction.atomic():
        BudgetLine.objects.create(budget=budget, kind="cost", title="Personal", amount=Decimal("-1"))


def test_a_cost_line_cannot_be_marked_as_municipal_fees(db):
    budget = Budget.objects.create(year=2017)
    line = BudgetLine(budget=budget, kind="cost", title="Personal", amount=Decimal("895000"), is_fee=True)
    with pytest.raises(ValidationError, match="Kommunavgifter är intäkter"):
        line.full_clean()
