"""The secretariat writes the minutes here: attendance, the chair and adjusters, a § per item; sends them for
justering, sees who has confirmed, takes them back or makes a new version; and follows up the assignments.

Minutes out for justering or adjusted are shown read-only; a save posted to them anyway is refused with a message
and changes nothing."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminTextareaWidget, RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps.bodies.models import Person, Role
from apps.core.admin import PortalAdmin
from apps.meetings.models import Meeting

from . import services
from .models import Assignment, Attendee, Minutes, Paragraph, Section, Signatory

MEMBER_KINDS = [Role.Kind.CHAIR, Role.Kind.VICE_CHAIR, Role.Kind.MEMBER]


def plain(formfield):
    """A choice of a related row without the buttons beside it to add, change, delete or view that row."""
    if formfield is not None and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
        widget = formfield.widget
        widget.can_add_related = widget.can_change_related = widget.can_delete_related = False
        widget.can_view_related = False
    return formfield


class DraftOnlyInline:
    """An inline that can be changed only while its minutes are being written. Its choices of people and
    municipalities are plain choices, without the buttons to add, change or delete the chosen row: the minutes are
    no place to edit a person's record."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return plain(super().formfield_for_dbfield(db_field, request, **kwargs))

    def _editable(self, request, obj):
        return obj is None or obj.state == Minutes.State.DRAFT

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and self._editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._editable(request, obj)


class AttendeeInline(DraftOnlyInline, admin.TabularInline):
    """The list of attendance, started from the kallelse's replies."""

    model = Attendee
    fields = ["name", "role", "municipality", "present", "serving_for", "person"]
    autocomplete_fields = ["person"]
    extra = 0
    classes = ["attendance"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "municipality", "serving_for")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("serving_for")
        if field is not None:
            field.queryset = (Attendee.objects.filter(minutes=obj, role__in=MEMBER_KINDS) if obj
                              else Attendee.objects.none())
        return formset


class SignatoryInline(DraftOnlyInline, admin.TabularInline):
    """The one or two adjusters, chosen at the meeting among those present; the chair confirms too (the chair field
    above) and is added when the minutes are sent."""

    model = Signatory
    verbose_name = gettext_lazy("adjuster")
    verbose_name_plural = gettext_lazy("adjusters (justerare)")
    fields = ["person", "confirmed_at", "confirmed_via", "comment"]
    readonly_fields = ["confirmed_at", "confirmed_via", "comment"]
    extra = 0
    max_num = 2

    def get_queryset(self, request):
        return super().get_queryset(request).filter(kind=Signatory.Kind.ADJUSTER).select_related("person")

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        field = formset.form.base_fields.get("person")
        if field is not None:
            field.queryset = services.person_choices(obj) if obj else Person.objects.none()
        return formset


class ParagraphInline(DraftOnlyInline, admin.StackedInline):
    """A § per item; a new one (raised at the meeting) gets the next number of the body's year when saved."""

    model = Paragraph
    fields = [("number", "title"), "decision", ("discussion", "reservations"), "assignments"]
    readonly_fields = ["number", "assignments"]
    extra = 0
    # Three lines each (a box can be pulled larger): ten or twenty paragraphs stay readable on one page.
    formfield_overrides = {models.TextField: {"widget": AdminTextareaWidget(attrs={"rows": 3})}}
    verbose_name = gettext_lazy("paragraph (§)")
    verbose_name_plural = gettext_lazy("paragraphs (§)")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("section").order_by("section__number")

    @admin.display(description="§")
    def number(self, paragraph):
        if paragraph.pk is None:
            return _("numbered when saved")
        label = f"§ {paragraph.section.number}"
        if paragraph.added_at_meeting:
            label += " – " + _("raised at the meeting")
        return label

    @admin.display(description=gettext_lazy("assignments"))
    def assignments(self, paragraph):
        if paragraph.pk is None:
            return "–"
        given = list(paragraph.section.assignments.select_related("body", "municipality"))
        add = format_html('<a href="{}?section={}">{}</a>', reverse("admin:minutes_assignment_add"),
                          paragraph.section_id, _("Give an assignment"))
        if not given:
            return add
        rows = format_html_join(
            "", '<li><a href="{}">{}: {}</a> – {}</li>',
            ((reverse("admin:minutes_assignment_change", args=[a.pk]), a.owner_name, a.what, a.due) for a in given),
        )
        return format_html("<ul>{}</ul>{}", rows, add)


class StartForm(forms.Form):
    meeting = forms.ModelChoiceField(
        label=gettext_lazy("Meeting"), queryset=Meeting.objects.none(),
        help_text=gettext_lazy("Meetings of the last year without minutes. The attendance starts from the "
                               "kallelse's replies; each agenda item becomes a § with its proposed decision."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = meetings_without_minutes()


def meetings_without_minutes(today=None):
    today = today or timezone.localdate()
    return (Meeting.objects.filter(date__gte=today.replace(year=today.year - 1), date__lte=today)
            .exclude(status=Meeting.Status.CANCELLED).filter(minutes__isnull=True)
            .select_related("body").order_by("-date", "-start_time"))


class NewVersionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why a new version?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000,
        help_text=gettext_lazy("Shown with both versions, in the minutes and on the meeting's page."),
        error_messages={"required": gettext_lazy("Say why a new version of adjusted minutes is made.")},
    )


class MinutesForm(forms.ModelForm):
    class Meta:
        model = Minutes
        fields = ["reason", "secretary", "chair"]


@admin.register(Minutes)
class MinutesAdmin(PortalAdmin):
    form = MinutesForm
    list_display = ["meeting", "version", "state", "sent_at", "confirmations", "adjusted_at", "published"]
    list_select_related = ["meeting__body"]
    list_filter = ["state", "meeting__body"]
    search_fields = ["meeting__title", "meeting__body__name", "paragraphs__title", "paragraphs__decision"]
    date_hierarchy = "created_at"
    inlines = [AttendeeInline, SignatoryInline, ParagraphInline]
    autocomplete_fields = ["secretary"]
    change_form_template = "admin/minutes/minutes/change_form.html"

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(
            asked=Count("signatories", distinct=True),
            confirmed=Count("signatories", filter=Q(signatories__confirmed_at__isnull=False), distinct=True),
        )

    @admin.display(description=gettext_lazy("confirmed"))
    def confirmations(self, minutes):
        if not minutes.asked:
            return "–"
        return _("%(confirmed)d of %(asked)d") % {"confirmed": minutes.confirmed, "asked": minutes.asked}

    def get_fields(self, request, obj=None):
        fields = ["meeting", "version", "state", "secretary", "chair"]
        if obj is not None and obj.version > 1:
            fields.insert(2, "reason")
        return fields

    def get_readonly_fields(self, request, obj=None):
        return ["meeting", "version", "state"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        return plain(super().formfield_for_dbfield(db_field, request, **kwargs))

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "chair":
            minutes_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = (Person.objects.filter(pk__in=Attendee.objects.filter(
                minutes_id=minutes_id, person__isnull=False, role__in=MEMBER_KINDS).values("person_id"))
                if minutes_id else Person.objects.none())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.state == Minutes.State.DRAFT)

    def has_delete_permission(self, request, obj=None):
        # Adjusted minutes are a record: they are corrected by a new version, never deleted.
        return super().has_delete_permission(request, obj) and (obj is None or obj.state != Minutes.State.ADJUSTED)

    def delete_model(self, request, obj):
        services.delete_draft(obj)

    def delete_queryset(self, request, queryset):
        for minutes in queryset:
            if minutes.state == Minutes.State.ADJUSTED:
                self.message_user(request, _("Adjusted minutes are never deleted: %(minutes)s is kept.")
                                  % {"minutes": minutes}, messages.WARNING)
            else:
                services.delete_draft(minutes)

    def may_write(self, request):
        return super().has_change_permission(request)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/send/", view(self.send_view), name="minutes_minutes_send"),
            path("<int:pk>/take-back/", view(self.take_back_view), name="minutes_minutes_take_back"),
            path("<int:pk>/new-version/", view(self.new_version_view), name="minutes_minutes_new_version"),
            *super().get_urls(),
        ]

    def _change_page(self, minutes):
        return reverse("admin:minutes_minutes_change", args=[minutes.pk])

    def _minutes_for_writing(self, request, pk):
        if not self.may_write(request):
            raise PermissionDenied
        return get_object_or_404(Minutes.objects.select_related("meeting__body"), pk=pk)

    # Starting ----------------------------------------------------------------------------------------------------

    def add_view(self, request, form_url="", extra_context=None):
        """"Write minutes": choose the meeting; the minutes start from its replies and agenda."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = StartForm(request.POST or None, initial={"meeting": request.GET.get("meeting")})
        if request.method == "POST" and form.is_valid():
            try:
                minutes = services.start_minutes(form.cleaned_data["meeting"], user=request.user)
            except services.MinutesError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, _("The minutes are started from the kallelse's replies and the agenda: "
                                             "complete the attendance and the decisions."), messages.SUCCESS)
                return HttpResponseRedirect(self._change_page(minutes))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Write minutes"),
            "opts": self.opts,
            "form": form,
            "has_view_permission": self.has_view_permission(request),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/minutes/start.html", context)

    # The page of the minutes ----------------------------------------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        minutes = self.get_object(request, object_id) if object_id else None
        if minutes is not None and request.method == "POST" and minutes.is_locked:
            if not self.has_view_permission(request, minutes):
                raise PermissionDenied
            try:
                minutes.refuse_if_locked()
            except services.Locked as error:
                self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(self._change_page(minutes))
        if minutes is not None:
            extra_context = {**(extra_context or {}), **self.panel_context(request, minutes)}
        return super().changeform_view(request, object_id, form_url, extra_context)

    def panel_context(self, request, minutes):
        signatories = sorted(minutes.signatories.select_related("person").order_by("pk"),
                             key=lambda signatory: signatory.kind != Signatory.Kind.CHAIR)
        versions = list(Minutes.objects.filter(meeting_id=minutes.meeting_id).order_by("version"))
        return {
            "minutes": minutes,
            "signatories": signatories,
            "problems": services.check_signatories(minutes) if minutes.state == Minutes.State.DRAFT else [],
            "versions": versions,
            "may_write": self.may_write(request),
            "is_latest": versions[-1].pk == minutes.pk,
            "own_signatory": services.signatory_for_user(minutes, request.user),
            "paragraph_span": services.paragraph_span(
                list(minutes.paragraphs.values_list("section__number", flat=True))),
        }

    def save_formset(self, request, form, formset, change):
        minutes = form.instance
        if formset.model is Paragraph:
            instances = formset.save(commit=False)
            for paragraph in formset.deleted_objects:
                paragraph.delete()
            new = [paragraph for paragraph in instances if paragraph.pk is None]
            for paragraph, section in zip(new, services.allot_sections(minutes.meeting, len(new))):
                paragraph.section = section
                paragraph.added_at_meeting = True
            for paragraph in instances:
                paragraph.save()
            if formset.deleted_objects:
                services.renumber(minutes)
        elif formset.model is Signatory:
            instances = formset.save(commit=False)
            for signatory in formset.deleted_objects:
                signatory.delete()
            for signatory in instances:
                signatory.kind = Signatory.Kind.ADJUSTER
                signatory.save()
        else:
            formset.save()

    # Justering ------------------------------------------------------------------------------------------------------

    def send_view(self, request, pk):
        """"Send for justering": first who gets the mail and what it says, then (POST) send."""
        minutes = self._minutes_for_writing(request, pk)
        if request.method == "POST":
            try:
                signatories = services.send_for_justering(minutes, user=request.user)
            except services.MinutesError as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(request, ngettext(
                    "The minutes are sent for justering to %(count)d person: %(names)s.",
                    "The minutes are sent for justering to %(count)d people: %(names)s.", len(signatories),
                ) % {"count": len(signatories), "names": ", ".join(s.person.name for s in signatories)},
                    messages.SUCCESS)
            return HttpResponseRedirect(self._change_page(minutes))
        problems = services.check_signatories(minutes) if minutes.state == Minutes.State.DRAFT else [
            _("These minutes are not being written: they cannot be sent again.")]
        recipients = []
        if minutes.chair:
            recipients.append(Signatory(minutes=minutes, person=minutes.chair, kind=Signatory.Kind.CHAIR))
        recipients += list(minutes.signatories.filter(kind=Signatory.Kind.ADJUSTER).select_related("person"))
        preview = None
        if recipients and not problems:
            subject, text = services.compose(recipients[0])
            preview = {"to": f"{recipients[0].person.name} <{recipients[0].person.email}>", "subject": subject,
                       "text": text}
        context = {
            **self.admin_site.each_context(request),
            "title": _("Send for justering: %(minutes)s") % {"minutes": minutes},
            "opts": self.opts,
            "minutes": minutes,
            "change_page": self._change_page(minutes),
            "problems": problems,
            "recipients": recipients,
            "preview": preview,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/minutes/send.html", context)

    def take_back_view(self, request, pk):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        minutes = self._minutes_for_writing(request, pk)
        try:
            services.take_back(minutes, user=request.user)
        except services.MinutesError as error:
            self.message_user(request, str(error), messages.ERROR)
        else:
            self.message_user(request, _("The minutes are taken back for editing. The confirmations given so far are "
                                         "cleared; send them for justering again when they are ready."),
                              messages.WARNING)
        return HttpResponseRedirect(self._change_page(minutes))

    def new_version_view(self, request, pk):
        minutes = self._minutes_for_writing(request, pk)
        form = NewVersionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                copy = services.new_version(minutes, form.cleaned_data["reason"], user=request.user)
            except services.MinutesError as error:
                self.message_user(request, str(error), messages.ERROR)
                return HttpResponseRedirect(self._change_page(minutes))
            self.message_user(request, _("Version %(version)d is made: correct it and send it for justering. "
                                         "Version %(old)d stays published until then.")
                              % {"version": copy.version, "old": minutes.version}, messages.SUCCESS)
            return HttpResponseRedirect(self._change_page(copy))
        context = {
            **self.admin_site.each_context(request),
            "title": _("New version of %(minutes)s") % {"minutes": minutes},
            "opts": self.opts,
            "minutes": minutes,
            "change_page": self._change_page(minutes),
            "form": form,
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/minutes/new_version.html", context)


class StatusFilter(admin.SimpleListFilter):
    title = gettext_lazy("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("open", _("open")), ("overdue", _("overdue")), ("done", _("done"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() == "open":
            return queryset.open()
        if self.value() == "overdue":
            return queryset.overdue(today)
        if self.value() == "done":
            return queryset.filter(done_at__isnull=False)
        return queryset


class AssignmentForm(forms.ModelForm):
    class Meta:
        model = Assignment
        fields = ["section", "owner", "body", "municipality", "what", "due", "goals"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        title = Paragraph.objects.filter(section_id=OuterRef("pk")).order_by("-minutes__version").values("title")[:1]
        field = self.fields["section"]
        field.queryset = Section.objects.select_related("body").annotate(title=Subquery(title)).order_by(
            "-year", "body__order", "-number")
        field.label_from_instance = lambda section: f"§ {section.number} {section.body.short_name} {section.year}: " \
                                                    f"{section.title or ''}"


@admin.register(Assignment)
class AssignmentAdmin(PortalAdmin):
    """Uppdrag: who does what by when, from which §; done ones keep when and by whom."""

    form = AssignmentForm
    list_display = ["what", "given_to", "due", "paragraph", "state"]
    list_select_related = ["body", "municipality", "section__body", "section__meeting__body", "done_by"]
    list_filter = [StatusFilter, "owner", "body", "municipality"]
    search_fields = ["what", "body__name", "municipality__name"]
    date_hierarchy = "due"
    autocomplete_fields = ["body", "municipality", "goals"]
    readonly_fields = ["done_at", "done_by"]
    actions = ["mark_done", "reopen"]

    def get_fields(self, request, obj=None):
        fields = ["section", "owner", "body", "municipality", "what", "due", "goals"]
        return [*fields, "done_at", "done_by"] if obj is not None else fields

    @admin.display(description=gettext_lazy("given to"), ordering="owner")
    def given_to(self, assignment):
        return assignment.owner_name

    @admin.display(description="§", ordering="section__number")
    def paragraph(self, assignment):
        section = assignment.section
        return format_html('<a href="{}#{}">§ {} {}</a>', section.meeting.get_absolute_url(), section.anchor(),
                           section.number, section.meeting)

    @admin.display(description=gettext_lazy("state"))
    def state(self, assignment):
        if assignment.done_at:
            return _("done %(when)s by %(who)s") % {
                "when": timezone.localtime(assignment.done_at).strftime("%Y-%m-%d"),
                "who": assignment.done_by or "–"}
        if assignment.is_overdue(timezone.localdate()):
            return _("overdue")
        return _("open")

    @admin.action(description=gettext_lazy("Mark the chosen assignments done"), permissions=["change"])
    def mark_done(self, request, queryset):
        count = sum(services.mark_done(assignment, request.user) for assignment in queryset)
        self.message_user(request, ngettext("%(count)d assignment is marked done.",
                                            "%(count)d assignments are marked done.", count) % {"count": count},
                          messages.SUCCESS)

    @admin.action(description=gettext_lazy("Open the chosen assignments again"), permissions=["change"])
    def reopen(self, request, queryset):
        for assignment in queryset.filter(done_at__isnull=False):
            services.reopen(assignment, request.user)
        self.message_user(request, _("The chosen assignments are open again."), messages.SUCCESS)
