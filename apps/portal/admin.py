from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from apps.core.admin import PortalAdmin

from .models import SecretariatContact


@admin.register(SecretariatContact)
class SecretariatContactAdmin(PortalAdmin):
    """One row, which cannot be deleted, so the contact page always has someone to name once the secretariat has
    entered it. Asking to add a second one opens the first (a check there, not in has_add_permission, which every
    admin page asks of every model)."""

    list_display = ["name", "email", "phone", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "organisation"]}),
        (None, {"fields": ["address", "visiting_address"]}),
        (None, {"fields": ["email", "phone", "hours"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        contact = SecretariatContact.current()
        if contact is not None:
            self.message_user(request, _("There is one contact of the secretariat: change it here."), messages.INFO)
            return HttpResponseRedirect(reverse("admin:portal_secretariatcontact_change", args=[contact.pk]))
        return super().add_view(request, form_url, extra_context)
