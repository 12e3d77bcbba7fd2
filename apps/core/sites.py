"""The portal's admin site: Django's, with failed logins throttled (see throttle.py), a refusal that says why when
the username and password are right but the account may not come in, and two-factor sign-in (TOTP, django-otp).

Two-factor sign-in: anyone with a role may set up an authenticator app on the page "Tvåstegsverifiering". Whoever
has one is asked for its code after the password, on a page of its own, and is logged in only once the code is
right. Administrators and superusers must have one when OTP_REQUIRED_FOR_ADMINS is on: without, the password
gives them the set-up page and nothing else of the admin."""

import base64
import io
import logging
import math
import time

import django_otp
import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import get_user_model
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.views import LoginView
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.db.models import Exists, OuterRef
from django.http import HttpResponseRedirect
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from . import throttle

logger = logging.getLogger(__name__)

# The role that may manage users and groups (apps/portal/migrations/0001_roles.py).
ADMINISTRATORS = "Administratörer"
# The session of someone who gave the right password and is asked for their code: whose, and since when.
PENDING_SESSION_KEY = "two_factor_pending"
# How long the code may be given after the password.
PENDING_SECONDS = 5 * 60


def is_administrator(user) -> bool:
    return user.is_superuser or user.groups.filter(name=ADMINISTRATORS).exists()


def totp_devices():
    # Imported when first needed: this module is imported while the models are still loading.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects


def confirmed_device(user):
    return totp_devices().filter(user=user, confirmed=True).order_by("-pk").first()


def has_confirmed_device(user) -> bool:
    known = getattr(user, "has_confirmed_device", None)  # as PortalModelBackend loads the person logged in
    return known if known is not None else confirmed_device(user) is not None


class PortalModelBackend(ModelBackend):
    """Django's backend, which loads the person logged in on each request together with whether they have an
    authenticator app: the admin asks that on every page, and this way it costs no query of its own."""

    def get_user(self, user_id):
        devices = totp_devices().filter(user=OuterRef("pk"), confirmed=True)
        user = get_user_model()._default_manager.annotate(has_confirmed_device=Exists(devices)).filter(
            pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


def must_set_up_two_factor(user) -> bool:
    """An administrator or superuser without an authenticator app, where the setting requires one."""
    return (settings.OTP_REQUIRED_FOR_ADMINS and user.is_authenticated and user.is_active and user.is_staff
            and is_administrator(user) and not has_confirmed_device(user))


class PortalLoginForm(AdminAuthenticationForm):
    """Django says only "enter the correct username and password for a staff account". To a person who gave the
    right password it says what stands in the way: a closed account, or one that has no role (no group, so not
    staff) yet. Someone who does not know the password learns nothing more than before."""

    error_messages = {
        **AdminAuthenticationForm.error_messages,
        "inactive": _("This account is closed; ask an administrator to open it again."),
        "no_role": _("This account has no role in the portal yet; ask an administrator to give you one."),
        "unavailable": _("Logging in is not possible just now. Try again in a few minutes."),
    }

    def clean(self):
        # Fails closed: an attempt whose failure could not be recorded is refused, its password right or not.
        try:
            cleaned = super().clean()
            if self.user_cache is not None:
                throttle.make_sure_a_failure_can_be_recorded(self.request, {"username": cleaned.get("username")})
        except DatabaseError:
            logger.error("A login is refused: its failure could not have been recorded", exc_info=True)
            self.user_cache = None
            raise ValidationError(self.error_messages["unavailable"], code="unavailable") from None
        return cleaned

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
        if not (username and password) or getattr(self.request, "axes_locked_out", False):
            return None
        User = get_user_model()
        try:
            user = User._default_manager.get_by_natural_key(username)
        except User.DoesNotExist:
            return None
        return user if user.check_password(password) else None


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"), max_length=8, strip=True,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True,
                                      "size": 8}),
    )

    def __init__(self, device, *args, **kwargs):
        self.device = device
        super().__init__(*args, **kwargs)

    def clean_code(self):
        code = self.cleaned_data["code"].replace(" ", "")
        allowed, details = self.device.verify_is_allowed()
        if not allowed:
            # django-otp's throttling: after n wrong codes in a row, the next is checked 2^(n-1) seconds later.
            locked_until = (details or {}).get("locked_until")
            if locked_until is None:
                raise ValidationError(_("The code cannot be checked just now."), code="not_allowed")
            seconds = max(math.ceil((locked_until - timezone.now()).total_seconds()), 1)
            raise ValidationError(_("Too many wrong codes. Wait %(seconds)s seconds and try again."),
                                  params={"seconds": seconds}, code="throttled")
        if not (code.isdigit() and self.device.verify_token(code)):
            raise ValidationError(
                _("That is not the code the app shows now. Type the six digits it shows, before they change."),
                code="wrong_code",
            )
        return code


class PortalLoginView(LoginView):
    """Django's login view; a password right for someone with an authenticator app leads to the code page."""

    def get_default_redirect_url(self):
        return reverse("admin:index")

    def form_valid(self, form):
        user = form.get_user()
        if not has_confirmed_device(user):
            auth_login(self.request, user)
            if must_set_up_two_factor(user):
                return redirect("admin:two_factor")
            return HttpResponseRedirect(self.get_success_url())
        self.request.session[PENDING_SESSION_KEY] = {
            "user": user.pk, "backend": user.backend, "since": time.time(),
        }
        query = urlencode({"next": self.get_success_url()})
        return HttpResponseRedirect(f"{reverse('admin:two_factor_code')}?{query}")


def qr_code_svg(text: str) -> str:
    """`text` as a QR code, an SVG image in a data: address (no script, no inline style in the page)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=10, border=4)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def secret_in_groups(device) -> str:
    """The device's key as an app asks for it typed in: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[start:start + 4] for start in range(0, len(secret), 4))


class PortalAdminSite(admin.AdminSite):
    login_form = PortalLoginForm

    def has_permission(self, request):
        if not super().has_permission(request):
            return False
        if not hasattr(request, "_two_factor_allows"):  # asked several times a page; two queries, once
            user = request.user
            # Someone with an authenticator app is in only through its code (django_otp's OTPMiddleware).
            request._two_factor_allows = not must_set_up_two_factor(user) and (
                user.is_verified() or not has_confirmed_device(user)
            )
        return request._two_factor_allows

    def get_urls(self):
        return [
            path("login/kod/", self.two_factor_code, name="two_factor_code"),
            path("tvastegsverifiering/", self.two_factor_setup, name="two_factor"),
            *super().get_urls(),
        ]

    @method_decorator(never_cache)
    def login(self, request, extra_context=None):
        if request.user.is_authenticated and must_set_up_two_factor(request.user):
            return redirect("admin:two_factor")
        redirect_url = LoginView().get_redirect_url(request) or reverse("admin:index", current_app=self.name)
        if request.method == "GET" and self.has_permission(request):
            return HttpResponseRedirect(redirect_url)
        context = {
            **self.each_context(request),
            "title": _("Log in"),
            "subtitle": None,
            "app_path": request.get_full_path(),
            "username": request.user.get_username(),
            "next": redirect_url,
            **(extra_context or {}),
        }
        request.current_app = self.name
        return PortalLoginView.as_view(
            extra_context=context, authentication_form=self.login_form, template_name="admin/login.html",
        )(request)

    @method_decorator(never_cache)
    @method_decorator(sensitive_post_parameters("code"))
    def two_factor_code(self, request):
        """The second step of the login, for someone with an authenticator app: its code."""
        pending = request.session.get(PENDING_SESSION_KEY)
        if not pending or time.time() - pending["since"] > PENDING_SECONDS:
            request.session.pop(PENDING_SESSION_KEY, None)
            return redirect("admin:login")
        user = get_user_model()._default_manager.filter(pk=pending["user"], is_active=True).first()
        device = confirmed_device(user) if user is not None else None
        if device is None:
            request.session.pop(PENDING_SESSION_KEY, None)
            return redirect("admin:login")
        next_url = request.POST.get("next") or request.GET.get("next") or ""
        if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
            next_url = reverse("admin:index", current_app=self.name)
        form = CodeForm(device, request.POST or None)
        if request.method == "POST":
            with transaction.atomic():  # the device's throttling and last code used, saved together
                valid = form.is_valid()
            if valid:
                del request.session[PENDING_SESSION_KEY]
                user.otp_device = device  # django_otp marks the new session verified on login
                auth_login(request, user, backend=pending["backend"])
                return HttpResponseRedirect(next_url)
        context = {**self.each_context(request), "title": _("Two-factor sign-in"), "form": form, "next": next_url,
                   "username": user.get_username()}
        return TemplateResponse(request, "admin/two_factor_code.html", context)

    @method_decorator(never_cache)
    def two_factor_setup(self, request):
        """Sets up an authenticator app for the person logged in: a QR code and its key as text, confirmed by a
        code the app shows. A new app replaces the one before once its code is confirmed."""
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            return redirect(f"{reverse('admin:login')}?{urlencode({'next': request.get_full_path()})}")
        if has_confirmed_device(user) and not user.is_verified():
            return redirect(f"{reverse('admin:login')}?{urlencode({'next': request.get_full_path()})}")
        if request.method == "POST" and "logout" in request.POST:
            auth_logout(request)
            return redirect("admin:login")
        device, _created = totp_devices().get_or_create(
            user=user, confirmed=False, defaults={"name": str(_("Authenticator app"))},
        )
        form = CodeForm(device, request.POST or None)
        if request.method == "POST":
            with transaction.atomic():
                valid = form.is_valid()
                if valid:
                    totp_devices().filter(user=user).exclude(pk=device.pk).delete()
                    device.confirmed = True
                    device.save(update_fields=["confirmed"])
            if valid:
                django_otp.login(request, device)
                messages.success(request, _("Two-factor sign-in is on: from now on you log in with a code too."))
                return redirect("admin:index")
        context = {
            **self.each_context(request),
            "title": _("Two-factor sign-in"),
            "form": form,
            "qr_code": qr_code_svg(device.config_url),
            "secret": secret_in_groups(device),
            "has_device": confirmed_device(user) is not None,
            "required": must_set_up_two_factor(user),
        }
        return TemplateResponse(request, "admin/two_factor_setup.html", context)
