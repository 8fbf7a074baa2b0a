from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from treem.agencies.models import Agency
from treem.areas.models import AdminUnit

from .models import CriteriaSet, Criterion, CriterionItem, ReportKind, SetKind, Threshold


def _year_choices():
    this = timezone.localdate().year
    return [(y, str(y)) for y in range(this, this - 8, -1)]


def _ward_thresholds():
    from .services.criteria import WARD_SET

    return Threshold.objects.filter(criteria_set__code=WARD_SET)


class NewAssessmentForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_year_choices)
    threshold = forms.ModelChoiceField(
        label=_("Category of unit"), queryset=Threshold.objects.none(), empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["threshold"].queryset = _ward_thresholds()
        default = _ward_thresholds().filter(is_default=True).first()
        if default:
            self.fields["threshold"].initial = default.pk


class LocalAssessmentForm(forms.Form):
    """A new assessment of a school or a family of a ward the user assesses."""

    criteria_set = forms.ModelChoiceField(
        label=_("Criteria set"), queryset=CriteriaSet.objects.none(), empty_label=None
    )
    unit = forms.ModelChoiceField(
        label=_("Ward"), queryset=AdminUnit.objects.none(), empty_label=None
    )
    school = forms.ModelChoiceField(label=_("School"), queryset=Agency.objects.none())
    household_name = forms.CharField(
        label=_("Household"),
        max_length=200,
        help_text=_("The head of the household, e.g. “Hộ ông Nguyễn Văn An”."),
    )
    household_group = forms.ModelChoiceField(
        label=_("Residential group"), queryset=AdminUnit.objects.none(), required=False
    )
    household_address = forms.CharField(label=_("Address"), max_length=250, required=False)
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, choices=_year_choices)

    def __init__(self, *args, kind, wards, **kwargs):
        super().__init__(*args, **kwargs)
        ids = [w.pk for w in wards]
        self.fields["criteria_set"].queryset = CriteriaSet.objects.filter(kind=kind)
        self.fields["unit"].queryset = AdminUnit.objects.filter(pk__in=ids).order_by("name")
        if kind == SetKind.SCHOOL:
            self.fields["school"].queryset = (
                Agency.objects.in_force()
                .filter(kind="school", unit_id__in=ids)
                .select_related("unit")
                .order_by("unit__name", "name")
            )
            for name in ("household_name", "household_group", "household_address"):
                del self.fields[name]
        else:
            del self.fields["school"]
            self.fields["household_group"].queryset = AdminUnit.objects.in_force().filter(
                parent_id__in=ids
            )

    def clean(self):
        data = super().clean()
        school, unit = data.get("school"), data.get("unit")
        if school is not None and unit is not None and school.unit_id != unit.pk:
            self.add_error("school", _("This school is not in the chosen ward."))
        group = data.get("household_group")
        if group is not None and unit is not None and group.parent_id != unit.pk:
            self.add_error("household_group", _("This residential group is not in the ward."))
        return data


class CriteriaSetForm(forms.ModelForm):
    class Meta:
        model = CriteriaSet
        fields = [
            "code",
            "name",
            "kind",
            "valid_from",
            "valid_to",
            "source",
            "legal_basis",
            "verified",
            "local_practice",
            "order",
        ]
        widgets = {"legal_basis": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("valid_from", "valid_to"):
            self.fields[name].input_formats = ["%d/%m/%Y", "%Y-%m-%d"]
            self.fields[name].help_text = _("dd/mm/yyyy; empty: no limit.")


class AssessmentHeaderForm(forms.Form):
    threshold = forms.ModelChoiceField(
        label=_("Category of unit"), queryset=Threshold.objects.all(), empty_label=None
    )

    def __init__(self, *args, criteria_set=None, **kwargs):
        super().__init__(*args, **kwargs)
        if criteria_set is not None:
            self.fields["threshold"].queryset = Threshold.objects.filter(criteria_set=criteria_set)

    note = forms.CharField(
        label=_("General remarks"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CriterionForm(forms.ModelForm):
    class Meta:
        model = Criterion
        fields = ["name", "name_en", "max_points", "min_points", "notes", "source", "verified"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


class NewCriterionForm(CriterionForm):
    class Meta(CriterionForm.Meta):
        fields = ["number", *CriterionForm.Meta.fields]


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
