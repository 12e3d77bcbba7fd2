from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .services import Pattern


class DraftMeetingPlanForm(forms.Form):
    year = forms.IntegerField(
        label=_("Draft from the year"), min_value=1990, max_value=2100,
        help_text=_("The meetings of this year are copied to the next year as planned meetings."),
    )
    pattern = forms.ChoiceField(label=_("Days"), choices=Pattern.choices, initial=Pattern.NTH_WEEKDAY)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
