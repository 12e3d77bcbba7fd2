from import_export import fields, resources, widgets

from .models import Budget, BudgetLine


class BudgetLineResource(resources.ModelResource):
    budget = fields.Field(
        attribute="budget", column_name="year", widget=widgets.ForeignKeyWidget(Budget, field="year")
    )

    class Meta:
        model = BudgetLine
        fields = ("id", "budget", "kind", "title", "amount", "is_fee", "order")
        skip_unchanged = True
        clean_model_instances = True
