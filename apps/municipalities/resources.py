from django.db.models import Q
from django.utils.translation import gettext as _
from import_export import fields, resources, widgets

from .models import Municipality, Population


class MunicipalityWidget(widgets.ForeignKeyWidget):
    """A municipality by name or by its four-digit code; an unknown one is an error, not a blank."""

    def __init__(self, **kwargs):
        super().__init__(Municipality, field="name", **kwargs)

    def clean(self, value, row=None, **kwargs):
        value = str(value or "").strip()
        if not value:
            return None
        found = Municipality.objects.filter(Q(name__iexact=value) | Q(code=value.zfill(4))).first()
        if found is None:
            raise ValueError(_("Unknown municipality: %(value)s") % {"value": value})
        return found


class MunicipalitiesWidget(widgets.ManyToManyWidget):
    """Several municipalities separated by commas, by name or code."""

    def __init__(self, **kwargs):
        super().__init__(Municipality, separator=",", field="name", **kwargs)

    def clean(self, value, row=None, **kwargs):
        names = [part.strip() for part in str(value or "").split(self.separator) if part.strip()]
        single = MunicipalityWidget()
        return [single.clean(name) for name in names]


class MunicipalityResource(resources.ModelResource):
    class Meta:
        model = Municipality
        fields = ("name", "slug", "code", "website")
        import_id_fields = ("code",)
        skip_unchanged = True


class PopulationResource(resources.ModelResource):
    municipality = fields.Field(attribute="municipality", column_name="municipality", widget=MunicipalityWidget())

    class Meta:
        model = Population
        fields = ("municipality", "year", "inhabitants", "source")
        import_id_fields = ("municipality", "year")
        skip_unchanged = True
