from import_export import fields, resources, widgets

from apps.municipalities.resources import MunicipalityWidget

from .models import Rotation, RotationYear


class RotationYearResource(resources.ModelResource):
    rotation = fields.Field(
        attribute="rotation", column_name="rotation", widget=widgets.ForeignKeyWidget(Rotation, field="name")
    )
    municipality = fields.Field(attribute="municipality", column_name="host", widget=MunicipalityWidget())

    class Meta:
        model = RotationYear
        fields = ("rotation", "year", "municipality")
        import_id_fields = ("rotation", "year")
        skip_unchanged = True
        clean_model_instances = True
