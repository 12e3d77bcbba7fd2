from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from apps.meetings.models import Meeting

from . import services
from .models import Delivery, Reply


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Every recipient's copy of every kallelse: a record, not something to edit; failed ones can be retried."""

    list_display = ["name", "email", "meeting", "version", "status", "attempts", "sent_at", "error"]
    list_select_related = ["notice__meeting__body"]
    list_filter = ["status", "notice__meeting__body"]
    search_fields = ["name", "email", "notice__meeting__title", "notice__meeting__body__name"]
    date_hierarchy = "sent_at"
    actions = ["retry"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("meeting"), ordering="notice__meeting__date")
    def meeting(self, delivery):
        return delivery.notice.meeting

    @admin.display(description=gettext_lazy("version"), ordering="notice__version")
    def version(self, delivery):
        return delivery.notice.version

    @admin.action(description=gettext_lazy("Try the failed deliveries again"), permissions=["view"])
    def retry(self, request, queryset):
        count = services.retry(queryset)
        self.message_user(request, ngettext(
            "%(count)d delivery is queued again.", "%(count)d deliveries are queued again.", count,
        ) % {"count": count}, messages.SUCCESS)

    def get_urls(self):
        return [
            path("send/<int:meeting_id>/", self.admin_site.admin_view(self.send_view), name="notices_send"),
            path("retry/<int:meeting_id>/", self.admin_site.admin_view(self.retry_view), name="notices_retry"),
            *super().get_urls(),
        ]

    def _meeting_for_sending(self, request, meeting_id):
        meeting = get_object_or_404(Meeting.objects.select_related("body"), pk=meeting_id)
        if not (request.user.has_perm("meetings.change_meeting") and request.user.has_perm("notices.view_delivery")
                and request.user.has_perm("meetings.add_notice")):
            raise PermissionDenied
        return meeting

    def send_view(self, request, meeting_id):
        """"Publicera och skicka kallelse": first a preview of the mail and the recipients, then (POST) send."""
        meeting = self._meeting_for_sending(request, meeting_id)
        meeting_page = reverse("admin:meetings_meeting_change", args=[meeting.pk])
        if request.method == "POST":
            try:
                notice = services.issue_notice(meeting, user=request.user)
            except services.NothingToSend as error:
                self.message_user(request, str(error), messages.WARNING)
                return HttpResponseRedirect(meeting_page)
            waiting = notice.deliveries.filter(status=Delivery.Status.WAITING).count()
            unreachable = notice.deliveries.filter(status=Delivery.Status.UNREACHABLE).count()
            self.message_user(request, ngettext(
                "The kallelse (version %(version)d) is published and is being sent to %(count)d recipient.",
                "The kallelse (version %(version)d) is published and is being sent to %(count)d recipients.",
                waiting,
            ) % {"version": notice.version, "count": waiting}, messages.SUCCESS)
            if unreachable:
                self.message_user(request, ngettext(
                    "%(count)d called person has no e-mail address and must be reached another way.",
                    "%(count)d called people have no e-mail address and must be reached another way.",
                    unreachable,
                ) % {"count": unreachable}, messages.WARNING)
            return HttpResponseRedirect(meeting_page)

        recipients = services.called(meeting)
        changes = services.pending_changes(meeting)
        preview = None
        first = next((entry for entry in recipients if entry.reachable), None)
        if first is not None:
            preview = services.preview_message(meeting, first, changes or [])
        context = {
            **self.admin_site.each_context(request),
            "title": _("Send the kallelse: %(meeting)s") % {"meeting": meeting},
            "opts": Meeting._meta,
            "meeting": meeting,
            "meeting_page": meeting_page,
            "recipients": recipients,
            "changes": changes,
            "nothing_changed": changes == [],
            "draft_message": services.DRAFT_MESSAGE if meeting.is_draft else "",
            "preview": preview,
            "reachable": sum(entry.reachable for entry in recipients),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/notices/send.html", context)

    def retry_view(self, request, meeting_id):
        meeting = self._meeting_for_sending(request, meeting_id)
        if request.method == "POST":
            count = services.retry(Delivery.objects.filter(notice__meeting=meeting))
            self.message_user(request, ngettext(
                "%(count)d delivery is queued again.", "%(count)d deliveries are queued again.", count,
            ) % {"count": count}, messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:meetings_meeting_change", args=[meeting.pk]))


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    """Replies come through the members' personal links; the secretariat can record one given by phone."""

    list_display = ["person", "meeting", "state", "comment", "replied_at"]
    list_select_related = ["person", "meeting__body"]
    list_filter = ["state", "meeting__body"]
    search_fields = ["person__name", "meeting__title", "meeting__body__name"]
    raw_id_fields = ["meeting", "person"]
