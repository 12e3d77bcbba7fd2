from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from apps.core.admin import OwnMunicipalityMixin, SpreadsheetAdmin

from .models import Municipality, OfficialProfile, Population
from .resources import MunicipalityResource, PopulationResource


class PopulationInline(admin.TabularInline):
    model = Population
    extra = 1


@admin.register(Municipality)
class MunicipalityAdmin(SpreadsheetAdmin):
    resource_classes = [MunicipalityResource]
    list_display = ["name", "code", "website"]
    search_fields = ["name", "code"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [PopulationInline]


@admin.register(Population)
class PopulationAdmin(OwnMunicipalityMixin, SpreadsheetAdmin):
    resource_classes = [PopulationResource]
    municipality_scoped = True
    list_display = ["municipality", "year", "inhabitants", "source"]
    list_select_related = ["municipality"]
    list_filter = ["year", "municipality"]
    search_fields = ["municipality__name"]


class OfficialProfileInline(admin.StackedInline):
    """Which municipality a municipal official's login belongs to."""

    model = OfficialProfile
    can_delete = True
    extra = 0
    max_num = 1


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, OfficialProfileInline]
    list_display = [*UserAdmin.list_display, "municipality"]
    list_select_related = ["official_profile__municipality"]

    @admin.display(description=OfficialProfile._meta.get_field("municipality").verbose_name)
    def municipality(self, user):
        profile = getattr(user, "official_profile", None)
        return profile.municipality if profile else ""
