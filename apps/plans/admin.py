from django.contrib import admin

from apps.core.admin import PortalAdmin

from .models import Priority, YearlyPlan


class PriorityInline(admin.TabularInline):
    model = Priority
    extra = 0
    fields = ["order", "text", "goal", "sub_goal"]
    raw_id_fields = ["goal", "sub_goal"]


@admin.register(YearlyPlan)
class YearlyPlanAdmin(PortalAdmin):
    list_display = ["year", "title", "programme"]
    list_select_related = ["programme"]
    search_fields = ["title", "introduction"]
    inlines = [PriorityInline]


@admin.register(Priority)
class PriorityAdmin(PortalAdmin):
    list_display = ["text", "plan", "goal"]
    list_select_related = ["plan", "goal"]
    list_filter = ["plan"]
    search_fields = ["text"]
    raw_id_fields = ["goal", "sub_goal"]
