from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ALLOWED_ACTIONS, Incident, NotificationRule, ProcessingPurpose, RetentionRule

DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%d/%m/%Y", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"]


class _Dates:
    """Datetimes typed dd/mm/yyyy hh:mm, as everywhere else in the system."""

    def _typed_dates(self):
        for field in self.fields.values():
            if isinstance(field, forms.DateTimeField):
                field.input_formats = DATETIME_FORMATS
                field.widget = forms.DateTimeInput(
                    format="%d/%m/%Y %H:%M", attrs={"placeholder": "dd/mm/yyyy hh:mm"}
                )


class RuleForm(forms.ModelForm):
    class Meta:
        model = RetentionRule
        fields = [
            "period",
            "period_unit",
            "action",
            "counted_from",
            "source",
            "verified",
            "note",
            "active",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = ALLOWED_ACTIONS[self.instance.kind]
        self.fields["action"].choices = [(a.value, a.label) for a in allowed]
        self.fields["period"].min_value = 1
        self.fields["period"].widget.attrs["min"] = 1


class NotificationRuleForm(forms.ModelForm):
    class Meta:
        model = NotificationRule
        fields = ["hours", "authority", "source", "verified"]


class IncidentForm(_Dates, forms.ModelForm):
    class Meta:
        model = Incident
        fields = [
            "detected_at",
            "occurred_at",
            "description",
            "data_kinds",
            "people_affected",
            "children_affected",
            "severity",
            "measures",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "measures": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "detected_at": _("The time limit to inform the authority counts from this moment."),
            "data_kinds": _("For example: names and dates of birth, health data, case notes."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._typed_dates()


class IncidentUpdateForm(IncidentForm):
    class Meta(IncidentForm.Meta):
        fields = [
            *IncidentForm.Meta.fields,
            "authority",
            "authority_notified_at",
            "authority_reference",
            "subjects_notified_at",
            "subjects_notice",
            "status",
        ]
        widgets = {
            **IncidentForm.Meta.widgets,
            "subjects_notice": forms.Textarea(attrs={"rows": 3}),
        }


class PurposeForm(forms.ModelForm):
    class Meta:
        model = ProcessingPurpose
        fields = [
            "purpose",
            "legal_basis",
            "data_kinds",
            "sensitive",
            "subjects",
            "recipients",
            "retention",
            "verified",
            "active",
        ]
        widgets = {
            "legal_basis": forms.Textarea(attrs={"rows": 3}),
            "data_kinds": forms.Textarea(attrs={"rows": 3}),
            "recipients": forms.Textarea(attrs={"rows": 2}),
        }


class ConfirmRunForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("I have read the dry run and want these changes made"), required=True
    )
