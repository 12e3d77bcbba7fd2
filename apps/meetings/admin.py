import datetime
from functools import cache

import django
from adminsortable2.admin import SortableAdminBase, SortableInlineAdminMixin
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AdminTextareaWidget
from django.contrib.staticfiles import finders
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import ngettext
from import_export.admin import ExportActionMixin

from apps.core.admin import PortalAdmin, SpreadsheetAdmin, action_form_response

from .forms import (
    AgendaItemFormSet, CancelMeetingsForm, DocumentFormSet, MoveMeetingsForm, OrderedRowForm, PlanBodiesYearForm,
)
from .models import AgendaItem, Document, Meeting
from .resources import AgendaItemResource, MeetingResource
from .services import (
    BodyPlan, add_standing_items, agenda_is_late, copy_meeting, draft_year, flags_of, late_agenda_message,
    publish_agenda, with_planning_facts,
)

# A change to one of these may put a meeting on a day to look at again (apps.meetings.services.meeting_flags).
DAY_FIELDS = {"body", "date", "date_precision", "end_date", "status"}

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


def drafted_response(modeladmin, request, plans: list[BodyPlan], year: int) -> HttpResponseRedirect:
    """After drafting a year: what was drafted, skipped and flagged, and the meeting list showing exactly the
    drafted meetings with their flags."""
    without = [str(plan.body) for plan in plans if plan.source_year is None]
    if without:
        modeladmin.message_user(request, ngettext(
            "%(bodies)s has no meetings before %(year)s to draft from.",
            "%(bodies)s have no meetings before %(year)s to draft from.", len(without),
        ) % {"bodies": ", ".join(without), "year": year}, messages.INFO)
    for plan in plans:
        if plan.source_year is None:
            continue
        if plan.drafted:
            modeladmin.message_user(request, ngettext(
                "%(count)d meeting of %(body)s was drafted for %(year)s from those of %(source)s.",
                "%(count)d meetings of %(body)s were drafted for %(year)s from those of %(source)s.",
                len(plan.drafted),
            ) % {"count": len(plan.drafted), "body": plan.body, "year": year, "source": plan.source_year},
                messages.SUCCESS)
        if plan.skipped:
            modeladmin.message_user(request, _(
                "%(body)s already meets on %(days)s: nothing more was drafted for those days."
            ) % {"body": plan.body, "days": ", ".join(date_format(day, "SHORT_DATE_FORMAT") for day in plan.skipped)},
                messages.INFO)
    drafted = [item for plan in plans for item in plan.drafted]
    changelist = reverse("admin:meetings_meeting_changelist")
    if not drafted:
        return HttpResponseRedirect(f"{changelist}?date__year={year}")
    flagged = sum(1 for item in drafted if item.flags)
    if flagged:
        modeladmin.message_user(request, ngettext(
            "%(count)d of the drafted meetings falls on a day to look at again (see “to check”).",
            "%(count)d of the drafted meetings fall on days to look at again (see “to check”).", flagged,
        ) % {"count": flagged}, messages.WARNING)
    modeladmin.message_user(request, _(
        "The drafts are seen only here until they are confirmed: select them and choose “Confirm the selected "
        "meetings”."
    ), messages.INFO)
    ids = ",".join(str(item.meeting.pk) for item in drafted)
    return HttpResponseRedirect(f"{changelist}?id__in={ids}")


@admin.register(Meeting)
class MeetingAdmin(SortableAdmin, SpreadsheetAdmin):
    resource_classes = [MeetingResource]
    restore_deleted = True
    # What a planner reads first comes first: the day, the body, what to check about the day, the status.
    list_display = [
        "date", "body_name", "planning_flags", "status", "is_draft", "host_names", "kind", "date_precision",
        "agenda_published_at",
    ]
    list_select_related = ["body"]
    list_filter = ["body", "status", "is_draft", "kind", "hosts"]
    search_fields = ["title", "place", "body__name", "items__title"]
    date_hierarchy = "date"
    filter_horizontal = ["hosts"]
    inlines = [AgendaItemInline, DocumentInline]
    actions = [
        "confirm_meetings", "cancel_meetings", "move_meetings", "publish_agendas", "publish_documents",
        "export_selected",
    ]
    fieldsets = [
        (None, {"fields": ["body", "kind", "title", ("status", "is_draft")]}),
        (gettext_lazy("When"), {"fields": [("date", "date_precision", "end_date"), ("start_time", "end_time")]}),
        (gettext_lazy("Where"), {"fields": ["hosts", "place"]}),
        (gettext_lazy("Publishing"), {"fields": ["agenda_published_at", "documents_published", "notes"]}),
    ]

    def get_queryset(self, request):
        return with_planning_facts(super().get_queryset(request).prefetch_related("hosts"))

    def get_urls(self):
        return [
            path("plan/", self.admin_site.admin_view(self.plan_view), name="meetings_meeting_plan"),
            path(
                "<int:object_id>/publish-agenda/", self.admin_site.admin_view(self.publish_agenda_view),
                name="meetings_meeting_publish_agenda",
            ),
            path("<int:object_id>/copy/", self.admin_site.admin_view(self.copy_view), name="meetings_meeting_copy"),
            *super().get_urls(),
        ]

    def changelist_links(self, request):
        links = super().changelist_links(request)
        if self.has_add_permission(request):
            links.insert(0, (reverse("admin:meetings_meeting_plan"), _("Plan a year")))
        return links

    @admin.display(description=gettext_lazy("body"), ordering="body__order")
    def body_name(self, meeting):
        return meeting.body.short_name

    @admin.display(description=gettext_lazy("hosts"))
    def host_names(self, meeting):
        return ", ".join(host.name for host in meeting.hosts.all())

    @admin.display(description=gettext_lazy("to check"))
    def planning_flags(self, meeting):
        return format_html_join(
            "; ", "<span class=\"planning-flag\">{}</span>", ((flag,) for flag in flags_of(meeting))
        )

    def warn_about_the_day(self, request, meetings):
        """A warning for each of `meetings` that falls on a day to look at again; saving is not refused."""
        for meeting in with_planning_facts(Meeting.objects.filter(pk__in=[m.pk for m in meetings])):
            flags = flags_of(meeting)
            if flags:
                self.message_user(request, _("Check %(meeting)s: %(flags)s.") % {
                    "meeting": meeting, "flags": "; ".join(flags)}, messages.WARNING)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if "agenda_published_at" in form.changed_data and agenda_is_late(obj):
            self.message_user(request, late_agenda_message(obj), messages.WARNING)
        if not change or DAY_FIELDS & set(form.changed_data):
            self.warn_about_the_day(request, [obj])

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            added = add_standing_items(form.instance, user=request.user)
            if added:
                self.message_user(request, ngettext(
                    "%(count)d standing item of %(body)s was put first on the agenda.",
                    "%(count)d standing items of %(body)s were put first on the agenda.", len(added),
                ) % {"count": len(added), "body": form.instance.body}, messages.INFO)

    def plan_view(self, request):
        """Planning a year: the year and the bodies; the drafts are then shown in the meeting list. The bodies'
        list sends its chosen bodies as ?organ=…"""
        if not self.has_add_permission(request):
            raise PermissionDenied
        initial = {"bodies": request.GET.getlist("organ")} if request.GET.getlist("organ") else {}
        if request.GET.get("year", "").isdigit():
            initial["year"] = int(request.GET["year"])
        form = PlanBodiesYearForm(request.POST if request.method == "POST" else None, initial=initial)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            plans = draft_year(data["bodies"], data["year"], data["pattern"], user=request.user)
            return drafted_response(self, request, plans, data["year"])
        context = {
            **self.admin_site.each_context(request),
            "title": _("Plan a year"),
            "opts": self.opts,
            "form": form,
            "adminform": helpers.AdminForm(form, [(None, {"fields": list(form.fields)})], {}),
            "media": self.media + form.media,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/meetings/meeting/plan_year.html", context)

    def _save(self, request, meeting, reason=None):
        meeting._history_user = request.user
        if reason:
            meeting._change_reason = reason
        meeting.save()

    @admin.action(description=gettext_lazy("Confirm the selected meetings"), permissions=["change"])
    def confirm_meetings(self, request, queryset):
        """Drafts and planned meetings become confirmed, and public; cancelled and held ones stay as they are."""
        confirmed, left = 0, []
        for meeting in queryset.select_related("body"):
            if meeting.status in (Meeting.Status.CANCELLED, Meeting.Status.HELD):
                left.append(meeting)
                continue
            if meeting.status != Meeting.Status.CONFIRMED or meeting.is_draft:
                meeting.status, meeting.is_draft = Meeting.Status.CONFIRMED, False
                self._save(request, meeting)
                confirmed += 1
        self.message_user(request, ngettext(
            "%(count)d meeting was confirmed and is public.", "%(count)d meetings were confirmed and are public.",
            confirmed,
        ) % {"count": confirmed}, messages.SUCCESS)
        if left:
            self.message_user(request, _("Left as they were, being cancelled or held: %(meetings)s.") % {
                "meetings": ", ".join(str(meeting) for meeting in left)}, messages.WARNING)

    @admin.action(description=gettext_lazy("Cancel the selected meetings"), permissions=["change"])
    def cancel_meetings(self, request, queryset):
        form = CancelMeetingsForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return action_form_response(
                self, request, queryset, form=form, action="cancel_meetings", title=_("Cancel meetings"),
                intro=_("These meetings will be marked cancelled; the public pages and calendar feeds say so. "
                        "Meetings already held are left as they are."),
                submit_label=_("Cancel the meetings"),
            )
        cancelled, held = 0, []
        for meeting in queryset.select_related("body"):
            if meeting.status == Meeting.Status.HELD:
                held.append(meeting)
            elif meeting.status != Meeting.Status.CANCELLED:
                meeting.status = Meeting.Status.CANCELLED
                self._save(request, meeting, form.cleaned_data["reason"])
                cancelled += 1
        self.message_user(request, ngettext(
            "%(count)d meeting was cancelled.", "%(count)d meetings were cancelled.", cancelled,
        ) % {"count": cancelled}, messages.SUCCESS)
        if held:
            self.message_user(request, _("Not cancelled, being held already: %(meetings)s.") % {
                "meetings": ", ".join(str(meeting) for meeting in held)}, messages.WARNING)
        return None

    @admin.action(description=gettext_lazy("Move the selected meetings by a number of days"), permissions=["change"])
    def move_meetings(self, request, queryset):
        form = MoveMeetingsForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return action_form_response(
                self, request, queryset, form=form, action="move_meetings", title=_("Move meetings"),
                intro=_("Each meeting moves by the same number of days, its last day and hours with it. Meetings "
                        "known only to the month and meetings already held stay where they are."),
                submit_label=_("Move the meetings"),
            )
        days = datetime.timedelta(days=form.cleaned_data["days"])
        moved, left = [], []
        for meeting in queryset.select_related("body"):
            if meeting.is_month_only or meeting.status == Meeting.Status.HELD:
                left.append(meeting)
                continue
            meeting.date += days
            if meeting.end_date:
                meeting.end_date += days
            self._save(request, meeting)
            moved.append(meeting)
        self.message_user(request, ngettext(
            "%(count)d meeting was moved by %(days)d days.", "%(count)d meetings were moved by %(days)d days.",
            len(moved),
        ) % {"count": len(moved), "days": form.cleaned_data["days"]}, messages.SUCCESS)
        if left:
            self.message_user(request, _(
                "Not moved, being known only to the month or held already: %(meetings)s."
            ) % {"meetings": ", ".join(str(meeting) for meeting in left)}, messages.WARNING)
        self.warn_about_the_day(request, moved)
        return None

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

    @admin.action(description=gettext_lazy("Publish the documents of the selected meetings"), permissions=["change"])
    def publish_documents(self, request, queryset):
        published, without_agenda = 0, []
        for meeting in queryset.select_related("body"):
            if not meeting.documents_published:
                meeting.documents_published = True
                self._save(request, meeting)
                published += 1
            if meeting.agenda_published_at is None:
                without_agenda.append(meeting)
        self.message_user(request, ngettext(
            "The documents of %(count)d meeting were published.",
            "The documents of %(count)d meetings were published.", published,
        ) % {"count": published}, messages.SUCCESS)
        if without_agenda:
            self.message_user(request, _(
                "The agenda of %(meetings)s is not published: the items' attachments stay hidden until it is."
            ) % {"meetings": ", ".join(str(meeting) for meeting in without_agenda)}, messages.WARNING)

    # django-import-export's own wording, translated in our catalogue (apps.core.admin.THIRD_PARTY_MESSAGES).
    @admin.action(description=gettext_lazy("Export selected %(verbose_name_plural)s"), permissions=["export"])
    def export_selected(self, request, queryset):
        """The selected rows as a spreadsheet: django-import-export's export page with the rows chosen. Its
        ExportActionMixin is not inherited, since it would also replace this admin's change page."""
        return ExportActionMixin.export_admin_action(self, request, queryset)

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
    restore_deleted = True
    restore_numbering = ("number", "meeting")
    list_display = ["meeting", "number", "title", "presenter", "asked"]
    list_select_related = ["meeting__body"]
    list_filter = ["asked", "meeting__body"]
    search_fields = ["title", "description", "presenter"]
    date_hierarchy = "meeting__date"
    raw_id_fields = ["meeting"]


@admin.register(Document)
class DocumentAdmin(PortalAdmin):
    restore_deleted = True
    list_display = ["title", "kind", "meeting", "uploaded_at"]
    list_select_related = ["meeting__body"]
    list_filter = ["kind"]
    search_fields = ["title"]
    date_hierarchy = "uploaded_at"
    raw_id_fields = ["meeting", "agenda_item"]
