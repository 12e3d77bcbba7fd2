from import_export import fields, resources, widgets

from apps.municipalities.resources import MunicipalityWidget

from .models import Indicator, KeyFigure


class KeyFigureResource(resources.ModelResource):
    indicator = fields.Field(
        attribute="indicator", column_name="indicator", widget=widgets.ForeignKeyWidget(Indicator, field="name")
    )
    municipality = fields.Field(attribute="municipality", column_name="municipality", widget=MunicipalityWidget())

    class Meta:
        model = KeyFigure
        fields = ("indicator", "municipality", "year", "value")
        import_id_fields = ("indicator", "municipality", "year")
        skip_unchanged = True
        clean_model_instances = True
