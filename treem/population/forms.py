from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

ALLOWED = (".csv", ".xlsx", ".jsonl", ".json", ".ndjson")
MAX_BYTES = 200 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Register extract"),
        help_text=_(
            "CSV, Excel (.xlsx) or JSON lines with the columns person_id, full_name, "
            "date_of_birth (YYYY-MM-DD), sex (Nam/Nữ), mother_name, father_name, ward."
        ),
    )
    unit = forms.ModelChoiceField(label=_("Area"), queryset=None, empty_label=None)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if Path(upload.name).suffix.lower() not in ALLOWED:
            raise forms.ValidationError(
                _("Only CSV, Excel (.xlsx) and JSON lines (.jsonl) files can be read.")
            )
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 200 MB."))
        return upload


class DedupeForm(forms.Form):
    unit = forms.ModelChoiceField(label=_("Area"), queryset=None, empty_label=None)

    def __init__(self, *args, units=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("reject", _("Reject"))], widget=forms.HiddenInput
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class ThresholdsForm(forms.Form):
    auto_threshold = forms.FloatField(
        label=_("Automatic link from (probability)"), min_value=0.01, max_value=1
    )
    review_threshold = forms.FloatField(
        label=_("Review from (probability)"), min_value=0.01, max_value=1
    )
    margin = forms.FloatField(
        label=_("Margin between the two best candidates"), min_value=0, max_value=1
    )
    source = forms.CharField(label=_("Source of these values"), required=False, max_length=300)

    def clean(self):
        data = super().clean()
        auto, review = data.get("auto_threshold"), data.get("review_threshold")
        if auto is not None and review is not None and review > auto:
            raise forms.ValidationError(
                _("The review threshold must not be above the automatic threshold.")
            )
        return data
