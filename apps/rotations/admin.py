from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.core.admin import PortalAdmin, SpreadsheetAdmin, action_form_response

from .forms import ContinueRotationForm
from .models import Rotation, RotationYear
from .resources import RotationYearResource
from .services import RotationError, continue_rotation


class RotationYearInline(admin.TabularInline):
    model = RotationYear
    extra = 0
    fields = ["year", "municipality"]


@admin.register(Rotation)
class RotationAdmin(PortalAdmin):
    list_display = ["name", "body"]
    list_select_related = ["body"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [RotationYearInline]
    actions = ["continue_rotations"]

    @admin.action(description=gettext_lazy("Continue the rotation for more years"), permissions=["change"])
    def continue_rotations(self, request, queryset):
        form = ContinueRotationForm(request.POST if "apply" in request.POST else None)
        if not form.is_valid():
            return action_form_response(
                self, request, queryset, form=form, action="continue_rotations",
                title=_("Continue the rotation"),
                intro=_("The hosts continue in the same order after the last listed year."),
                submit_label=_("Continue the rotation"),
            )
        for rotation in queryset:
            try:
                added = continue_rotation(rotation, form.cleaned_data["years"], user=request.user)
            except RotationError as e:
                self.message_user(request, str(e), messages.ERROR)
                continue
            self.message_user(
                request,
                _("%(rotation)s continues %(first)s–%(last)s: %(hosts)s.") % {
                    "rotation": rotation, "first": added[0].year, "last": added[-1].year,
                    "hosts": ", ".join(f"{row.year} {row.municipality}" for row in added),
                },
                messages.SUCCESS,
            )


@admin.register(RotationYear)
class RotationYearAdmin(SpreadsheetAdmin):
    resource_classes = [RotationYearResource]
    list_display = ["year", "rotation", "municipality"]
    list_select_related = ["rotation", "municipality"]
    list_filter = ["rotation", "municipality"]
    search_fields = ["municipality__name", "rotation__name"]
