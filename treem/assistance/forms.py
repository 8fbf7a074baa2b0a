"""Forms of the assistance pages. Dates are typed dd/mm/yyyy."""

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from treem.accounts.permissions import Perm
from treem.children.models import Child

from .models import AllowanceDecision, Injury, SafetyClass, SupportItem
from .rules import group_choices

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


class DatesForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateField):
                field.input_formats = DATE_FORMATS
                field.widget = forms.DateInput(
                    format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}
                )
            elif isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3


class ChildField(forms.IntegerField):
    """The registry number of a child the user may see (else the same error
    as for a number that does not exist)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", gettext_lazy("Child's registry number"))
        kwargs.setdefault("min_value", 1)
        super().__init__(*args, **kwargs)


class WithChild(DatesForm):
    perm = Perm.VIEW_SENSITIVE

    def __init__(self, *args, user, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)
        self.fields = {"child_number": ChildField(), **self.fields}

    def clean_child_number(self):
        pk = self.cleaned_data["child_number"]
        child = Child.objects.visible_to(self.user, self.perm).filter(pk=pk).first()
        if child is None:
            raise forms.ValidationError(_("No child with this number in your area."))
        self.child = child
        return pk


class DecisionForm(WithChild):
    group = forms.ChoiceField(label=gettext_lazy("eligible group"), choices=())

    class Meta:
        model = AllowanceDecision
        fields = ["group", "number", "decided_on", "signer", "starts_on", "ends_on", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = group_choices()


class SuspendForm(DatesForm):
    class Meta:
        from .models import AllowanceSuspension

        model = AllowanceSuspension
        fields = ["starts_on", "ends_on", "reason"]


class EndForm(forms.Form):
    ends_on = forms.DateField(
        label=gettext_lazy("paid until"),
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )
    reason = forms.CharField(label=gettext_lazy("reason for ending"), max_length=250)


class SupportItemForm(WithChild):
    class Meta:
        model = SupportItem
        fields = [
            "kind",
            "sponsor",
            "commitment",
            "amount",
            "received_on",
            "ends_on",
            "reference",
            "note",
        ]


class InjuryForm(WithChild):
    perm = Perm.VIEW_PERSONAL

    class Meta:
        model = Injury
        fields = ["occurred_on", "place_type", "cause", "severity", "outcome", "note"]


class SafetyClassForm(DatesForm):
    unit = forms.ModelChoiceField(label=gettext_lazy("ward or residential group"), queryset=None)

    class Meta:
        model = SafetyClass
        fields = ["unit", "kind", "organiser", "starts_on", "ends_on", *SafetyClass.COUNTS]

    def __init__(self, *args, user, **kwargs):
        from treem.accounts.scope import scope_for
        from treem.areas.models import AdminUnit, Level

        super().__init__(*args, **kwargs)
        scope = scope_for(user, Perm.EDIT_PERSONAL)
        self.fields["unit"].queryset = (
            AdminUnit.objects.in_force()
            .filter(level__in=(Level.WARD, Level.COMMUNE, Level.RESIDENTIAL_GROUP))
            .filter(scope.q(""))
            .order_by("name")
        )


class MonthForm(forms.Form):
    thang = forms.DateField(
        label=gettext_lazy("month"),
        input_formats=["%m/%Y", "%Y-%m"],
        widget=forms.DateInput(format="%m/%Y", attrs={"placeholder": "mm/yyyy"}),
    )
