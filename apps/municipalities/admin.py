from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import Municipality, Population
from .resources import MunicipalityResource, PopulationResource


class PopulationInline(admin.TabularInline):
    model = Population
    extra = 1


@admin.register(Municipality)
class MunicipalityAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [MunicipalityResource]
    list_display = ["name", "code", "website"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PopulationInline]


@admin.register(Population)
class PopulationAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [PopulationResource]
    list_display = ["municipality", "year", "inhabitants", "source"]
    list_select_related = ["municipality"]
    list_filter = ["year", "municipality"]
    search_fields = ["municipality__name"]
