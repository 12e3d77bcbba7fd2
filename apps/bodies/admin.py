from adminsortable2.admin import SortableInlineAdminMixin
from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps.meetings.admin import SortableAdmin
from apps.meetings.forms import DraftMeetingPlanForm, OrderedInlineFormSet, OrderedRowForm
from apps.meetings.models import StandingItem
from apps.meetings.services import PlanningError, draft_next_year
from apps.core.admin import PortalAdmin, action_form_response

from .models import Body, Partner, Person, Role


class RoleInline(admin.TabularInline):
    model = Role
    extra = 1
    autocomplete_fields = ["person", "municipality"]


class StandingItemInline(SortableInlineAdminMixin, admin.TabularInline):
    """The items every new meeting of the body starts its agenda with, in their order: dragged by their name or
    moved with their arrow buttons, numbered 1..n when the body is saved."""

    model = StandingItem
    form = OrderedRowForm
    formset = OrderedInlineFormSet
    # Our own template: sortable2 2.3.1 has none for Django 6.1, and ours adds the move buttons.
    template = "admin/meetings/edit_inline/ordered_tabular.html"
    ordering = ["number", "pk"]
    extra = 0
    fields = ["title", "asked", "number"]

    class Media:
        js = ["admin/js/ordered_rows.js"]
        css = {"all": ["css/admin.css"]}


@admin.register(Body)
class BodyAdmin(SortableAdmin, PortalAdmin):
    list_display = ["name", "kind", "usual_weekday", "usual_start", "usual_end", "meetings_per_year"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [RoleInline, StandingItemInline]
    actions = ["draft_next_years_meetings"]

    @admin.action(description=gettext_lazy("Draft next year's meetings from this year's"), permissions=["add_meeting"])
    def draft_next_years_meetings(self, request, queryset):
        form = DraftMeetingPlanForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return action_form_response(
                self, request, queryset, form=form, action="draft_next_years_meetings",
                title=_("Draft next year's meetings"),
                intro=_("Each body's meetings of the year are copied to the next year as planned meetings: the same "
                        "weekday pattern and hours, hosts following the body's rotation if it has one, otherwise "
                        "the same order as this year. Days to check again are listed afterwards."),
                submit_label=_("Draft the meetings"),
            )
        year, pattern = form.cleaned_data["year"], form.cleaned_data["pattern"]
        for body in queryset:
            try:
                drafted = draft_next_year(body, year, pattern, user=request.user)
            except PlanningError as e:
                self.message_user(request, str(e), messages.ERROR)
                continue
            self.message_user(
                request,
                ngettext("%(count)d meeting of %(body)s was drafted for %(year)s.",
                         "%(count)d meetings of %(body)s were drafted for %(year)s.", len(drafted))
                % {"count": len(drafted), "body": body, "year": year + 1},
                messages.SUCCESS,
            )
            for item in drafted:
                if item.flags:
                    self.message_user(
                        request, _("Check %(meeting)s: %(flags)s.") % {
                            "meeting": item.meeting, "flags": "; ".join(item.flags)},
                        messages.WARNING,
                    )
        return None

    def has_add_meeting_permission(self, request):
        return request.user.has_perm("meetings.add_meeting")


@admin.register(Person)
class PersonAdmin(PortalAdmin):
    list_display = ["name", "title", "municipality", "email"]
    list_select_related = ["municipality"]
    list_filter = ["municipality"]
    search_fields = ["name", "title", "email"]
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(PortalAdmin):
    list_display = ["person", "kind", "body", "municipality", "start", "end"]
    list_select_related = ["person", "body", "municipality"]
    list_filter = ["body", "kind", "municipality"]
    search_fields = ["person__name", "body__name"]
    autocomplete_fields = ["person", "body", "municipality"]
    date_hierarchy = "start"


@admin.register(Partner)
class PartnerAdmin(PortalAdmin):
    list_display = ["name", "kind", "website"]
    search_fields = ["name"]
    filter_horizontal = ["bodies"]
