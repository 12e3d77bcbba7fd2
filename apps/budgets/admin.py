from django.contrib import admin, messages
from django.db.models import DecimalField, OuterRef, Subquery, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.admin import PortalAdmin, SpreadsheetAdmin

from .models import Budget, BudgetLine, FeeShare
from .resources import BudgetLineResource
from .services import FeeShareError, calculate_fee_shares, kronor


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    fields = ["kind", "order", "title", "amount", "is_fee"]


class FeeShareInline(admin.TabularInline):
    model = FeeShare
    extra = 0
    fields = ["municipality", "fixed_amount", "amount"]
    readonly_fields = ["amount"]


def _sum_per_budget(queryset):
    return Subquery(
        queryset.filter(budget=OuterRef("pk")).order_by().values("budget").annotate(total=Sum("amount")).values("total"),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


@admin.register(Budget)
class BudgetAdmin(PortalAdmin):
    list_display = ["year", "fee_key", "population_year", "fee_income", "fee_shares"]
    list_filter = ["fee_key"]
    search_fields = ["year", "notes"]
    inlines = [BudgetLineInline, FeeShareInline]
    actions = ["calculate_fee_shares"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            fee_total=_sum_per_budget(BudgetLine.objects.filter(is_fee=True)),
            shares_total=_sum_per_budget(FeeShare.objects.all()),
        )

    @admin.display(description=gettext_lazy("fee income"), ordering="fee_total")
    def fee_income(self, budget):
        return kronor(budget.fee_total) if budget.fee_total is not None else "–"

    @admin.display(description=gettext_lazy("fee shares"))
    def fee_shares(self, budget):
        if budget.shares_total is None:
            return _("not calculated")
        if budget.shares_total != (budget.fee_total or 0):
            return _("%(shares)s: does not add up to the fee income") % {"shares": kronor(budget.shares_total)}
        return _("%(shares)s in all") % {"shares": kronor(budget.shares_total)}

    @admin.action(description=gettext_lazy("Calculate fee shares"), permissions=["change"])
    def calculate_fee_shares(self, request, queryset):
        for budget in queryset:
            try:
                shares = calculate_fee_shares(budget, user=request.user)
            except FeeShareError as e:
                self.message_user(request, _("Budget %(year)s: %(error)s") % {"year": budget.year, "error": e},
                                  messages.ERROR)
                continue
            self.message_user(
                request,
                _("Fee shares %(year)s (%(key)s): %(shares)s.") % {
                    "year": budget.year, "key": budget.get_fee_key_display(),
                    "shares": ", ".join(f"{share.municipality} {kronor(share.amount)}" for share in shares),
                },
                messages.SUCCESS,
            )


@admin.register(BudgetLine)
class BudgetLineAdmin(SpreadsheetAdmin):
    resource_classes = [BudgetLineResource]
    list_display = ["title", "budget", "kind", "amount", "is_fee"]
    list_select_related = ["budget"]
    list_filter = ["budget", "kind"]
    search_fields = ["title"]


@admin.register(FeeShare)
class FeeShareAdmin(PortalAdmin):
    list_display = ["budget", "municipality", "amount", "fixed_amount"]
    list_select_related = ["budget", "municipality"]
    list_filter = ["budget", "municipality"]
    search_fields = ["municipality__name"]
    readonly_fields = ["amount"]
