from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from apps.core.admin import PortalAdmin
from apps.programme.admin import GoalAdmin, SubGoalAdmin
from apps.programme.models import Goal, Programme, SubGoal

from .models import FollowUp, IndicatorLink, PresentationText, ProgressReport
from .services import Entry, follow_up_rows, save_follow_up

LINK_FIELDS = ["order", "indicator", "direction", "aggregation", "baseline_year", "baseline_value", "target_value",
               "target_year"]


class GoalIndicatorInline(admin.TabularInline):
    model = IndicatorLink
    fk_name = "goal"
    extra = 0
    fields = LINK_FIELDS
    autocomplete_fields = ["indicator"]
    verbose_name = _("indicator following the goal")
    verbose_name_plural = _("indicators following the goal")


class SubGoalIndicatorInline(GoalIndicatorInline):
    fk_name = "sub_goal"
    verbose_name = _("indicator following the sub-goal")
    verbose_name_plural = _("indicators following the sub-goal")


class ProgressReportInline(admin.TabularInline):
    model = ProgressReport
    extra = 0
    fields = ["year", "status", "percentage", "comment", "reported_by", "reported_at"]
    readonly_fields = ["reported_by", "reported_at"]
    ordering = ["-year"]
    verbose_name_plural = _("progress reported year by year")


# The programme's own admin pages for goals and sub-goals, with the follow-up's parts added: the programme app
# knows nothing of the follow-up (README, "The apps").
admin.site.unregister(Goal)
admin.site.unregister(SubGoal)


@admin.register(Goal)
class GoalWithIndicatorsAdmin(GoalAdmin):
    inlines = [*GoalAdmin.inlines, GoalIndicatorInline]


@admin.register(SubGoal)
class SubGoalWithFollowUpAdmin(SubGoalAdmin):
    inlines = [*SubGoalAdmin.inlines, SubGoalIndicatorInline, ProgressReportInline]


@admin.register(IndicatorLink)
class IndicatorLinkAdmin(PortalAdmin):
    list_display = ["indicator", "followed", "direction", "aggregation", "baseline", "target"]
    list_select_related = ["indicator", "goal__focus_area__programme", "sub_goal__goal__focus_area__programme"]
    list_filter = ["goal__focus_area__programme", "sub_goal__goal__focus_area__programme", "direction", "aggregation"]
    search_fields = ["indicator__name", "goal__title_sv", "sub_goal__text_sv"]
    autocomplete_fields = ["goal", "sub_goal", "indicator"]
    fields = ["goal", "sub_goal", *LINK_FIELDS]

    @admin.display(description=_("follows"))
    def followed(self, link):
        return link.goal or link.sub_goal

    @admin.display(description=_("baseline"))
    def baseline(self, link):
        return f"{link.baseline_value} ({link.baseline_year})" if link.baseline_value is not None else "–"

    @admin.display(description=_("target"))
    def target(self, link):
        return f"{link.target_value} ({link.target_year})" if link.target_value is not None else "–"


@admin.register(ProgressReport)
class ProgressReportAdmin(PortalAdmin):
    list_display = ["sub_goal", "year", "status", "percentage", "reported_by", "reported_at"]
    list_select_related = ["sub_goal", "reported_by"]
    list_filter = ["year", "status", "sub_goal__goal__focus_area__programme"]
    search_fields = ["sub_goal__text_sv", "comment"]
    autocomplete_fields = ["sub_goal"]
    readonly_fields = ["reported_by", "reported_at"]

    def save_model(self, request, obj, form, change):
        obj.reported_by, obj.reported_at = request.user, timezone.now()
        super().save_model(request, obj, form, change)


@admin.register(PresentationText)
class PresentationTextAdmin(PortalAdmin):
    list_display = ["indicator", "year"]
    list_select_related = ["indicator"]
    list_filter = ["year"]
    search_fields = ["indicator__name", "text"]
    autocomplete_fields = ["indicator"]


class FollowUpForm(forms.Form):
    """Every sub-goal's report of the year at once: a status, a percentage where it fits and a comment."""

    done = forms.BooleanField(
        label=_("The follow-up is done"), required=False,
        help_text=_("A follow-up that is done is shown on the public pages, and its statuses and percentages become "
                    "the sub-goals' progress of today."),
    )

    def __init__(self, rows, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            sub_goal, source = row.sub_goal, row.report or row.last_year
            pk = sub_goal.pk
            if source is not None:
                status, percentage = source.status, source.percentage
            else:
                status = sub_goal.status
                percentage = sub_goal.progress if sub_goal.kind == SubGoal.Kind.SUB_GOAL else None
            label = sub_goal.text[:80]
            self.fields[f"status_{pk}"] = forms.ChoiceField(
                label=_("Status: %(sub_goal)s") % {"sub_goal": label}, choices=SubGoal.Status.choices,
                initial=status,
            )
            self.fields[f"percentage_{pk}"] = forms.IntegerField(
                label=_("Progress (%%): %(sub_goal)s") % {"sub_goal": label}, min_value=0, max_value=100,
                required=False, initial=percentage,
            )
            self.fields[f"comment_{pk}"] = forms.CharField(
                label=_("Comment: %(sub_goal)s") % {"sub_goal": label}, required=False, max_length=4000,
                initial=row.report.comment if row.report else "", widget=forms.Textarea(attrs={"rows": 3}),
            )
            row.status_field = self[f"status_{pk}"]
            row.percentage_field = self[f"percentage_{pk}"]
            row.comment_field = self[f"comment_{pk}"]

    def entries(self) -> dict[int, Entry]:
        data = self.cleaned_data
        return {
            row.sub_goal.pk: Entry(
                status=data[f"status_{row.sub_goal.pk}"],
                percentage=data[f"percentage_{row.sub_goal.pk}"],
                comment=data[f"comment_{row.sub_goal.pk}"].strip(),
            )
            for row in self.rows
        }


@admin.register(FollowUp)
class FollowUpAdmin(PortalAdmin):
    list_display = ["programme", "year", "state", "fill_in"]
    list_select_related = ["programme", "done_by"]
    list_filter = ["programme", "year"]
    fields = ["programme", "year"]

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        # The version in force, else the newest (a version proposed to the boards is followed up too).
        current = Programme.objects.current() or Programme.objects.order_by("-valid_from").first()
        initial.setdefault("programme", current.pk if current else None)
        initial.setdefault("year", timezone.localdate().year - 1)
        return initial

    @admin.display(description=_("state"))
    def state(self, follow_up):
        if follow_up.is_done:
            return gettext("Done %(date)s by %(user)s") % {
                "date": timezone.localtime(follow_up.done_at).date(), "user": follow_up.done_by or "–"}
        return gettext("Being prepared")

    @admin.display(description=_("reports"))
    def fill_in(self, follow_up):
        return format_html('<a href="{}">{}</a>', reverse("admin:followup_followup_fill", args=[follow_up.pk]),
                           gettext("Fill in the year's reports"))

    def get_urls(self):
        return [
            path("<int:pk>/fill/", self.admin_site.admin_view(self.fill_view), name="followup_followup_fill"),
            *super().get_urls(),
        ]

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or "_popup" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(request, gettext("The follow-up of %(year)s is prepared: fill in every sub-goal's report.")
                          % {"year": obj.year}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:followup_followup_fill", args=[obj.pk]))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # A follow-up is its year's reports: opening one opens them. Its programme and year do not change.
        if request.method == "GET" and object_id.isdigit():
            return HttpResponseRedirect(reverse("admin:followup_followup_fill", args=[object_id]))
        return super().change_view(request, object_id, form_url, extra_context)

    def fill_view(self, request, pk):
        follow_up = get_object_or_404(FollowUp.objects.select_related("programme", "done_by"), pk=pk)
        may_change = (self.has_change_permission(request, follow_up)
                      and request.user.has_perm("followup.add_progressreport")
                      and request.user.has_perm("followup.change_progressreport"))
        if not (may_change or self.has_view_permission(request, follow_up)):
            raise PermissionDenied
        if request.method == "POST" and not may_change:
            raise PermissionDenied
        rows = follow_up_rows(follow_up)
        form = FollowUpForm(rows, request.POST or None, initial={"done": follow_up.is_done})
        if request.method == "POST":
            if form.is_valid():
                try:
                    written = save_follow_up(follow_up, form.entries(), user=request.user,
                                             done=form.cleaned_data["done"])
                except ValidationError as error:
                    self.message_user(request, gettext("Nothing was saved: %(error)s") % {
                        "error": " ".join(error.messages)}, messages.ERROR)
                else:
                    follow_up.refresh_from_db()
                    message = ngettext("%(count)d report of %(year)s saved.", "%(count)d reports of %(year)s saved.",
                                       written) % {"count": written, "year": follow_up.year}
                    if follow_up.is_done:
                        message += " " + gettext("The follow-up is done.")
                    self.message_user(request, message, messages.SUCCESS)
                    return HttpResponseRedirect(request.path)
            else:
                self.message_user(request, gettext(
                    "Nothing was saved. Correct the marked sub-goals and save again."), messages.ERROR)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Follow-up of %(year)s: %(programme)s") % {
                "year": follow_up.year, "programme": follow_up.programme},
            "opts": self.opts,
            "follow_up": follow_up,
            "form": form,
            "rows": rows,
            "may_change": may_change,
            "last_year": follow_up.year - 1,
            "status_labels": {value: capfirst(label) for value, label in SubGoal.Status.choices},
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/followup/followup/fill.html", context)
