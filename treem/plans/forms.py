from django import forms
from django.utils.translation import gettext_lazy as _

from treem.agencies.models import Agency

from .models import (
    DocumentKind,
    FollowUpStatus,
    GuidingDocument,
    InspectionKind,
    ProgressReport,
    RatingLevel,
    Timing,
)

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ReportForm(forms.ModelForm):
    class Meta:
        model = ProgressReport
        fields = ["status", "done_text", "figures", "difficulties", "proposals"]
        widgets = {
            "done_text": forms.Textarea(attrs={"rows": 5}),
            "figures": forms.Textarea(attrs={"rows": 3}),
            "difficulties": forms.Textarea(attrs={"rows": 3}),
            "proposals": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "figures": _("One figure a line, e.g. “Số buổi tuyên truyền: 12”."),
        }


class EvidenceForm(forms.Form):
    file = forms.FileField(label=_("Evidence file"))


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SubPlanForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=500)
    owner_agency = forms.ModelChoiceField(label=_("Owner"), queryset=Agency.objects.none())
    period_start = forms.DateField(label=_("Period from"), widget=DATE)
    period_end = forms.DateField(label=_("Period to"), required=False, widget=DATE)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner_agency"].queryset = agencies

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", _("The end of the period must not be before its start."))
        return data


class TaskForm(forms.Form):
    content = forms.CharField(label=_("Content"), widget=forms.Textarea(attrs={"rows": 4}))
    lead_agency = forms.ModelChoiceField(label=_("Lead agency"), queryset=Agency.objects.none())
    coordinating = forms.ModelMultipleChoiceField(
        label=_("Coordinating agencies"), queryset=Agency.objects.none(), required=False
    )
    timing = forms.ChoiceField(label=_("Timing"), choices=Timing.choices)
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DATE)
    expected_output = forms.CharField(
        label=_("Expected output"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    indicator_codes = forms.CharField(
        label=_("Linked indicators"),
        required=False,
        help_text=_("Indicator codes separated by commas."),
    )

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead_agency"].queryset = agencies
        self.fields["coordinating"].queryset = agencies

    def clean_indicator_codes(self):
        raw = self.cleaned_data.get("indicator_codes", "")
        return [c.strip() for c in raw.split(",") if c.strip()]

    def clean(self):
        data = super().clean()
        if data.get("timing") == Timing.ONE_OFF and not data.get("deadline"):
            self.add_error("deadline", _("A one-off task needs a deadline."))
        return data


class DocumentForm(forms.ModelForm):
    class Meta:
        model = GuidingDocument
        fields = [
            "kind",
            "number_symbol",
            "issuing_body",
            "issued_on",
            "issued_year",
            "title",
            "summary",
            "source",
        ]
        widgets = {"issued_on": DATE, "summary": forms.Textarea(attrs={"rows": 4})}

    file = forms.FileField(label=_("File (PDF)"), required=False)

    def clean_file(self):
        file = self.cleaned_data.get("file")
        if file and not file.name.lower().endswith((".pdf", ".doc", ".docx")):
            raise forms.ValidationError(_("Attach a PDF or Word file."))
        return file


class LinkForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Relation"),
        choices=[
            ("implements", _("implements")),
            ("guides", _("guides the implementation of")),
            ("replaces", _("replaces")),
        ],
    )
    target = forms.ModelChoiceField(label=_("Document"), queryset=GuidingDocument.objects.all())


class InspectionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=InspectionKind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Title"), max_length=300, required=False)
    number_symbol = forms.CharField(
        label=_("Number and symbol of the report"), max_length=100, required=False
    )


class EvaluationForm(forms.Form):
    overall_rating = forms.ModelChoiceField(
        label=_("Overall rating"),
        queryset=RatingLevel.objects.filter(is_active=True),
        required=False,
    )
    findings = forms.CharField(
        label=_("Findings"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Recommendation"), widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(label=_("Due on"), required=False, widget=DATE)


class FollowUpForm(forms.Form):
    follow_up = forms.ChoiceField(label=_("Follow-up"), choices=FollowUpStatus.choices)
    note = forms.CharField(label=_("Note"), required=False)


class RatingLevelForm(forms.ModelForm):
    class Meta:
        model = RatingLevel
        fields = ["code", "name", "order", "counts_as_completed", "is_active", "source"]


KIND_CHOICES = DocumentKind.choices
