from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django_otp.plugins.otp_totp.models import TOTPDevice
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
# Each person sets up their own authenticator app (apps/core/sites.py); an administrator only turns one off, below.
admin.site.unregister(TOTPDevice)


@admin.register(Group)
class PortalGroupAdmin(PermissionsInWords, GroupAdmin):
    pass


# The role that may manage users and groups (apps/portal/migrations/0001_roles.py).
ADMINISTRATORS = "Administratörer"


def grantable_groups(editor):
    """The groups `editor` may give or take away: for anyone but a superuser, not the administrators' group and no
    group with a permission the editor lacks."""
    if editor.is_superuser:
        return Group.objects.all()
    beyond = Permission.objects.exclude(pk__in=grantable_permissions(editor))
    return Group.objects.exclude(name=ADMINISTRATORS).exclude(permissions__in=beyond)


def grantable_permissions(editor):
    """The permissions `editor` may give or take away: their own."""
    if editor.is_superuser:
        return Permission.objects.all()
    return Permission.objects.filter(Q(user=editor) | Q(group__user=editor)).distinct()


@admin.register(User)
class PortalUserAdmin(PermissionsInWords, UserAdmin):
    """Logins with their role (their groups; a role makes the user staff, see signals.py) and, for a municipal
    official, their municipality.

    Only a superuser may make a superuser or an administrator: anyone else sees the superuser flag read-only, is
    offered only the groups and permissions they hold themselves (grantable_groups), keeps what they may not touch
    as it was, and may not change a superuser's account (their password included)."""

    inlines = [*UserAdmin.inlines, OfficialProfileInline]
    list_display = ["username", "roles", "municipality", "email", "first_name", "last_name", "is_staff"]
    list_select_related = ["official_profile__municipality"]
    actions = ["turn_off_two_factor"]

    @admin.action(description=gettext_lazy("Turn off two-factor sign-in (a lost phone)"), permissions=["change"])
    def turn_off_two_factor(self, request, queryset):
        if not request.user.is_superuser:
            queryset = queryset.exclude(is_superuser=True)
        TOTPDevice.objects.filter(user__in=queryset).delete()
        self.message_user(request, gettext(
            "Two-factor sign-in is off for the chosen users; they set it up again at their next login where it is "
            "required."
        ))

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if request.user.is_superuser else [*fields, "is_superuser"]

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "groups":
            kwargs["queryset"] = grantable_groups(request.user)
        elif db_field.name == "user_permissions":
            kwargs["queryset"] = grantable_permissions(request.user).select_related("content_type")
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None or request.user.is_superuser:
            return form
        editor = request.user

        class KeepsWhatTheEditorMayNotTouch(form):
            def clean_groups(self):
                kept = obj.groups.exclude(pk__in=grantable_groups(editor))
                return [*self.cleaned_data["groups"], *kept]

            def clean_user_permissions(self):
                kept = obj.user_permissions.exclude(pk__in=grantable_permissions(editor))
                return [*self.cleaned_data["user_permissions"], *kept]

        return KeepsWhatTheEditorMayNotTouch

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=gettext_lazy("roles"))
    def roles(self, user):
        return ", ".join(group.name for group in user.groups.all())

    @admin.display(description=OfficialProfile._meta.get_field("municipality").verbose_name)
    def municipality(self, user):
        profile = getattr(user, "official_profile", None)
        return profile.municipality if profile else ""
