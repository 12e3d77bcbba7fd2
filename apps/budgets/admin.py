from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Budget, BudgetLine, FeeShare
from .resources import BudgetLineResource


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    fields = ["kind", "order", "title", "amount", "is_fee"]


class FeeShareInline(admin.TabularInline):
    model = FeeShare
    extra = 0
    fields = ["municipality", "fixed_amount", "amount"]


@admin.register(Budget)
class BudgetAdmin(SimpleHistoryAdmin):
    list_display = ["year", "fee_key", "population_year"]
    list_filter = ["fee_key"]
    search_fields = ["year", "notes"]
    inlines = [BudgetLineInline, FeeShareInline]


@admin.register(BudgetLine)
class BudgetLineAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [BudgetLineResource]
    list_display = ["title", "budget", "kind", "amount", "is_fee"]
    list_select_related = ["budget"]
    list_filter = ["budget", "kind"]
    search_fields = ["title"]


@admin.register(FeeShare)
class FeeShareAdmin(SimpleHistoryAdmin):
    list_display = ["budget", "municipality", "amount", "fixed_amount"]
    list_select_related = ["budget", "municipality"]
    list_filter = ["budget", "municipality"]
    search_fields = ["municipality__name"]
