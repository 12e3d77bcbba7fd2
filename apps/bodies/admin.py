from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Body, Partner, Person, Role


class RoleInline(admin.TabularInline):
    model = Role
    extra = 1
    autocomplete_fields = ["person", "municipality"]


@admin.register(Body)
class BodyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "usual_weekday", "usual_start", "usual_end", "meetings_per_year"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
    inlines = [RoleInline]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "title", "municipality", "email"]
    list_select_related = ["municipality"]
    list_filter = ["municipality"]
    search_fields = ["name", "title", "email"]
    inlines = [RoleInline]


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ["person", "kind", "body", "municipality", "start", "end"]
    list_select_related = ["person", "body", "municipality"]
    list_filter = ["body", "kind", "municipality"]
    search_fields = ["person__name", "body__name"]
    autocomplete_fields = ["person", "body", "municipality"]
    date_hierarchy = "start"


@admin.register(Partner)
class PartnerAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "website"]
    search_fields = ["name"]
    filter_horizontal = ["bodies"]
