from django import forms
from django.utils.translation import gettext_lazy as _

from treem.agencies.models import Agency
from treem.plans.models import Task

from .models import Form

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _amount(label=None):
    return forms.IntegerField(
        label=label or _("Amount (VND)"),
        min_value=1,
        max_value=10**14 - 1,
        help_text=_("In whole đồng, e.g. 15000000."),
        widget=forms.NumberInput({"min": 1, "inputmode": "numeric"}),
    )


class TaskChoice(forms.ModelChoiceField):
    def label_from_instance(self, task):
        return f"{task.number}. {task.content[:120]}"


class LineForm(forms.Form):
    task = TaskChoice(label=_("Plan task"), queryset=Task.objects.none())
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.none())
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, agencies, tasks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["task"].queryset = tasks
        if agencies.count() == 1 and not self.is_bound:
            self.fields["agency"].initial = agencies.first()


class AllocationForm(forms.Form):
    amount = _amount()
    source = forms.CharField(
        label=_("Decision or estimate (number)"),
        max_length=200,
        help_text=_("e.g. Quyết định số 125/QĐ-UBND"),
    )
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DATE)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)


class MobilisationForm(forms.Form):
    donor = forms.CharField(label=_("Donor or sponsor"), max_length=200)
    form = forms.ChoiceField(label=_("Form"), choices=Form.choices, widget=forms.RadioSelect)
    amount = _amount(_("Amount or value (VND)"))
    received_on = forms.DateField(label=_("Received on"), widget=DATE)
    note = forms.CharField(
        label=_("What was given"),
        max_length=300,
        required=False,
        help_text=_("For gifts in kind: what, how many."),
    )


class ActivityChoice(forms.ModelChoiceField):
    def label_from_instance(self, activity):
        from .money import vnd

        return f"{activity.starts_on:%d/%m/%Y} · {activity.title[:80]} · {vnd(activity.cost)}"


class SpendingForm(forms.Form):
    amount = _amount()
    spent_on = forms.DateField(label=_("Spent on"), widget=DATE)
    purpose = forms.CharField(label=_("What for"), max_length=300)
    activity = ActivityChoice(
        label=_("Activity it paid for"),
        queryset=None,
        required=False,
        help_text=_("Optional. An activity is paid from one spending entry only."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, activities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].queryset = activities
