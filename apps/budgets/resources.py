from django.utils.translation import gettext_lazy
from import_export import fields

from apps.core.resources import KRONOR, NamedForeignKeyWidget, PortalResource

from .models import Budget, BudgetLine


class BudgetWidget(NamedForeignKeyWidget):
    """A budget by its year."""

    def __init__(self, **kwargs):
        super().__init__(Budget, field="year", **kwargs)

    def lookup(self, value):
        try:
            return Budget.objects.filter(year=int(float(value))).first()
        except (TypeError, ValueError):
            return None


class BudgetLineResource(PortalResource):
    budget = fields.Field(attribute="budget", column_name="year", widget=BudgetWidget())
    column_labels = {"budget": gettext_lazy("budget year")}
    number_formats = {"amount": KRONOR}

    class Meta:
        model = BudgetLine
        fields = ("id", "budget", "kind", "title", "amount", "is_fee", "order")
        skip_unchanged = True
        clean_model_instances = True
