from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext, gettext_lazy

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


# Django names a permission in English when it is made ("Can change meeting"), and stores that name.
DEFAULT_PERMISSIONS = {
    "add": gettext_lazy("Can add %(model)s"),
    "change": gettext_lazy("Can change %(model)s"),
    "delete": gettext_lazy("Can delete %(model)s"),
    "view": gettext_lazy("Can view %(model)s"),
}


def permission_in_words(permission) -> str:
    """A permission as the user and group pages list it, in the reader's language: "Möten | möte | Kan ändra
    möte"; a model's own permissions by their translated names."""
    model = permission.content_type.model_class()
    if model is None:
        return str(permission)
    # simple-history names its models "historical möte", in English.
    original = getattr(model, "instance_type", None)
    model_name = (
        gettext("history of %(model)s") % {"model": original._meta.verbose_name} if original is not None
        else model._meta.verbose_name
    )
    action, _underscore, codename_model = permission.codename.partition("_")
    if action in DEFAULT_PERMISSIONS and codename_model == model._meta.model_name:
        name = DEFAULT_PERMISSIONS[action] % {"model": model_name}
    else:
        name = gettext(permission.name)
    return f"{model._meta.app_config.verbose_name} | {model_name} | {name}"


class PermissionsInWords:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if formfield is not None and db_field.related_model is Permission:
            formfield.label_from_instance = permission_in_words
        return formfield


User = get_user_model()
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(Group)
class PortalGroupAdmin(PermissionsInWords, GroupAdmin):
    pass


@admin.register(User)
class PortalUserAdmin(PermissionsInWords, UserAdmin):
    """Logins with their role (their groups; a role makes the user staff, see signals.py) and, for a municipal
    official, their municipality."""

    inlines = [*UserAdmin.inlines, OfficialProfileInline]
    list_display = ["username", "roles", "municipality", "email", "first_name", "last_name", "is_staff"]
    list_select_related = ["official_profile__municipality"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=gettext_lazy("roles"))
    def roles(self, user):
        return ", ".join(group.name for group in user.groups.all())

    @admin.display(description=OfficialProfile._meta.get_field("municipality").verbose_name)
    def municipality(self, user):
        profile = getattr(user, "official_profile", None)
        return profile.municipality if profile else ""
