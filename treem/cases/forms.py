"""Forms of the case pages. They parse input; the services enforce the rules
and give the messages."""

from functools import cached_property

from django import forms
from django.forms import modelform_factory
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from treem.agencies.models import Agency
from treem.areas.models import AdminUnit, Level
from treem.children import text
from treem.children.forms import UnitChoiceField
from treem.children.models import CodeKind as ChildCodeKind
from treem.children.models import ReferenceCode, Sex
from treem.children.validation import Lookups, validate_child, validate_unit
from treem.core.widgets import FastSelect

from .models import (
    CaseCode,
    Channel,
    ClosureDecision,
    ClosureOutcome,
    CodeKind,
    ContactMode,
    DecisionOutcome,
    Perpetrator,
    ReferralOutcome,
    ReportedSex,
    ServiceState,
)
from .services.steps import STEPS

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


def date_field(label, required=False):
    return forms.DateField(
        label=label,
        required=required,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )


def datetime_field(label, required=True):
    return forms.DateTimeField(
        label=label,
        required=required,
        input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(
            format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm"}
        ),
    )


def wards():
    return AdminUnit.objects.in_force().grassroots().order_by("name")


def living_units():
    return (
        AdminUnit.objects.in_force()
        .filter(level__in=[Level.WARD, Level.COMMUNE, Level.RESIDENTIAL_GROUP])
        .select_related("parent")
        .order_by("parent__sort_name", "sort_name", "name")
    )


class IntakeLookups(Lookups):
    """What validate_child reads for the intake's few child fields: no code
    list (no ethnicity, no reason for a missing ID), only the province codes
    an ID number starts with, loaded when an ID is typed. The full Lookups
    reads every reference code (some 600 rows) on each intake."""

    def __init__(self):
        self.units = {}

    @cached_property
    def codes(self):
        return Lookups().codes

    @cached_property
    def province_codes(self):
        kinds = (ChildCodeKind.PROVINCE, ChildCodeKind.BIRTH_COUNTRY)
        codes = ReferenceCode.objects.filter(kind__in=kinds, active=True)
        return set(codes.values_list("code", flat=True)) or None


class IntakeForm(forms.Form):
    """Mẫu 01, with the child picked from the registry or registered here."""

    # Its selects are FastSelect, the same HTML without a template per
    # option: the list of wards and residential groups alone took 9 ms.
    channel = forms.ChoiceField(
        label=_("Received through"), choices=Channel.choices, widget=FastSelect
    )
    contact_mode = forms.ChoiceField(
        label=_("Reported by telephone, in person or by someone else"),
        choices=[("", "—"), *ContactMode.choices],
        required=False,
        widget=FastSelect,
    )
    received_at = datetime_field(_("Received at"))
    # Mẫu 01 is issued by the body that received the report (Art. 25(1)).
    receiving_body = forms.CharField(
        label=_("Body that received the report"),
        max_length=200,
        required=False,
        help_text=_(
            "Leave blank when it is this ward, the police (police channel) or hotline 111; "
            "e.g. Sở Y tế Nghệ An."
        ),
    )
    reporter_anonymous = forms.BooleanField(
        label=_("The reporter asks to stay anonymous"), required=False
    )
    reporter_name = forms.CharField(label=_("Reporter's name"), max_length=200, required=False)
    reporter_contact = forms.CharField(
        label=_("Reporter's address / phone (kept confidential)"),
        max_length=300,
        required=False,
    )
    reporter_relation = forms.CharField(
        label=_("Reporter's relation to the child"), max_length=100, required=False
    )
    event_ward = forms.ModelChoiceField(
        label=_("Ward of the event"), queryset=AdminUnit.objects.none(), widget=FastSelect
    )
    event_place = forms.CharField(label=_("Place of the event"), max_length=300)
    event_at = datetime_field(_("When it happened"), required=False)
    description = forms.CharField(
        label=_("What happened"), widget=forms.Textarea(attrs={"rows": 4})
    )
    harm_kinds = forms.ModelMultipleChoiceField(
        label=_("Kind of harm"),
        queryset=CaseCode.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    perpetrator_relation = forms.ChoiceField(
        label=_("Suspected perpetrator's relation to the child"),
        choices=Perpetrator.choices,
        widget=FastSelect,
    )
    child_situation = forms.CharField(
        label=_("The child's current situation"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    likely_harm = forms.CharField(
        label=_("Likely consequences for the child without support or intervention"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    # Mẫu 01, A.2: what the receiving body knows of the child and the family.
    child_age_estimate = forms.CharField(
        label=_("Estimated age (when the date of birth is not known)"),
        max_length=30,
        required=False,
    )
    child_sex_reported = forms.ChoiceField(
        label=_("Sex as reported"),
        choices=ReportedSex.choices,
        initial=ReportedSex.UNKNOWN,
        required=False,
        widget=FastSelect,
    )
    father_name = forms.CharField(label=_("Father's name"), max_length=200, required=False)
    father_age = forms.IntegerField(
        label=_("Father's age"), min_value=10, max_value=120, required=False
    )
    father_occupation = forms.CharField(
        label=_("Father's occupation"), max_length=200, required=False
    )
    mother_name = forms.CharField(label=_("Mother's name"), max_length=200, required=False)
    mother_age = forms.IntegerField(
        label=_("Mother's age"), min_value=10, max_value=120, required=False
    )
    mother_occupation = forms.CharField(
        label=_("Mother's occupation"), max_length=200, required=False
    )
    family_situation = forms.CharField(
        label=_("Family situation"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    current_caregiver = forms.CharField(
        label=_("Who cares for the child now (if known)"), max_length=300, required=False
    )
    actions_taken = forms.CharField(
        label=_("Support or intervention already given before the report"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    # Set by the child search of the page (views/intake.py), checked again
    # against what the reporter may see.
    child_id = forms.IntegerField(
        label=_("Child in the registry"), required=False, widget=forms.HiddenInput
    )
    full_name = forms.CharField(label=_("Child's full name"), max_length=200, required=False)
    date_of_birth = forms.CharField(
        label=_("Date of birth"), required=False, help_text=_("dd/mm/yyyy, mm/yyyy or yyyy")
    )
    sex = forms.ChoiceField(
        label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False, widget=FastSelect
    )
    personal_id = forms.CharField(label=_("Personal ID number"), max_length=20, required=False)
    unit = UnitChoiceField(
        label=_("Where the child lives"),
        queryset=AdminUnit.objects.none(),
        required=False,
        widget=FastSelect,
    )
    confirmed = forms.BooleanField(label=_("This is another child, I have checked"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["event_ward"].queryset = wards()
        self.fields["unit"].queryset = living_units()
        self.fields["harm_kinds"].queryset = CaseCode.objects.of(CodeKind.HARM)

    def clean(self):
        data = super().clean()
        self.new_child = None
        if data.get("child_id"):
            return data
        if not data.get("full_name"):
            raise forms.ValidationError(
                _("Find the child in the registry, or give the child's name to register the child.")
            )
        family, middle, given = text.split_name(text.clean_name(data["full_name"]))
        raw = {
            "family_name": family,
            "middle_name": middle,
            "given_name": given,
            "date_of_birth": data.get("date_of_birth"),
            "sex": data.get("sex"),
            "personal_id": data.get("personal_id"),
        }
        result = validate_child(raw, IntakeLookups())
        for name, messages in result.errors.items():
            target = name if name in self.fields else None
            if name in ("family_name", "given_name"):
                target = "full_name"
            for message in messages:
                self.add_error(target, message)
        try:
            unit, ward = validate_unit(data.get("unit"))
        except ValueError as exc:
            self.add_error("unit", str(exc))
            return data
        if result.ok:
            self.new_child = {
                "data": result.data,
                "unit": unit,
                "ward": ward,
                "confirmed": data.get("confirmed", False),
            }
        return data


class StepFormBase(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.DateTimeField):
                field.input_formats = DATETIME_FORMATS
                field.widget = forms.DateTimeInput(
                    format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm"}
                )
            elif isinstance(field, forms.DateField):
                field.input_formats = DATE_FORMATS
                field.widget = forms.DateInput(
                    format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}
                )
            elif isinstance(field.widget, forms.Textarea):
                field.widget.attrs["rows"] = 3


def step_form_class(kind):
    model = STEPS[kind][0]
    return modelform_factory(model, form=StepFormBase, fields=model.CONTENT_FIELDS)


class DecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Decision"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    decision_number = forms.CharField(label=_("Decision number"), max_length=50, required=False)
    comments = forms.CharField(
        label=_("Comments"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReasonForm(forms.Form):
    """A reason, for starting an emergency measure at a later stage or for
    proposing closure to the chairman."""

    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label


class ClosureDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=ClosureDecision.choices, widget=forms.RadioSelect
    )
    comments = forms.CharField(
        label=_("Comments"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CloseForm(forms.Form):
    reason = forms.CharField(
        label=_("Why the report is not substantiated"), widget=forms.Textarea(attrs={"rows": 3})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class TransferForm(forms.Form):
    to_unit = forms.ModelChoiceField(
        label=_("Ward of the event"), queryset=AdminUnit.objects.none()
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, exclude=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_unit"].queryset = wards().exclude(pk=getattr(exclude, "pk", None))


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Assigned officer"), queryset=None)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers


class ServiceForm(forms.Form):
    # On every case page at work, beside the referral form: FastSelect writes
    # their lists of some 120 agencies without a template per option.
    service_type = forms.ModelChoiceField(
        label=_("Type of service"), queryset=CaseCode.objects.none(), widget=FastSelect
    )
    provider = forms.ModelChoiceField(
        label=_("Provider agency"),
        queryset=Agency.objects.none(),
        required=False,
        widget=FastSelect,
    )
    provider_name = forms.CharField(
        label=_("Provider (if not an agency)"), max_length=200, required=False
    )
    started_on = date_field(_("From"), required=True)
    ended_on = date_field(_("To"))
    state = forms.ChoiceField(label=_("State"), choices=ServiceState.choices, widget=FastSelect)
    outcome = forms.CharField(
        label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["service_type"].queryset = CaseCode.objects.of(CodeKind.SERVICE)
        self.fields["provider"].queryset = Agency.objects.in_force().order_by("name")


class ServiceUpdateForm(forms.Form):
    state = forms.ChoiceField(label=_("State"), choices=ServiceState.choices)
    ended_on = date_field(_("To"))
    outcome = forms.CharField(
        label=_("Outcome"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReferralForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=_("Agency"), queryset=Agency.objects.none(), widget=FastSelect
    )
    service_type = forms.ModelChoiceField(
        label=_("Service asked for"),
        queryset=CaseCode.objects.none(),
        required=False,
        widget=FastSelect,
    )
    reason = forms.CharField(
        label=_("Reason for the referral"), widget=forms.Textarea(attrs={"rows": 2})
    )
    shared_information = forms.CharField(
        label=_("Information shared with the agency"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("Only what the agency needs: the agency does not see the case file."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.in_force().order_by("name")
        self.fields["service_type"].queryset = CaseCode.objects.of(CodeKind.SERVICE)


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Answer"),
        choices=[("1", _("Accept")), ("0", _("Decline"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReferralResultForm(forms.Form):
    action = forms.CharField(
        label=_("What the agency did"), widget=forms.Textarea(attrs={"rows": 3})
    )
    outcome = forms.ChoiceField(
        label=_("Result"), choices=ReferralOutcome.choices, widget=forms.RadioSelect
    )
    on = date_field(_("Date of the result"), required=True)


class AttachmentForm(forms.Form):
    file = forms.FileField(label=_("File (PDF, image or office document, up to 10 MB)"))
    description = forms.CharField(label=_("Description"), max_length=300, required=False)


class BreakGlassForm(forms.Form):
    number = forms.CharField(label=_("Case number"), max_length=20, help_text=_("e.g. VV000123"))
    reason = forms.CharField(
        label=_("Why you need to open this case now"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CaseFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    unit = forms.ModelChoiceField(
        label=_("Ward"), queryset=AdminUnit.objects.none(), required=False, empty_label=_("All")
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import CaseStatus

        self.fields["status"].choices = [
            ("", _("All")),
            # Context: the shared catalogue's bare "Open" means "not yet decided".
            ("open", pgettext_lazy("case filter", "Open")),
            *CaseStatus.choices,
        ]
        if units is not None:
            self.fields["unit"].queryset = units


CLOSURE_CHOICES = ClosureOutcome.choices


class CaseCodeForm(forms.ModelForm):
    class Meta:
        from .models import CaseCode as _Code

        model = _Code
        fields = ["kind", "code", "name", "name_en", "support_type", "active", "order", "source"]


class StepLimitForm(forms.ModelForm):
    class Meta:
        from .models import StepLimit as _Limit

        model = _Limit
        fields = ["amount", "unit", "counted_from", "source", "local_practice"]
