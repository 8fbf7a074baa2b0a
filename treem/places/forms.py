"""The register's forms. They only read and shape input; the services check
and write (their messages come back beside the fields)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from treem.children.forms import UnitChoiceField, date_field, units_for

from .access import EDIT
from .models import Answer, PlaceType, Register, SafetyStatus

VENUE_FIELDS = (
    "type",
    "name",
    "owner",
    "unit",
    "address",
    "latitude",
    "longitude",
    "capacity",
    "age_min",
    "age_max",
    "opened_on",
    "closed_on",
    "notes",
)
FACILITY_FIELDS = (*VENUE_FIELDS[:-1], "licence_number", "licence_date", "licence_issuer", "notes")


class PlaceForm(forms.Form):
    type = forms.ModelChoiceField(label=_("Type"), queryset=PlaceType.objects.none())
    name = forms.CharField(label=_("Name"), max_length=200)
    owner = forms.CharField(label=_("Owner or operator"), max_length=200, required=False)
    unit = UnitChoiceField(label=_("Residential group or ward"), queryset=None)
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        max_digits=9,
        decimal_places=6,
        required=False,
        help_text=_("Optional, e.g. 18.679585: with the longitude it puts the place on the map."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"), max_digits=9, decimal_places=6, required=False
    )
    capacity = forms.IntegerField(label=_("Capacity (children)"), min_value=0, required=False)
    age_min = forms.IntegerField(label=_("From age"), min_value=0, max_value=17, required=False)
    age_max = forms.IntegerField(label=_("To age"), min_value=0, max_value=17, required=False)
    opened_on = date_field(_("Opened on"))
    closed_on = date_field(_("Closed on"))
    licence_number = forms.CharField(label=_("Licence number"), max_length=60, required=False)
    licence_date = date_field(_("Licence date"))
    licence_issuer = forms.CharField(label=_("Licence issued by"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Notes"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, user, register, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = PlaceType.objects.of(register)
        self.fields["unit"].queryset = units_for(user, EDIT)
        keep = FACILITY_FIELDS if register == Register.FACILITY else VENUE_FIELDS
        for name in list(self.fields):
            if name not in keep:
                del self.fields[name]
        # Decimal fields render as type="number" with step 1e-06; a phone keyboard
        # with a decimal point is enough, and a comma typed in is refused plainly.
        for name in ("latitude", "longitude"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "step": "any"})


class FilterForm(forms.Form):
    q = forms.CharField(label=_("Name or address"), required=False)
    type = forms.ModelChoiceField(
        label=_("Type"), queryset=PlaceType.objects.none(), required=False
    )
    ward = forms.ModelChoiceField(label=_("Ward"), queryset=None, required=False)
    safety = forms.ChoiceField(
        label=_("Safety status"), choices=[("", _("All"))] + SafetyStatus.choices, required=False
    )

    def __init__(self, *args, register, wards, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].queryset = PlaceType.objects.of(register)
        self.fields["ward"].queryset = wards


class InspectionForm(forms.Form):
    """The checklist's questions are added as fields `item_<code>`; up to
    three follow-up actions as `action_<n>_*` (an empty row is ignored)."""

    ACTION_ROWS = 3

    inspected_on = date_field(_("Inspected on"), required=True)
    inspectors = forms.CharField(label=_("Inspected by"), max_length=250)
    result = forms.ChoiceField(
        label=_("Result"), choices=[c for c in SafetyStatus.choices if c[0] != SafetyStatus.UNKNOWN]
    )
    findings = forms.CharField(
        label=_("Findings"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            self.fields[f"item_{item.code}"] = forms.ChoiceField(
                label=item.text,
                choices=Answer.choices,
                widget=forms.RadioSelect,
                required=False,
            )
        for n in range(1, self.ACTION_ROWS + 1):
            self.fields[f"action_{n}_description"] = forms.CharField(
                label=_("Action %(n)s: what must be done") % {"n": n},
                max_length=300,
                required=False,
            )
            self.fields[f"action_{n}_owed_by"] = forms.CharField(
                label=_("Who does it"), max_length=200, required=False
            )
            self.fields[f"action_{n}_due_on"] = date_field(_("Due on"))

    def item_fields(self):
        return [self[f"item_{item.code}"] for item in self.items]

    def action_rows(self):
        return [
            [self[f"action_{n}_{part}"] for part in ("description", "owed_by", "due_on")]
            for n in range(1, self.ACTION_ROWS + 1)
        ]

    def answers(self):
        return {
            item.code: self.cleaned_data[f"item_{item.code}"]
            for item in self.items
            if self.cleaned_data.get(f"item_{item.code}")
        }

    def actions(self):
        rows = []
        for n in range(1, self.ACTION_ROWS + 1):
            row = {
                part: self.cleaned_data.get(f"action_{n}_{part}")
                for part in ("description", "owed_by", "due_on")
            }
            if any(row.values()):
                rows.append(row)
        return rows


class ActionDoneForm(forms.Form):
    done_on = date_field(_("Done on"), required=True)
    note = forms.CharField(label=_("What was done"), max_length=300, required=False)


class ChildInCareForm(forms.Form):
    number = forms.IntegerField(
        label=_("Child's number in the registry"),
        min_value=1,
        help_text=_("The number on the child's page."),
    )
    since = date_field(_("In care since"), required=True)
    note = forms.CharField(label=_("Note"), max_length=250, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(label=_("Spreadsheet (.xlsx)"))
