from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Indicator


class KoladaImportForm(forms.Form):
    file = forms.FileField(
        label=_("Kolada export (CSV)"),
        help_text=_("A CSV file from Kolada with the columns kpi, municipality_id, period, gender and value; "
                    "semicolons or commas, decimal comma or point. Municipalities are matched on their code; the rows of "
                    "the Stockholm county (0001) and the whole country (0000) are kept as comparison values. An "
                    "empty value stays missing."),
    )
    indicator = forms.ModelChoiceField(
        label=_("Indicator"), queryset=Indicator.objects.all(), required=False,
        help_text=_("Only needed when the file has no kpi column; otherwise the indicator is found by its "
                    "Kolada id."),
    )
