from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Criterion, CriterionItem, ReportKind, Threshold


def _year_choices():
    this = timezone.localdate().year
    return [(y, str(y)) for y in range(this, this - 8, -1)]


class NewAssessmentForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_year_choices)
    threshold = forms.ModelChoiceField(
        label=_("Category of unit"), queryset=Threshold.objects.all(), empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        default = Threshold.objects.filter(is_default=True).first()
        if default:
            self.fields["threshold"].initial = default.pk


class AssessmentHeaderForm(forms.Form):
    threshold = forms.ModelChoiceField(
        label=_("Category of unit"), queryset=Threshold.objects.all(), empty_label=None
    )
    note = forms.CharField(
        label=_("General remarks"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "name_en", "max_points", "min_points", "notes", "source", "verified"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class CriterionItemForm(forms.ModelForm):
    class Meta:
        model = CriterionItem
        fields = [
            "code",
            "text",
            "max_points",
            "evidence_source",
            "indicator_code",
            "target_value",
            "lower_is_better",
            "order",
            "source",
            "verified",
        ]


class ThresholdForm(forms.ModelForm):
    class Meta:
        model = Threshold
        fields = ["code", "name", "min_total", "is_default", "order", "source", "verified"]


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=ReportKind.choices)
    unit = forms.TypedChoiceField(label=_("Reporting unit"), coerce=int)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_year_choices)
    parent_body = forms.CharField(label=_("Body above the issuer"), required=False, max_length=200)
    issuer = forms.CharField(label=_("Issuing body"), max_length=200)
    number_symbol = forms.CharField(
        label=_("Number and symbol"),
        max_length=100,
        help_text=_("What follows “Số:”, e.g. 15/BC-UBND; leave the number blank to fill by hand."),
    )
    place = forms.CharField(label=_("Place"), max_length=100)
    issued_on = forms.DateField(
        label=_("Date"),
        required=False,
        input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        help_text=_("dd/mm/yyyy; empty leaves blanks for the hand-written date."),
    )
    recipients = forms.CharField(label=_("Recipients"), widget=forms.Textarea(attrs={"rows": 4}))
    signer_capacity = forms.CharField(label=_("Signing capacity"), required=False, max_length=100)
    signer_title = forms.CharField(label=_("Signer's title"), required=False, max_length=100)
    signer_name = forms.CharField(label=_("Signer's name"), required=False, max_length=100)
    difficulties = forms.CharField(
        label=_("Difficulties and shortcomings"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    proposals = forms.CharField(
        label=_("Proposals"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.units = {u.pk: u for u in units}
        self.fields["unit"].choices = [(u.pk, u.name) for u in units]
