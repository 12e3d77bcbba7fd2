from django.contrib import admin, messages
from django.utils.text import capfirst
from django.utils.translation import gettext, gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from apps.core.admin import OwnMunicipalityMixin, PortalAdmin

from .models import Adoption, FocusArea, Goal, Programme, SubGoal


class InForceNoticeMixin:
    """A change that alters which version is in force (an adoption decided, changed or deleted, a version's
    validity changed) is said to the person who made it, and written into the history of each version concerned,
    with their name."""

    def remember_in_force(self, request):
        request.programme_in_force_before = Programme.objects.current()

    def tell_in_force_change(self, request):
        if not hasattr(request, "programme_in_force_before"):
            return
        before = request.programme_in_force_before
        del request.programme_in_force_before
        after = Programme.objects.current()
        if (before and before.pk) == (after and after.pk):
            return
        if after and before:
            message = gettext("%(new)s is now the version in force, instead of %(old)s.") % {
                "new": after, "old": before}
        elif after:
            message = gettext("%(new)s is now the version in force; before this change no version was.") % {
                "new": after}
        else:
            message = gettext("No version of the programme is in force any more; before this change %(old)s was.") % {
                "old": before}
        reasons = []
        if after:
            reasons.append((after, gettext("Now in force, instead of %(old)s") % {"old": before} if before
                            else gettext("Now in force")))
        if before:
            reasons.append((before, gettext("No longer in force; %(new)s is") % {"new": after} if after
                            else gettext("No longer in force")))
        for programme, reason in reasons:
            programme._change_reason = reason[:100]
            programme._history_user = request.user
            programme.save()
        self.message_user(request, message, messages.WARNING)


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [(value, capfirst(label)) for value, label in Programme.Status.choices]

    def queryset(self, request, queryset):
        if self.value() in Programme.Status.values:
            return queryset.filter(computed_status=self.value())
        return queryset


# The texts in Swedish and English (translation.py) are edited side by side: vision (svenska), vision (engelska).
class FocusAreaInline(TranslationTabularInline):
    model = FocusArea
    extra = 0
    fields = ["order", "name", "slug", "is_cross_cutting"]
    prepopulated_fields = {"slug": ["name"]}
    show_change_link = True


class AdoptionInline(admin.TabularInline):
    model = Adoption
    extra = 0
    fields = ["municipality", "status", "decision_body", "proposal_date", "decision_date", "diary_number"]


class GoalInline(TranslationStackedInline):
    model = Goal
    extra = 0
    fields = [("order", "owner"), "title", "description"]
    show_change_link = True


class SubGoalInline(TranslationTabularInline):
    model = SubGoal
    extra = 0
    fields = ["order", "kind", "text", "owner", "status", "progress"]


@admin.register(Programme)
class ProgrammeAdmin(InForceNoticeMixin, TranslationAdmin, PortalAdmin):
    restore_deleted = True
    list_display = ["name", "valid_from", "valid_to", "status_label", "diary_number", "adopted_by"]
    list_filter = [StatusFilter]
    # Both languages' fields by name: a plain "vision" would search only the language of the admin's page.
    search_fields = ["name", "vision_sv", "vision_en", "overall_goal_sv", "overall_goal_en", "diary_number"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["status_label"]
    inlines = [FocusAreaInline, AdoptionInline]

    def get_queryset(self, request):
        return super().get_queryset(request).with_status()

    @admin.display(description=_("status"))
    def status_label(self, programme):
        if programme.pk is None:
            return "–"
        if not hasattr(programme, "computed_status"):
            # A version shown from the history page is built from its record, not read with its status: today's
            # status of that programme is the one to show.
            programme = Programme.objects.with_status().get(pk=programme.pk)
        if programme.status == Programme.Status.REPLACED:
            return gettext("%(status)s by %(successor)s") % {
                "status": capfirst(programme.status.label), "successor": programme.successor}
        return capfirst(programme.status.label)

    @admin.display(description=_("adopted by"))
    def adopted_by(self, programme):
        return f"{programme.adopted_count} / {programme.member_count}"

    def save_model(self, request, obj, form, change):
        self.remember_in_force(request)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self.tell_in_force_change(request)

    def delete_model(self, request, obj):
        self.remember_in_force(request)
        super().delete_model(request, obj)
        self.tell_in_force_change(request)


@admin.register(FocusArea)
class FocusAreaAdmin(TranslationAdmin, PortalAdmin):
    list_display = ["name", "programme", "is_cross_cutting", "order"]
    list_select_related = ["programme"]
    list_filter = ["programme", "is_cross_cutting"]
    search_fields = ["name_sv", "name_en", "description_sv", "description_en"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [GoalInline]


@admin.register(Goal)
class GoalAdmin(TranslationAdmin, PortalAdmin):
    list_display = ["title", "focus_area", "owner", "order"]
    list_select_related = ["focus_area__programme", "owner"]
    list_filter = ["focus_area__programme", "owner"]
    search_fields = ["title_sv", "title_en", "description_sv", "description_en"]
    inlines = [SubGoalInline]


@admin.register(SubGoal)
class SubGoalAdmin(TranslationAdmin, PortalAdmin):
    list_display = ["text", "kind", "goal", "owner", "status", "progress"]
    list_select_related = ["goal__focus_area__programme", "owner"]
    list_filter = ["kind", "status", "goal__focus_area__programme", "owner"]
    search_fields = ["text_sv", "text_en"]


@admin.register(Adoption)
class AdoptionAdmin(InForceNoticeMixin, OwnMunicipalityMixin, PortalAdmin):
    list_display = ["programme", "municipality", "status", "decision_date", "diary_number"]
    list_select_related = ["programme", "municipality"]
    list_filter = ["programme", "status", "municipality"]
    search_fields = ["municipality__name", "diary_number"]
    date_hierarchy = "decision_date"

    def save_model(self, request, obj, form, change):
        self.remember_in_force(request)
        super().save_model(request, obj, form, change)
        self.tell_in_force_change(request)

    def delete_model(self, request, obj):
        self.remember_in_force(request)
        super().delete_model(request, obj)
        self.tell_in_force_change(request)

    def delete_queryset(self, request, queryset):
        self.remember_in_force(request)
        super().delete_queryset(request, queryset)
        self.tell_in_force_change(request)
