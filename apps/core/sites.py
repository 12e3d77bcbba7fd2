"""The portal's admin site: Django's, with failed logins throttled (see throttle.py)."""

from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS

from . import throttle


class PortalAdminSite(admin.AdminSite):
    login_form = throttle.ThrottledLoginForm

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if form is not None and form.has_error(NON_FIELD_ERRORS, "throttled"):
            # The login page with the refusal, marked as one for whatever reads the status.
            response.status_code = 429
            response["Retry-After"] = str(throttle.WINDOW)
        return response
