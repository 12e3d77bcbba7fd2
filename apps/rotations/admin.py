from django.contrib import admin
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Rotation, RotationYear
from .resources import RotationYearResource


class RotationYearInline(admin.TabularInline):
    model = RotationYear
    extra = 0
    fields = ["year", "municipality"]


@admin.register(Rotation)
class RotationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "body"]
    list_select_related = ["body"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RotationYearInline]


@admin.register(RotationYear)
class RotationYearAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [RotationYearResource]
    list_display = ["year", "rotation", "municipality"]
    list_select_related = ["rotation", "municipality"]
    list_filter = ["rotation", "municipality"]
    search_fields = ["municipality__name", "rotation__name"]
