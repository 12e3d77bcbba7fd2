from functools import cache

import django
from adminsortable2.admin import SortableAdminBase, SortableInlineAdminMixin
from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminTextareaWidget
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext

from apps.core.admin import PortalAdmin, SpreadsheetAdmin

from .forms import AgendaItemFormSet, DocumentFormSet, OrderedRowForm
from .models import AgendaItem, Document, Meeting
from .resources import AgendaItemResource, MeetingResource
from .services import (
    add_standing_items, agenda_is_late, copy_meeting, late_agenda_message, meeting_flags, others_that_day,
    publish_agenda,
)

SORTABLE_ACTIONS_JS = f"adminsortable2/js/actions-{django.VERSION[0]}.{django.VERSION[1]}.js"


@cache
def _static_file_exists(path: str) -> bool:
    return finders.find(path) is not None


class SortableAdmin(SortableAdminBase):
    """A page with sortable inlines (django-admin-sortable2). The library swaps the admin's actions.js for a
    patched copy of its own per Django version, and 2.3.1 has none for Django 6.1: a reference to a missing file,
    which the manifest storage of production refuses with an error page. Where the copy is missing, Django's own
    file stays."""

    @property
    def media(self):
        media = super().media
        js = list(media._js)
        if SORTABLE_ACTIONS_JS in js and not _static_file_exists(SORTABLE_ACTIONS_JS):
            js[js.index(SORTABLE_ACTIONS_JS)] = "admin/js/actions.js"
        return forms.Media(css=media._css, js=js)


class AgendaItemInline(SortableInlineAdminMixin, admin.StackedInline):
    """The agenda, in its order: dragged by an item's heading or moved with its arrow buttons, numbered 1..n when
    the meeting is saved (AgendaItemFormSet)."""

    model = AgendaItem
    form = OrderedRowForm
    formset = AgendaItemFormSet
    # Our own template: sortable2 2.3.1 has none for Django 6.1, and ours adds the move buttons.
    template = "admin/meetings/edit_inline/agenda_items.html"
    ordering = ["number"]
    extra = 0
    fields = ["title", ("asked", "presenter"), "description", "proposed_decision", "number"]
    # Three lines instead of ten (a box can be pulled larger): an agenda of twenty items stays short enough to drag.
    formfield_overrides = {models.TextField: {"widget": AdminTextareaWidget(attrs={"rows": 3})}}

    class Media:
        js = ["admin/js/ordered_rows.js"]
        css = {"all": ["css/admin.css"]}


class DocumentInline(admin.TabularInline):
    model = Document
    formset = DocumentFormSet
    extra = 0
    fields = ["kind", "title", "agenda_item", "file"]


@admin.register(Meeting)
class MeetingAdmin(SortableAdmin, SpreadsheetAdmin):
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
            path("<int:object_id>/copy/", self.admin_site.admin_view(self.copy_view), name="meetings_meeting_copy"),
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

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            added = add_standing_items(form.instance, user=request.user)
            if added:
                self.message_user(request, ngettext(
                    "%(count)d standing item of %(body)s was put first on the agenda.",
                    "%(count)d standing items of %(body)s were put first on the agenda.", len(added),
                ) % {"count": len(added), "body": form.instance.body}, messages.INFO)

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

    def copy_view(self, request, object_id):
        """The "copy meeting" button of a meeting's page (POST): a new meeting a week later, opened for editing."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=object_id)
        if not (self.has_add_permission(request) and self.has_view_permission(request, meeting)):
            raise PermissionDenied
        copy = copy_meeting(meeting, user=request.user)
        self.message_user(request, _(
            "This is a copy of %(meeting)s with its hosts, hours and agenda, dated a week later. Check the date "
            "and the agenda."
        ) % {"meeting": meeting}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:meetings_meeting_change", args=[copy.pk]))


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
