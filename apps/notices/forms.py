from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Reply

ATTENDING = "attending"


class AbsenceForm(forms.Form):
    """A called person's answer through their personal link."""

    state = forms.ChoiceField(
        label=_("Will you attend?"), widget=forms.RadioSelect,
        choices=[
            (ATTENDING, _("I will attend")),
            (Reply.State.ABSENT, _("I cannot attend (förhinder)")),
            (Reply.State.SUBSTITUTE, _("I cannot attend, and my substitute will attend in my place")),
        ],
    )
    comment = forms.CharField(label=_("Message to the secretariat (optional)"), max_length=500, required=False)
