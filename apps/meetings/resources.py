from import_export import fields, resources, widgets

from apps.bodies.models import Body
from apps.municipalities.resources import MunicipalitiesWidget

from .models import AgendaItem, Meeting


class MeetingResource(resources.ModelResource):
    body = fields.Field(attribute="body", column_name="body", widget=widgets.ForeignKeyWidget(Body, field="name"))
    hosts = fields.Field(attribute="hosts", column_name="hosts", widget=MunicipalitiesWidget())

    class Meta:
        model = Meeting
        fields = (
            "id", "body", "kind", "title", "date", "date_precision", "end_date", "start_time", "end_time",
            "hosts", "place", "status",
        )
        skip_unchanged = True
        clean_model_instances = True


class AgendaItemResource(resources.ModelResource):
    meeting = fields.Field(attribute="meeting", column_name="meeting", widget=widgets.ForeignKeyWidget(Meeting))

    class Meta:
        model = AgendaItem
        fields = ("id", "meeting", "number", "title", "description", "presenter", "asked", "proposed_decision")
        skip_unchanged = True
        clean_model_instances = True
