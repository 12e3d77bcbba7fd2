from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields

from apps.bodies.models import Body
from apps.core.resources import CachedInstanceLoader, ImportValueError, NamedForeignKeyWidget, PortalResource
from apps.municipalities.resources import MunicipalitiesWidget

from .models import AgendaItem, Meeting


class BodyWidget(NamedForeignKeyWidget):
    """A body by its name or its short name."""

    def __init__(self, **kwargs):
        super().__init__(Body, field="name", **kwargs)

    def lookup(self, value):
        return Body.objects.filter(Q(name__iexact=value) | Q(short_name__iexact=value)).first()


class MeetingWidget(NamedForeignKeyWidget):
    """A meeting by its number (the id column of the meetings export)."""

    def __init__(self, **kwargs):
        super().__init__(Meeting, field="pk", **kwargs)

    def lookup(self, value):
        try:
            return Meeting.objects.select_related("body").filter(pk=int(float(value))).first()
        except (TypeError, ValueError):
            raise ImportValueError(_("“%(value)s” is not a meeting number.") % {"value": value}) from None


class MeetingResource(PortalResource):
    # The meeting's database rules, tested here so that a preview of thousands of rows needs no queries.
    constraint_checks = {
        "meeting_ends_after_start": lambda m: m.end_date is None or m.end_date > m.date,
        "meeting_end_time_after_start_time": lambda m: (
            m.start_time is None or m.end_time is None or m.end_date is not None or m.end_time > m.start_time
        ),
        "month_only_meeting_has_no_day": lambda m: (
            m.date_precision == Meeting.Precision.DAY or (m.date.day == 1 and m.end_date is None)
        ),
    }
    preview_writes = False
    bulk_create_new_rows = True

    def prepare_new_row(self, meeting):
        meeting.complete()

    body = fields.Field(attribute="body", column_name="body", widget=BodyWidget())
    hosts = fields.Field(attribute="hosts", column_name="hosts", widget=MunicipalitiesWidget())
    # What the called answered to the kallelse (apps/notices), for the secretary's own lists: written by an
    # export, never read by an import.
    replies = fields.Field(column_name="replies", readonly=True)
    column_labels = {"replies": gettext_lazy("Replies to the kallelse")}

    def dehydrate_replies(self, meeting):
        if meeting.pk is None:  # a new row in an import's preview
            return ""
        return "; ".join(f"{reply.person.name}: {reply.get_state_display()}" for reply in meeting.replies.all())

    def export(self, queryset=None, **kwargs):
        queryset = self.get_queryset() if queryset is None else queryset
        return super().export(queryset.prefetch_related("replies__person"), **kwargs)

    class Meta:
        model = Meeting
        fields = (
            "id", "body", "kind", "title", "date", "date_precision", "end_date", "start_time", "end_time",
            "hosts", "place", "status", "replies",
        )
        skip_unchanged = True
        clean_model_instances = True
        instance_loader_class = CachedInstanceLoader


class AgendaItemResource(PortalResource):
    meeting = fields.Field(attribute="meeting", column_name="meeting", widget=MeetingWidget())

    class Meta:
        model = AgendaItem
        fields = ("id", "meeting", "number", "title", "description", "presenter", "asked", "proposed_decision")
        skip_unchanged = True
        clean_model_instances = True
        instance_loader_class = CachedInstanceLoader
