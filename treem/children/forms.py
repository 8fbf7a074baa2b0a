"""Forms of the registry pages. The child form delegates its checks to
validation.validate_child, so the pages and the importer give the same
messages; the small forms of the detail page only parse input, the services
enforce the rules."""

import re

from django import forms
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from treem.accounts.permissions import Perm
from treem.accounts.scope import scope_for
from treem.agencies.models import Agency
from treem.areas.models import AdminUnit, Level

from . import idnumber, text
from .models import (
    BirthRegistration,
    Child,
    CodeKind,
    Nutrition,
    ReferenceCode,
    SchoolLevel,
    Sex,
    Status,
)
from .validation import Lookups, clean_phone, validate_child, validate_unit

DATE_FORMATS = ["%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d"]
DATE_HELP = _lazy("dd/mm/yyyy")
# Vietnamese mobile and landline numbers, as the importer accepts them.
PHONE = re.compile(r"^(0|\+84)\d{9,10}$")

HEALTH_FIELDS = tuple(f for f in Child.SENSITIVE_FIELDS if f != "ethnicity")
EDUCATION_FIELDS = (
    "school_level",
    "school_name",
    "grade",
    "enrolled",
    "dropped_out_on",
    "dropout_reason",
)
IDENTITY_FIELDS = (
    "full_name",
    "family_name",
    "middle_name",
    "given_name",
    "date_of_birth",
    "sex",
    "personal_id",
    "personal_id_missing_reason",
    "ethnicity",
    "nationality",
    "birth_registration",
    "birth_registration_place",
)
RESIDENCE_FIELDS = ("unit", "address_line", "resident_since")


def date_field(label, required=False):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        help_text=DATE_HELP,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )


def codes(kind, *, sensitive=True):
    qs = ReferenceCode.objects.of(kind)
    return qs if sensitive else qs.filter(sensitive=False)


def units_for(user, perm=Perm.EDIT_PERSONAL):
    """Wards and residential groups in force that the user may record children in."""
    return (
        AdminUnit.objects.in_force()
        .filter(level__in=[Level.WARD, Level.COMMUNE, Level.RESIDENTIAL_GROUP])
        .filter(scope_for(user, perm).q(""))
        .select_related("parent")
        .order_by("parent__sort_name", "sort_name", "name")
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        if obj.level == Level.RESIDENTIAL_GROUP and obj.parent is not None:
            return f"{obj.name} – {obj.parent.name}"
        return obj.name


TRI_STATE = [("", _lazy("Unknown")), ("true", _lazy("Yes")), ("false", _lazy("No"))]


class TriStateField(forms.TypedChoiceField):
    """Yes / no / unknown, stored as True / False / None."""

    def __init__(self, **kwargs):
        super().__init__(
            choices=TRI_STATE,
            coerce=lambda v: {"true": True, "false": False}.get(v),
            empty_value=None,
            required=False,
            **kwargs,
        )

    def prepare_value(self, value):
        return {True: "true", False: "false"}.get(value, "")


class ChildForm(forms.Form):
    """One page for a new child or an edit. Sensitive fields (ethnicity and the
    health facet) exist only for users who hold VIEW_SENSITIVE over the record;
    the unit exists only on create (a later change is a move)."""

    full_name = forms.CharField(
        label=_lazy("Full name"),
        required=False,
        max_length=200,
        help_text=_lazy("Or fill in the three parts below."),
    )
    family_name = forms.CharField(label=_lazy("Family name"), required=False, max_length=50)
    middle_name = forms.CharField(label=_lazy("Middle name"), required=False, max_length=80)
    given_name = forms.CharField(label=_lazy("Given name"), required=False, max_length=50)
    date_of_birth = forms.CharField(
        label=_lazy("Date of birth"),
        required=False,
        help_text=_lazy("dd/mm/yyyy, or mm/yyyy or yyyy when only that is known"),
    )
    sex = forms.ChoiceField(label=_lazy("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    personal_id = forms.CharField(
        label=_lazy("Personal ID number"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    personal_id_missing_reason = forms.ModelChoiceField(
        label=_lazy("Reason the ID is missing"),
        queryset=codes(CodeKind.ID_MISSING_REASON),
        required=False,
    )
    ethnicity = forms.ModelChoiceField(
        label=_lazy("Ethnicity"), queryset=codes(CodeKind.ETHNICITY), required=False
    )
    nationality = forms.CharField(
        label=_lazy("Nationality"), max_length=60, initial="Việt Nam", required=False
    )
    birth_registration = forms.ChoiceField(
        label=_lazy("Birth registration"),
        choices=BirthRegistration.choices,
        initial=BirthRegistration.UNKNOWN,
    )
    birth_registration_place = forms.CharField(
        label=_lazy("Place of birth registration"), max_length=200, required=False
    )
    unit = UnitChoiceField(
        label=_lazy("Residential group or ward"), queryset=AdminUnit.objects.none()
    )
    address_line = forms.CharField(label=_lazy("Address"), max_length=250, required=False)
    resident_since = date_field(_lazy("Living here since"))
    school_level = forms.ChoiceField(
        label=_lazy("School level"), choices=SchoolLevel.choices, required=False
    )
    school_name = forms.CharField(label=_lazy("School"), max_length=200, required=False)
    grade = forms.CharField(label=_lazy("Grade / class"), max_length=20, required=False)
    enrolled = TriStateField(label=_lazy("Enrolled"))
    dropped_out_on = date_field(_lazy("Dropped out on"))
    dropout_reason = forms.ModelChoiceField(
        label=_lazy("Reason for dropping out"),
        queryset=codes(CodeKind.DROPOUT_REASON),
        required=False,
    )
    health_insurance_card = forms.CharField(
        label=_lazy("Health insurance card"), max_length=20, required=False
    )
    disability_type = forms.ModelChoiceField(
        label=_lazy("Disability"), queryset=codes(CodeKind.DISABILITY_TYPE), required=False
    )
    disability_level = forms.ChoiceField(
        label=_lazy("Disability level"),
        choices=[("", "—"), *Child._meta.get_field("disability_level").choices],
        required=False,
    )
    fully_vaccinated = TriStateField(label=_lazy("Fully vaccinated for age"))
    vaccination_recorded_on = date_field(_lazy("Vaccination recorded on"))
    nutrition_status = forms.ChoiceField(
        label=_lazy("Nutrition status"), choices=Nutrition.choices, required=False
    )
    nutrition_measured_on = date_field(_lazy("Nutrition measured on"))
    confirmed = forms.BooleanField(
        label=_lazy("This is another child, I have checked"), required=False
    )

    def __init__(self, *args, user, sensitive, child=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.sensitive, self.child = user, sensitive, child
        if not sensitive:
            for name in ("ethnicity", *HEALTH_FIELDS):
                self.fields.pop(name)
        if child is None:
            self.fields["unit"].queryset = units_for(user)
        else:
            self.fields.pop("unit")
        self.caregivers = (
            [
                CaregiverInlineForm(*args, prefix="cg1", default_relation="me", **kwargs),
                CaregiverInlineForm(*args, prefix="cg2", default_relation="cha", **kwargs),
            ]
            if child is None
            else []
        )
        self.data_for_service = None
        self.unit = self.ward = None
        # Checked on leaving the field (htmx); the page still checks everything on save.
        for name in (
            "full_name",
            "family_name",
            "given_name",
            "date_of_birth",
            "sex",
            "personal_id",
        ):
            self.fields[name].widget.attrs.update(
                {
                    "hx-post": reverse("children:validate"),
                    "hx-trigger": "change",
                    "hx-target": f"#err-{name}",
                    "hx-include": "closest form",
                }
            )

    @classmethod
    def initial_for(cls, child):
        initial = {
            f: getattr(child, f)
            for f in (*IDENTITY_FIELDS[1:], *RESIDENCE_FIELDS[1:], *EDUCATION_FIELDS)
            + HEALTH_FIELDS
        }
        initial["date_of_birth"] = child.dob_display
        return initial

    def fieldset(self, names):
        return [self[n] for n in names if n in self.fields]

    def identity_fields(self):
        return self.fieldset(IDENTITY_FIELDS)

    def residence_fields(self):
        return self.fieldset(RESIDENCE_FIELDS)

    def education_fields(self):
        return self.fieldset(EDUCATION_FIELDS)

    def health_fields(self):
        return self.fieldset(HEALTH_FIELDS)

    def is_valid(self):
        # The inline caregiver forms are validated with the child, so that
        # every error shows at once.
        valid = super().is_valid()
        return all([valid, *(f.is_valid() for f in self.caregivers)])

    def raw(self):
        cd = self.cleaned_data
        raw = {k: cd.get(k) for k in ("family_name", "middle_name", "given_name", "sex")}
        if cd.get("full_name") and not (cd.get("family_name") or cd.get("given_name")):
            parts = text.split_name(text.clean_name(cd["full_name"]))
            raw.update(zip(("family_name", "middle_name", "given_name"), parts, strict=True))
        raw["date_of_birth"] = cd.get("date_of_birth")
        raw["personal_id"] = cd.get("personal_id")
        raw["personal_id_missing_reason"] = cd.get("personal_id_missing_reason")
        raw["dropout_reason"] = cd.get("dropout_reason")
        if self.sensitive:
            raw["ethnicity"] = cd.get("ethnicity")
            raw["disability_type"] = cd.get("disability_type")
        # An aged-out record stays editable (corrections after the 16th birthday).
        raw["allow_aged_out"] = self.child is not None and self.child.aged_out
        return raw

    def clean(self):
        cd = super().clean()
        result = validate_child(self.raw(), Lookups())
        for name, messages in result.errors.items():
            target = name if name in self.fields else None
            if name in ("family_name", "given_name") and not (
                cd.get("family_name") or cd.get("given_name")
            ):
                target = "full_name"
            for message in messages:
                self.add_error(target, message)
        if "unit" in self.fields and cd.get("unit") is not None:
            try:
                self.unit, self.ward = validate_unit(cd["unit"])
            except ValueError as exc:
                self.add_error("unit", str(exc))
        data = dict(result.data)
        data.pop("allow_aged_out", None)
        for name in ("nationality", "birth_registration", "birth_registration_place"):
            data[name] = cd.get(name) or ""
        data["nationality"] = data["nationality"] or "Việt Nam"
        for name in ("address_line", "resident_since", *EDUCATION_FIELDS[:-1]):
            data[name] = cd.get(name)
        for name in ("address_line", "school_level", "school_name", "grade"):
            data[name] = data[name] or ""
        if self.sensitive:
            for name in HEALTH_FIELDS:
                data[name] = cd.get(name)
            for name in ("health_insurance_card", "disability_level", "nutrition_status"):
                data[name] = data[name] or ""
        else:
            for name in Child.SENSITIVE_FIELDS:
                data.pop(name, None)
        self.data_for_service = data
        return cd

    def caregiver_items(self):
        return [f.service_kwargs() for f in self.caregivers if f.service_kwargs()]


class CaregiverInlineForm(forms.Form):
    """A caregiver typed with the child (mother and father by default)."""

    relation = forms.ModelChoiceField(
        label=_lazy("Relation"), queryset=codes(CodeKind.RELATION), required=False
    )
    full_name = forms.CharField(label=_lazy("Full name"), max_length=200, required=False)
    phone = forms.CharField(label=_lazy("Phone"), max_length=20, required=False)
    personal_id = forms.CharField(label=_lazy("Personal ID number"), max_length=20, required=False)
    lives_with = forms.BooleanField(
        label=_lazy("The child lives with them"), required=False, initial=True
    )
    legal_representative = forms.BooleanField(label=_lazy("Legal representative"), required=False)

    def __init__(self, *args, default_relation=None, **kwargs):
        super().__init__(*args, **kwargs)
        if default_relation:
            self.fields["relation"].initial = (
                codes(CodeKind.RELATION).filter(code=default_relation).values_list("pk", flat=True)
            ).first()

    def clean_phone(self):
        return check_phone(self.cleaned_data.get("phone"))

    def clean_personal_id(self):
        return check_adult_id(self.cleaned_data.get("personal_id"))

    def clean(self):
        cd = super().clean()
        if cd.get("full_name") and not cd.get("relation"):
            self.add_error("relation", _("Choose the relation to the child."))
        if not cd.get("full_name") and (cd.get("phone") or cd.get("personal_id")):
            self.add_error("full_name", _("The caregiver's name is required."))
        return cd

    def service_kwargs(self):
        cd = getattr(self, "cleaned_data", None) or {}
        if not cd.get("full_name"):
            return None
        return {
            "relation": cd["relation"],
            "full_name": cd["full_name"],
            "phone": cd.get("phone") or "",
            "personal_id": cd.get("personal_id") or "",
            "lives_with": cd.get("lives_with", True),
            "legal_representative": cd.get("legal_representative", False),
        }


def check_phone(value):
    phone = clean_phone(value)
    if phone and not PHONE.match(phone):
        raise forms.ValidationError(
            _("“%(value)s” is not a phone number: 10 or 11 digits starting with 0 or +84.")
            % {"value": value}
        )
    return phone


def check_adult_id(value):
    pid = idnumber.normalise(value or "")
    if pid and not (pid.isdigit() and len(pid) == 12):
        raise forms.ValidationError(_("A personal ID number has 12 digits."))
    return pid


class CaregiverForm(CaregiverInlineForm):
    """A caregiver added from the detail page."""

    sex = forms.ChoiceField(label=_lazy("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    year_of_birth = forms.IntegerField(
        label=_lazy("Year of birth"), required=False, min_value=1900, max_value=2100
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["relation"].required = True
        self.fields["full_name"].required = True

    def service_kwargs(self):
        kwargs = super().service_kwargs()
        kwargs.update(sex=self.cleaned_data.get("sex") or "")
        kwargs.update(year_of_birth=self.cleaned_data.get("year_of_birth"))
        return kwargs


class CircumstanceForm(forms.Form):
    code = forms.ModelChoiceField(label=_lazy("Group"), queryset=codes(CodeKind.CIRCUMSTANCE_GROUP))
    subgroup = forms.ModelChoiceField(
        label=_lazy("Sub-group"), queryset=codes(CodeKind.CIRCUMSTANCE_SUBGROUP), required=False
    )
    started_on = date_field(_lazy("From"), required=True)
    ended_on = date_field(_lazy("To"))
    evidence_note = forms.CharField(
        label=_lazy("Evidence / note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, sensitive, **kwargs):
        super().__init__(*args, **kwargs)
        if not sensitive:
            for name in ("code", "subgroup"):
                self.fields[name].queryset = self.fields[name].queryset.filter(sensitive=False)


class RiskForm(forms.Form):
    code = forms.ModelChoiceField(label=_lazy("Risk"), queryset=codes(CodeKind.RISK_CATEGORY))
    started_on = date_field(_lazy("From"), required=True)
    ended_on = date_field(_lazy("To"))
    evidence_note = forms.CharField(
        label=_lazy("Evidence / note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, sensitive, **kwargs):
        super().__init__(*args, **kwargs)
        if not sensitive:
            self.fields["code"].queryset = self.fields["code"].queryset.filter(sensitive=False)


class EndEpisodeForm(forms.Form):
    ended_on = date_field(_lazy("Ended on"))


class SupportForm(forms.Form):
    support_type = forms.ModelChoiceField(
        label=_lazy("Type of support"), queryset=codes(CodeKind.SUPPORT_TYPE)
    )
    provider = forms.ModelChoiceField(
        label=_lazy("Provider"), queryset=Agency.objects.in_force(), required=False
    )
    provider_name = forms.CharField(
        label=_lazy("Provider (if not an agency)"), max_length=200, required=False
    )
    received_on = date_field(_lazy("Received on"), required=True)
    note = forms.CharField(
        label=_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MoveForm(forms.Form):
    unit = UnitChoiceField(
        label=_lazy("New residential group or ward"), queryset=AdminUnit.objects.none()
    )
    on = date_field(_lazy("Moved on"))
    address_line = forms.CharField(label=_lazy("New address"), max_length=250, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user)

    def clean_unit(self):
        try:
            return validate_unit(self.cleaned_data["unit"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_lazy("Status"),
        choices=[c for c in Status.choices if c[0] != Status.MERGED],
    )
    on = date_field(_lazy("Since"))
    note = forms.CharField(label=_lazy("Note"), max_length=500, required=False)


class ConsentForm(forms.Form):
    representative = forms.ModelChoiceField(
        label=_lazy("Legal representative"), queryset=None, required=False
    )
    representative_agreed = forms.BooleanField(
        label=_lazy("The legal representative agreed"), required=False
    )
    child_agreed = TriStateField(label=_lazy("The child agreed"))
    scope = forms.CharField(
        label=_lazy("What may be disclosed, to whom, for what"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    given_on = date_field(_lazy("Given on"), required=True)

    def __init__(self, *args, child, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import Caregiver

        self.fields["representative"].queryset = Caregiver.objects.filter(child_links__child=child)


class TransferRequestForm(forms.Form):
    """Asks the area holding a record for it (services.transfers)."""

    personal_id = forms.CharField(label=_lazy("Personal ID number"), max_length=20)
    unit = UnitChoiceField(
        label=_lazy("Residential group or ward where the child lives now"),
        queryset=AdminUnit.objects.none(),
    )
    address_line = forms.CharField(label=_lazy("New address"), max_length=250, required=False)
    moved_in_on = date_field(_lazy("Moved in on"))
    reason = forms.CharField(
        label=_lazy("Reason for the request"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units_for(user)

    def clean_personal_id(self):
        return check_adult_id(self.cleaned_data.get("personal_id"))


class TransferDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_lazy("Decision"),
        choices=[
            ("accepted", _lazy("Accept: move the record")),
            ("declined", _lazy("Decline")),
            ("cancelled", _lazy("Withdraw the request")),
        ],
    )
    reason = forms.CharField(
        label=_lazy("Reason"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
