from django.db.models import Q
from django.utils.translation import gettext as _
from import_export import fields, widgets

from apps.core.resources import THOUSANDS, ImportValueError, PortalResource

from .models import Municipality, Population


class MunicipalityWidget(widgets.ForeignKeyWidget):
    """A municipality by name or by its four-digit code; an unknown one is an error, not a blank."""

    def __init__(self, **kwargs):
        super().__init__(Municipality, field="name", **kwargs)
        self._found = {}

    def clean(self, value, row=None, **kwargs):
        value = str(value if value is not None else "").strip()
        if not value:
            return None
        if value not in self._found:
            self._found[value] = Municipality.objects.filter(Q(name__iexact=value) | Q(code=value.zfill(4))).first()
        if self._found[value] is None:
            raise ImportValueError(_("Unknown municipality: %(value)s") % {"value": value})
        return self._found[value]


class MunicipalitiesWidget(widgets.ManyToManyWidget):
    """Several municipalities separated by commas, by name or code."""

    def __init__(self, **kwargs):
        super().__init__(Municipality, separator=",", field="name", **kwargs)
        self.single = MunicipalityWidget()

    def clean(self, value, row=None, **kwargs):
        names = [part.strip() for part in str(value if value is not None else "").split(self.separator) if part.strip()]
        return [self.single.clean(name) for name in names]


class MunicipalityResource(PortalResource):
    class Meta:
        model = Municipality
        fields = ("name", "slug", "code", "website")
        import_id_fields = ("code",)
        skip_unchanged = True
        clean_model_instances = True


class PopulationResource(PortalResource):
    municipality = fields.Field(attribute="municipality", column_name="municipality", widget=MunicipalityWidget())
    number_formats = {"inhabitants": THOUSANDS}

    class Meta:
        model = Population
        fields = ("municipality", "year", "inhabitants", "source")
        import_id_fields = ("municipality", "year")
        skip_unchanged = True
        clean_model_instances = True
