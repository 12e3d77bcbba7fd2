from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Indicator, KeyFigure
from .resources import KeyFigureResource


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "unit", "kolada_id", "is_sample"]
    search_fields = ["name", "kolada_id"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(KeyFigure)
class KeyFigureAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [KeyFigureResource]
    list_display = ["indicator", "municipality", "year", "value"]
    list_select_related = ["indicator", "municipality"]
    list_filter = ["indicator", "year", "municipality"]
    search_fields = ["indicator__name", "municipality__name"]
