from django import forms
from django.utils.translation import gettext_lazy as _

from treem.agencies.models import Agency
from treem.areas.models import AdminUnit
from treem.places.models import Place
from treem.plans.models import Task

from .models import (
    CommendationForm,
    Initiative,
    InitiativeKind,
    Level,
    Rating,
    Recipient,
    ReplicationStatus,
    Status,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class TaskChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, task):
        return f"{task.number}. {task.content[:140]}"


class AgencyChoice(forms.ModelChoiceField):
    def label_from_instance(self, agency):
        return agency.name


class InitiativeChoice(forms.ModelChoiceField):
    def label_from_instance(self, initiative):
        return f"{initiative.name} ({initiative.unit.name})"


class AreaChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, unit):
        if unit.parent_id and unit.level == "residential_group":
            return f"{unit.name} ({unit.parent.name})"
        return unit.name


class InitiativeForm(forms.Form):
    name = forms.CharField(label=_("Name of the model"), max_length=300)
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=InitiativeKind.objects.none())
    unit = forms.ModelChoiceField(label=_("Ward"), queryset=AdminUnit.objects.none())
    lead_agency = AgencyChoice(label=_("Lead agency"), queryset=Agency.objects.none())
    areas = AreaChoice(
        label=_("Where it runs"),
        queryset=AdminUnit.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The ward, or the residential groups where the model runs."),
    )
    place = forms.ModelChoiceField(
        label=_("Place where it runs (optional)"), queryset=Place.objects.none(), required=False
    )
    tasks = TaskChoice(
        label=_("Plan tasks it serves"),
        queryset=Task.objects.none(),
        widget=forms.CheckboxSelectMultiple,
    )
    started_on = forms.DateField(label=_("Running since"), widget=DATE)
    people_reached = forms.IntegerField(
        label=_("People reached"),
        min_value=0,
        max_value=10_000_000,
        required=False,
        help_text=_("Children and adults the model has served, 0 if not known."),
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea({"rows": 4})
    )

    def __init__(self, *args, units, agencies, areas, places, tasks, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["lead_agency"].queryset = agencies
        self.fields["areas"].queryset = areas
        self.fields["place"].queryset = places
        self.fields["tasks"].queryset = tasks
        self.fields["kind"].queryset = kinds
        if not self.is_bound:
            if units.count() == 1:
                self.fields["unit"].initial = units.first()
            if agencies.count() == 1:
                self.fields["lead_agency"].initial = agencies.first()

    def service_fields(self):
        data = self.cleaned_data
        return {
            "name": data["name"],
            "kind": data["kind"],
            "unit": data["unit"],
            "lead_agency": data["lead_agency"],
            "place": data.get("place"),
            "started_on": data["started_on"],
            "people_reached": data.get("people_reached") or 0,
            "description": data.get("description", ""),
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=())
    on = forms.DateField(label=_("From"), widget=DATE)
    note = forms.CharField(label=_("Reason"), max_length=300, required=False)

    def __init__(self, *args, targets, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [(t, Status(t).label) for t in targets]


class EvaluationForm(forms.Form):
    evaluated_on = forms.DateField(label=_("Evaluated on"), widget=DATE)
    evaluator = forms.CharField(
        label=_("Evaluated by"),
        max_length=200,
        help_text=_("The team or body that evaluated, e.g. the ward's inspection team."),
    )
    rating = forms.ChoiceField(label=_("Result"), choices=Rating.choices)
    findings = forms.CharField(
        label=_("Findings"), required=False, widget=forms.Textarea({"rows": 4})
    )
    recommend_replication = forms.TypedChoiceField(
        label=_("Recommendation"),
        choices=[("0", _("Keep it in this ward")), ("1", _("Replicate to other wards"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
        initial="0",
    )


class CommendationEntryForm(forms.Form):
    decision_number = forms.CharField(
        label=_("Decision number"), max_length=60, help_text=_("e.g. 1234/QĐ-UBND")
    )
    decided_on = forms.DateField(label=_("Decision date"), widget=DATE)
    issuer = forms.CharField(label=_("Issuing body"), max_length=200)
    award_form = forms.ChoiceField(
        label=_("Form of commendation"), choices=CommendationForm.choices
    )
    level = forms.ChoiceField(label=_("Level"), choices=Level.choices)
    recipient = forms.ChoiceField(
        label=_("Who or what is commended"),
        choices=Recipient.choices,
        widget=forms.RadioSelect,
        initial=Recipient.INITIATIVE,
    )
    recipient_agency = AgencyChoice(
        label=_("Agency commended"), queryset=Agency.objects.none(), required=False
    )
    recipient_name = forms.CharField(label=_("Person commended"), max_length=200, required=False)
    reason = forms.CharField(
        label=_("For (achievement)"), required=False, widget=forms.Textarea({"rows": 2})
    )
    file = forms.FileField(
        label=_("Scan of the decision"),
        required=False,
        help_text=_("PDF, PNG, JPEG or office documents, up to 10 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient_agency"].queryset = (
            Agency.objects.in_force().select_related("unit").order_by("unit__name", "name")
        )

    def clean(self):
        data = super().clean()
        recipient = data.get("recipient")
        if recipient == Recipient.AGENCY and not data.get("recipient_agency"):
            self.add_error("recipient_agency", _("Choose the agency commended."))
        if recipient == Recipient.PERSON and not (data.get("recipient_name") or "").strip():
            self.add_error("recipient_name", _("Write the name of the person commended."))
        return data


class ReplicationForm(forms.Form):
    ward = forms.ModelChoiceField(label=_("To ward"), queryset=AdminUnit.objects.none())
    started_on = forms.DateField(label=_("Started on"), widget=DATE)
    lead_agency = AgencyChoice(
        label=_("Agency leading it in the ward"),
        queryset=Agency.objects.none(),
        required=False,
        help_text=_("Needed unless an existing model of the ward is linked below."),
    )
    replica = InitiativeChoice(
        label=_("Link an existing model of the ward (optional)"),
        queryset=Initiative.objects.none(),
        required=False,
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea({"rows": 2}))

    def __init__(self, *args, wards, agencies, replicas, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ward"].queryset = wards
        self.fields["lead_agency"].queryset = agencies
        self.fields["replica"].queryset = replicas

    def clean(self):
        data = super().clean()
        if not data.get("replica") and not data.get("lead_agency"):
            self.add_error("lead_agency", _("Choose the agency that leads the model in the ward."))
        return data


class ReplicationStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=ReplicationStatus.choices)


class KindForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=32000, initial=0)
    evaluation_months = forms.IntegerField(
        label=_("Months between evaluations"), min_value=1, max_value=120, initial=12
    )
    source = forms.CharField(label=_("Source"), max_length=300, required=False)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class NewKindForm(KindForm):
    code = forms.SlugField(label=_("Code"), max_length=40)

    field_order = ["code", "name", "order", "evaluation_months", "source", "active"]
