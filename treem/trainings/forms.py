from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from treem.accounts.permissions import Role
from treem.activities.forms import DATE, TaskChoice
from treem.activities.models import Activity
from treem.agencies.models import Agency
from treem.areas.models import AdminUnit
from treem.plans.models import Task

from .models import Basis, Topic


class CourseForm(forms.Form):
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.none())
    title = forms.CharField(label=_("Title"), max_length=300)
    hours = forms.DecimalField(
        label=_("Hours"), min_value=0.5, max_value=9999, decimal_places=1, max_digits=5
    )
    unit = forms.ModelChoiceField(label=_("Ward"), queryset=AdminUnit.objects.none())
    provider_agency = forms.ModelChoiceField(
        label=_("Provider (agency)"), queryset=Agency.objects.none(), required=False
    )
    provider_name = forms.CharField(
        label=_("Provider (other)"),
        max_length=300,
        required=False,
        help_text=_("When the provider is not in the list of agencies."),
    )
    starts_on = forms.DateField(label=_("From"), widget=DATE)
    ends_on = forms.DateField(label=_("To"), widget=DATE)
    place = forms.CharField(label=_("Venue"), max_length=300, required=False)
    tasks = TaskChoice(
        label=_("Plan tasks it carries out"),
        queryset=Task.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    activity = forms.ModelChoiceField(
        label=_("Recorded as activity"), queryset=Activity.objects.none(), required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args, units, agencies, tasks, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["topic"].queryset = Topic.objects.filter(active=True)
        self.fields["unit"].queryset = units
        self.fields["provider_agency"].queryset = agencies
        self.fields["tasks"].queryset = tasks
        self.fields["activity"].queryset = activities
        if not self.is_bound and units.count() == 1:
            self.fields["unit"].initial = units.first()

    def clean(self):
        data = super().clean()
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end date is before the start date."))
        if not data.get("provider_agency") and not (data.get("provider_name") or "").strip():
            self.add_error("provider_name", _("Name the provider: an agency or its name."))
        return data

    def service_fields(self):
        data = self.cleaned_data
        return {
            "topic": data["topic"],
            "title": data["title"],
            "hours": data["hours"],
            "unit": data["unit"],
            "provider_agency": data.get("provider_agency"),
            "provider_name": data.get("provider_name") or "",
            "starts_on": data["starts_on"],
            "ends_on": data["ends_on"],
            "place": data.get("place") or "",
            "activity": data.get("activity"),
            "notes": data.get("notes") or "",
        }


class PersonChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return user.get_full_name() or user.username


class AddParticipantsForm(forms.Form):
    users = PersonChoice(
        label=_("Who took part"),
        queryset=get_user_model().objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose people from the list.")},
    )
    passed = forms.BooleanField(label=_("All of them passed"), required=False)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["users"].queryset = people


class ParticipantForm(forms.Form):
    attended = forms.BooleanField(label=_("Attended"), required=False)
    passed = forms.BooleanField(label=_("Passed"), required=False)
    certificate_number = forms.CharField(
        label=_("Certificate number"), max_length=60, required=False
    )
    certificate_date = forms.DateField(label=_("Certificate date"), required=False, widget=DATE)
    certificate_issuer = forms.CharField(label=_("Issued by"), max_length=300, required=False)


class CertificateFileForm(forms.Form):
    file = forms.FileField(label=_("Scan of the certificate"))


class TopicForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    order = forms.IntegerField(label=_("Order"), min_value=0, max_value=999, required=False)
    active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class RequirementForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    topic = forms.ModelChoiceField(label=_("Topic"), queryset=Topic.objects.all())
    basis = forms.ChoiceField(label=_("Basis"), choices=Basis.choices, initial=Basis.LOCAL)
    source = forms.CharField(
        label=_("Source"),
        max_length=300,
        required=False,
        help_text=_("The legal text and article, or the local plan it comes from."),
    )
    active = forms.BooleanField(label=_("In force"), required=False, initial=True)
