from adminsortable2.admin import SortableInlineAdminMixin
from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin

from apps.core.admin import PortalAdmin, action_form_response
from apps.meetings.admin import SortableAdmin, drafted_response
from apps.meetings.forms import OrderedInlineFormSet, OrderedRowForm, PlanYearForm
from apps.meetings.models import StandingItem
from apps.meetings.services import draft_year

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
class BodyAdmin(SortableAdmin, TranslationAdmin, PortalAdmin):
    list_display = ["name", "kind", "usual_weekday", "usual_start", "usual_end", "meetings_per_year"]
    list_filter = ["kind"]
    # The name in both languages (translation.py), by field: a plain "name" would search only the admin's language.
    search_fields = ["name_sv", "name_en", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [RoleInline, StandingItemInline]
    actions = ["plan_a_year"]

    @admin.action(description=gettext_lazy("Plan a year for the selected bodies"), permissions=["add_meeting"])
    def plan_a_year(self, request, queryset):
        form = PlanYearForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return action_form_response(
                self, request, queryset, form=form, action="plan_a_year", title=_("Plan a year"),
                intro=_("Each body's meetings are drafted from its latest year of meetings: the same weekday "
                        "pattern and hours, hosts following the body's rotation if it has one and otherwise shared "
                        "out fairly. Days the body already meets on are skipped. The drafts are seen only in the "
                        "admin until they are confirmed; the meeting list shows them afterwards, with the days to "
                        "look at again."),
                submit_label=_("Draft the meetings"),
            )
        year = form.cleaned_data["year"]
        plans = draft_year(queryset, year, form.cleaned_data["pattern"], user=request.user)
        return drafted_response(self, request, plans, year)

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
    restore_deleted = True
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
