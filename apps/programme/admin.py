from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from apps.core.admin import OwnMunicipalityMixin, PortalAdmin

from .models import Adoption, FocusArea, Goal, Programme, SubGoal


class FocusAreaInline(admin.TabularInline):
    model = FocusArea
    extra = 0
    fields = ["order", "name", "slug", "is_cross_cutting"]
    prepopulated_fields = {"slug": ["name"]}
    show_change_link = True


class AdoptionInline(admin.TabularInline):
    model = Adoption
    extra = 0
    fields = ["municipality", "status", "decision_body", "proposal_date", "decision_date", "diary_number"]


class GoalInline(admin.StackedInline):
    model = Goal
    extra = 0
    fields = [("order", "owner"), "title", "description"]
    show_change_link = True


class SubGoalInline(admin.TabularInline):
    model = SubGoal
    extra = 0
    fields = ["order", "kind", "text", "owner", "status", "progress", "is_sample"]


@admin.register(Programme)
class ProgrammeAdmin(PortalAdmin):
    restore_deleted = True
    list_display = ["name", "valid_from", "valid_to", "status", "diary_number", "adopted_by"]
    list_filter = ["status"]
    search_fields = ["name", "vision", "overall_goal", "diary_number"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [FocusAreaInline, AdoptionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_adoption_count()

    @admin.display(description=_("adopted by"))
    def adopted_by(self, programme):
        return f"{programme.adopted_count} / 8"


@admin.register(FocusArea)
class FocusAreaAdmin(PortalAdmin):
    list_display = ["name", "programme", "is_cross_cutting", "order"]
    list_select_related = ["programme"]
    list_filter = ["programme", "is_cross_cutting"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(PortalAdmin):
    list_display = ["title", "focus_area", "owner", "order"]
    list_select_related = ["focus_area__programme", "owner"]
    list_filter = ["focus_area__programme", "owner"]
    search_fields = ["title", "description"]
    inlines = [SubGoalInline]


@admin.register(SubGoal)
class SubGoalAdmin(PortalAdmin):
    list_display = ["text", "kind", "goal", "owner", "status", "progress"]
    list_select_related = ["goal__focus_area__programme", "owner"]
    list_filter = ["kind", "status", "goal__focus_area__programme", "owner"]
    search_fields = ["text"]


@admin.register(Adoption)
class AdoptionAdmin(OwnMunicipalityMixin, PortalAdmin):
    list_display = ["programme", "municipality", "status", "decision_date", "diary_number"]
    list_select_related = ["programme", "municipality"]
    list_filter = ["programme", "status", "municipality"]
    search_fields = ["municipality__name", "diary_number"]
    date_hierarchy = "decision_date"
