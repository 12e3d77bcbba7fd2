from import_export import fields

from apps.municipalities.resources import MunicipalityWidget
from apps.core.resources import NamedForeignKeyWidget, PortalResource

from .models import Rotation, RotationYear


class RotationYearResource(PortalResource):
    rotation = fields.Field(attribute="rotation", column_name="rotation", widget=NamedForeignKeyWidget(Rotation))
    municipality = fields.Field(attribute="municipality", column_name="host", widget=MunicipalityWidget())

    class Meta:
        model = RotationYear
        fields = ("rotation", "year", "municipality")
        import_id_fields = ("rotation", "year")
        skip_unchanged = True
        clean_model_instances = True
