from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from import_export.admin import ImportExportModelAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import AgendaItem, Document, Meeting
from .resources import AgendaItemResource, MeetingResource


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0
    fields = [("number", "asked"), "title", "presenter", "description", "proposed_decision"]


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["kind", "title", "agenda_item", "file"]


@admin.register(Meeting)
class MeetingAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [MeetingResource]
    list_display = ["date", "date_precision", "body", "kind", "host_names", "status", "agenda_published_at"]
    list_select_related = ["body"]
    list_filter = ["body", "status", "kind", "hosts"]
    search_fields = ["title", "place", "body__name", "items__title"]
    date_hierarchy = "date"
    filter_horizontal = ["hosts"]
    inlines = [AgendaItemInline, DocumentInline]
    fieldsets = [
        (None, {"fields": ["body", "kind", "title", "status"]}),
        (_("When"), {"fields": [("date", "date_precision", "end_date"), ("start_time", "end_time")]}),
        (_("Where"), {"fields": ["hosts", "place"]}),
        (_("Publishing"), {"fields": ["agenda_published_at", "documents_published", "notes"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("hosts")

    @admin.display(description=_("hosts"))
    def host_names(self, meeting):
        return ", ".join(host.name for host in meeting.hosts.all())


@admin.register(AgendaItem)
class AgendaItemAdmin(ImportExportModelAdmin, SimpleHistoryAdmin):
    resource_classes = [AgendaItemResource]
    list_display = ["meeting", "number", "title", "presenter", "asked"]
    list_select_related = ["meeting__body"]
    list_filter = ["asked", "meeting__body"]
    search_fields = ["title", "description", "presenter"]
    date_hierarchy = "meeting__date"
    raw_id_fields = ["meeting"]


@admin.register(Document)
class DocumentAdmin(SimpleHistoryAdmin):
    list_display = ["title", "kind", "meeting", "uploaded_at"]
    list_select_related = ["meeting__body"]
    list_filter = ["kind"]
    search_fields = ["title"]
    date_hierarchy = "uploaded_at"
    raw_id_fields = ["meeting", "agenda_item"]
