from django.db.models import Q
from import_export import fields

from apps.municipalities.resources import MunicipalityWidget
from apps.core.resources import NamedForeignKeyWidget, PortalResource

from .models import Indicator, KeyFigure


class IndicatorWidget(NamedForeignKeyWidget):
    """An indicator by its name or its Kolada id."""

    def __init__(self, **kwargs):
        super().__init__(Indicator, field="name", **kwargs)

    def lookup(self, value):
        return Indicator.objects.filter(Q(name__iexact=value) | (~Q(kolada_id="") & Q(kolada_id__iexact=value))).first()


class KeyFigureResource(PortalResource):
    indicator = fields.Field(attribute="indicator", column_name="indicator", widget=IndicatorWidget())
    municipality = fields.Field(attribute="municipality", column_name="municipality", widget=MunicipalityWidget())

    class Meta:
        model = KeyFigure
        fields = ("indicator", "municipality", "year", "value")
        import_id_fields = ("indicator", "municipality", "year")
        skip_unchanged = True
        clean_model_instances = True
