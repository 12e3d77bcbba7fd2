from django import forms
from django.utils.translation import gettext_lazy as _


class ContinueRotationForm(forms.Form):
    years = forms.IntegerField(
        label=_("Number of years"), min_value=1, max_value=50, initial=8,
        help_text=_("The rotation continues in the same order after its last listed year."),
    )
