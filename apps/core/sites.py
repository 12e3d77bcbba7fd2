"""The portal's admin site: Django's, with failed logins throttled (see throttle.py) and a refusal that says why
when the username and password are right but the account may not come in."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import gettext_lazy as _

from . import throttle


class PortalLoginForm(throttle.ThrottledLoginForm):
    """Django says only "enter the correct username and password for a staff account". To a person who gave the
    right password it says what stands in the way: a closed account, or one that has no role (no group, so not
    staff) yet. Someone who does not know the password learns nothing more than before."""

    error_messages = {
        **throttle.ThrottledLoginForm.error_messages,
        "inactive": _("This account is closed; ask an administrator to open it again."),
        "no_role": _("This account has no role in the portal yet; ask an administrator to give you one."),
    }

    def get_invalid_login_error(self):
        # Django's backend does not authenticate an inactive user at all: look at the account itself.
        user = self._account_with_right_password()
        if user is not None and not user.is_active:
            return ValidationError(self.error_messages["inactive"], code="inactive")
        return super().get_invalid_login_error()

    def confirm_login_allowed(self, user):
        if user.is_active and not user.is_staff:
            raise ValidationError(self.error_messages["no_role"], code="no_role")
        super().confirm_login_allowed(user)

    def _account_with_right_password(self):
        username, password = self.cleaned_data.get("username"), self.cleaned_data.get("password")
        if not (username and password):
            return None
        User = get_user_model()
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            return None
        return user if user.check_password(password) else None


class PortalAdminSite(admin.AdminSite):
    login_form = PortalLoginForm

    def login(self, request, extra_context=None):
        response = super().login(request, extra_context)
        form = (getattr(response, "context_data", None) or {}).get("form")
        if form is not None and form.has_error(NON_FIELD_ERRORS, "throttled"):
            # The login page with the refusal, marked as one for whatever reads the status.
            response.status_code = 429
            response["Retry-After"] = str(throttle.WINDOW)
        return response
