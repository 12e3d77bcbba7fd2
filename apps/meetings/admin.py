from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from apps.core.admin import PortalAdmin, SpreadsheetAdmin

from .models import AgendaItem, Document, Meeting
from .resources import AgendaItemResource, MeetingResource
from .services import agenda_is_late, late_agenda_message, meeting_flags, others_that_day, publish_agenda


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0
    fields = [("number", "asked"), "title", "presenter", "description", "proposed_decision"]


class DocumentInline(admin.TabularInline):
    model = Document
    extra = 0
    fields = ["kind", "title", "agenda_item", "file"]


@admin.register(Meeting)
class MeetingAdmin(SpreadsheetAdmin):
    resource_classes = [MeetingResource]
    restore_deleted = True
    list_display = [
        "date", "date_precision", "body", "kind", "host_names", "status", "agenda_published_at", "planning_flags",
    ]
    list_select_related = ["body"]
    list_filter = ["body", "status", "kind", "hosts"]
    search_fields = ["title", "place", "body__name", "items__title"]
    date_hierarchy = "date"
    filter_horizontal = ["hosts"]
    inlines = [AgendaItemInline, DocumentInline]
    actions = ["publish_agendas"]
    fieldsets = [
        (None, {"fields": ["body", "kind", "title", "status"]}),
        (gettext_lazy("When"), {"fields": [("date", "date_precision", "end_date"), ("start_time", "end_time")]}),
        (gettext_lazy("Where"), {"fields": ["hosts", "place"]}),
        (gettext_lazy("Publishing"), {"fields": ["agenda_published_at", "documents_published", "notes"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("hosts").annotate(others_that_day=others_that_day())

    def get_urls(self):
        return [
            path(
                "<int:object_id>/publish-agenda/", self.admin_site.admin_view(self.publish_agenda_view),
                name="meetings_meeting_publish_agenda",
            ),
            *super().get_urls(),
        ]

    @admin.display(description=gettext_lazy("hosts"))
    def host_names(self, meeting):
        return ", ".join(host.name for host in meeting.hosts.all())

    @admin.display(description=gettext_lazy("to check"))
    def planning_flags(self, meeting):
        flags = meeting_flags(meeting, getattr(meeting, "others_that_day", 0) or 0)
        return format_html_join("; ", "<span class=\"planning-flag\">{}</span>", ((flag,) for flag in flags))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "agenda_published_at" in form.changed_data and agenda_is_late(obj):
            self.message_user(request, late_agenda_message(obj), messages.WARNING)

    @admin.action(description=gettext_lazy("Mark the agenda published"), permissions=["change"])
    def publish_agendas(self, request, queryset):
        count = 0
        for meeting in queryset.select_related("body"):
            if publish_agenda(meeting, user=request.user):
                self.message_user(request, late_agenda_message(meeting), messages.WARNING)
            count += 1
        self.message_user(
            request,
            ngettext("%(count)d agenda was marked published.", "%(count)d agendas were marked published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    def publish_agenda_view(self, request, object_id):
        """The "publish agenda" button of a meeting's page (POST): publishes now and warns if it is late."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=object_id)
        if not self.has_change_permission(request, meeting):
            raise PermissionDenied
        if publish_agenda(meeting, user=request.user):
            self.message_user(request, late_agenda_message(meeting), messages.WARNING)
        self.message_user(request, _("The agenda of %(meeting)s is published.") % {"meeting": meeting},
                          messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:meetings_meeting_change", args=[meeting.pk]))


@admin.register(AgendaItem)
class AgendaItemAdmin(SpreadsheetAdmin):
    resource_classes = [AgendaItemResource]
    list_display = ["meeting", "number", "title", "presenter", "asked"]
    list_select_related = ["meeting__body"]
    list_filter = ["asked", "meeting__body"]
    search_fields = ["title", "description", "presenter"]
    date_hierarchy = "meeting__date"
    raw_id_fields = ["meeting"]


@admin.register(Document)
class DocumentAdmin(PortalAdmin):
    list_display = ["title", "kind", "meeting", "uploaded_at"]
    list_select_related = ["meeting__body"]
    list_filter = ["kind"]
    search_fields = ["title"]
    date_hierarchy = "uploaded_at"
    raw_id_fields = ["meeting", "agenda_item"]
