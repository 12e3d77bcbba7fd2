from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import DecimalField, OuterRef, Subquery, Sum
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.formats import number_format
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.admin import PortalAdmin, SpreadsheetAdmin
from apps.municipalities.models import Municipality

from .models import Budget, BudgetLine, FeeShare
from .resources import BudgetLineResource
from .services import BudgetError, FeeShareError, calculate_fee_shares, copy_to_next_year, fee_income, kronor


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    fields = ["kind", "order", "title", "amount", "is_fee"]


class FixedAmountInline(admin.TabularInline):
    """The amount each municipality pays under the key by fixed amounts; the shares themselves are calculated."""

    model = FeeShare
    extra = 0
    fields = ["municipality", "fixed_amount"]
    verbose_name = gettext_lazy("fixed amount")
    verbose_name_plural = gettext_lazy("fixed amounts per municipality")

    def missing(self, obj) -> list[int]:
        """The municipalities without a row yet, offered as empty rows."""
        have = set(obj.shares.values_list("municipality_id", flat=True)) if obj is not None else set()
        return [pk for pk in Municipality.objects.values_list("pk", flat=True) if pk not in have]

    def get_extra(self, request, obj=None, **kwargs):
        return len(self.missing(obj))


def _sum_per_budget(queryset):
    return Subquery(
        queryset.filter(budget=OuterRef("pk")).order_by().values("budget").annotate(total=Sum("amount")).values("total"),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )


@admin.register(Budget)
class BudgetAdmin(PortalAdmin):
    list_display = ["year", "status", "fee_key", "population_year", "fee_income", "fee_shares"]
    list_filter = ["status", "fee_key"]
    search_fields = ["year", "notes"]
    inlines = [BudgetLineInline, FixedAmountInline]
    actions = ["calculate_fee_shares", "copy_to_next_year"]
    readonly_fields = ["fee_share_table"]
    fieldsets = [
        (None, {"fields": ["year", "status", ("fee_key", "population_year"), "notes"]}),
        (gettext_lazy("Fee shares"), {"fields": ["fee_share_table"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            fee_total=_sum_per_budget(BudgetLine.objects.filter(is_fee=True)),
            shares_total=_sum_per_budget(FeeShare.objects.all()),
        )

    def get_inlines(self, request, obj):
        # Fixed amounts only where the key uses them: a saved budget with the key by fixed amounts.
        if obj is not None and obj.fee_key == Budget.FeeKey.FIXED:
            return self.inlines
        return [BudgetLineInline]

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if isinstance(inline, FixedAmountInline) and request.method != "POST":
            kwargs["initial"] = [{"municipality": pk} for pk in inline.missing(obj)]
        return kwargs

    def get_urls(self):
        return [
            path("<int:object_id>/copy/", self.admin_site.admin_view(self.copy_view), name="budgets_budget_copy"),
            *super().get_urls(),
        ]

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

    @admin.display(description=gettext_lazy("each municipality's share"))
    def fee_share_table(self, budget):
        """The shares as calculated when the budget was last saved, with their sum against the fee income."""
        if budget is None or budget.pk is None:
            return _("Calculated when the budget is saved.")
        shares = list(budget.shares.select_related("municipality").order_by("municipality__name"))
        if not shares:
            return _("Not calculated: see the message shown when the budget was saved.")
        total = sum(share.amount for share in shares)
        income = fee_income(budget)
        row = "<tr><th scope=\"row\">{}</th><td class=\"amount\">{}</td><td class=\"amount\">{}</td></tr>"
        rows = format_html_join("", row, (
            (share.municipality.name, kronor(share.amount),
             f"{number_format(share.amount * 100 / total, decimal_pos=1)} %" if total else "–")
            for share in shares
        ))
        note = ""
        if total != income:
            note = format_html("<p class=\"errornote\">{}</p>", _(
                "The shares add up to %(shares)s, not to the fee income of %(income)s: save the budget again or "
                "correct what the message says."
            ) % {"shares": kronor(total), "income": kronor(income)})
        return format_html(
            "<table class=\"fee-share-table\"><caption>{}</caption><thead><tr><th scope=\"col\">{}</th>"
            "<th scope=\"col\" class=\"amount\">{}</th><th scope=\"col\" class=\"amount\">{}</th></tr></thead>"
            "<tbody>{}</tbody><tfoot><tr><th scope=\"row\">{}</th><td class=\"amount\">{}</td><td></td></tr></tfoot>"
            "</table>{}",
            _("%(key)s, fee income %(income)s") % {
                "key": capfirst(budget.get_fee_key_display()), "income": kronor(income)},
            _("Municipality"), _("Share"), _("Per cent"), rows, _("Total"), kronor(total), note,
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.share_fees(request, form.instance, on_save=True)

    def share_fees(self, request, budget, on_save=False):
        try:
            shares = calculate_fee_shares(budget, user=request.user)
        except FeeShareError as e:
            if on_save:
                message = _("The fee shares of %(year)s were not calculated: %(error)s")
            else:
                message = _("Budget %(year)s: %(error)s")
            self.message_user(request, message % {"year": budget.year, "error": e},
                              messages.WARNING if on_save else messages.ERROR)
            return
        self.message_user(
            request,
            _("Fee shares %(year)s (%(key)s): %(shares)s.") % {
                "year": budget.year, "key": budget.get_fee_key_display(),
                "shares": ", ".join(f"{share.municipality} {kronor(share.amount)}" for share in shares),
            },
            messages.SUCCESS,
        )

    @admin.action(description=gettext_lazy("Calculate fee shares"), permissions=["change"])
    def calculate_fee_shares(self, request, queryset):
        for budget in queryset:
            self.share_fees(request, budget)

    @admin.action(description=gettext_lazy("Copy to next year as a draft"), permissions=["add"])
    def copy_to_next_year(self, request, queryset):
        copies = []
        for budget in queryset:
            try:
                copies.append(self.copy(request, budget))
            except BudgetError as e:
                self.message_user(request, str(e), messages.ERROR)
        if len(copies) == 1:
            return HttpResponseRedirect(reverse("admin:budgets_budget_change", args=[copies[0].pk]))
        return None

    def copy(self, request, budget) -> Budget:
        copy = copy_to_next_year(budget, user=request.user)
        self.message_user(request, _(
            "Budget %(year)s is a draft copied from %(source)s with its lines: correct the amounts, then mark it "
            "adopted to publish it."
        ) % {"year": copy.year, "source": budget.year}, messages.SUCCESS)
        self.share_fees(request, copy, on_save=True)
        return copy

    def copy_view(self, request, object_id):
        """The "copy to next year" button of a budget's page (POST): the new draft, opened for editing."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        budget = get_object_or_404(Budget, pk=object_id)
        if not (self.has_add_permission(request) and self.has_view_permission(request, budget)):
            raise PermissionDenied
        try:
            copy = self.copy(request, budget)
        except BudgetError as e:
            self.message_user(request, str(e), messages.ERROR)
            return HttpResponseRedirect(reverse("admin:budgets_budget_change", args=[budget.pk]))
        return HttpResponseRedirect(reverse("admin:budgets_budget_change", args=[copy.pk]))

    class Media:
        css = {"all": ["css/admin.css", "admin/css/budgets.css"]}


@admin.register(BudgetLine)
class BudgetLineAdmin(SpreadsheetAdmin):
    resource_classes = [BudgetLineResource]
    restore_deleted = True
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
