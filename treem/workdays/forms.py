from django import forms
from django.utils.translation import gettext_lazy as _

from .models import AdjustmentKind, Certainty


class AdjustmentForm(forms.Form):
    date = forms.DateField(label=_("Date"), help_text=_("dd/mm/yyyy"))
    kind = forms.ChoiceField(label=_("Kind"), choices=AdjustmentKind.choices)
    name = forms.CharField(label=_("Description"), max_length=200)
    source = forms.CharField(
        label=_("Source"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The announcement this day comes from: number, date, issuing body."),
    )
    certainty = forms.ChoiceField(
        label=_("Certainty"), choices=Certainty.choices, initial=Certainty.UNVERIFIED
    )
